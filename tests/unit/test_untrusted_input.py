"""Hostile bytes, without a server: every way a body can be poison is a rejection naming
the place and the reason, never a crash (issue 11, findings 2, 3 and 4)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.common import fastload, untrusted
from services.common.contracts import load_payload
from services.common.deadletters import _describe
from services.common.envelope import parse_envelope, peek_id
from services.common.inbound import Rejected
from services.common.inbound_parsing import parse_message
from services.common.web import json_api, query_args, read_json
from services.visits.adapters.capture_batch import Wanted

DEEP = 10_000


def envelope(data, **extra) -> dict:
    return {"specversion": "1.0", "id": "e-1", "source": "test", "time": "2022-05-01T08:00:00Z",
            "type": "integration.test_result_recorded", "data": data, **extra}


def deep_body() -> bytes:
    # the id and type come first, so a rejection can still name them
    head = json.dumps(envelope(None))[:-len("null}")]
    return (head + "[" * DEEP + "]" * DEEP + "}").encode()


HOSTILE = {
    "deep": deep_body(),
    "deep unclosed": b'{"id": "e-1", "data": ' + b'{"a": ' * DEEP,
    "NUL byte": json.dumps(envelope({})).encode().replace(b'"test"', b'"te\x00st"'),
    "NUL escape": json.dumps(envelope({"site": "a\u0000b"})).encode(),
    "NUL in a key": json.dumps(envelope({"a\u0000": 1})).encode(),
    "lone surrogate": json.dumps(envelope({"site": "\ud800"})).encode(),
    "invalid UTF-8": json.dumps(envelope({"site": "x"})).encode().replace(b'"x"', b'"\xff"'),
    "UTF-16": json.dumps(envelope({})).encode("utf-16"),
    "huge integer": json.dumps(envelope({"n": 10 ** 30})).encode(),
    "huge float": json.dumps(envelope({})).encode().replace(b'"data": {}', b'"data": {"n": 1e999}'),
    "NaN": json.dumps(envelope({})).encode().replace(b'"data": {}', b'"data": {"n": NaN}'),
    "over 4300 digits": json.dumps(envelope({})).encode().replace(
        b'"data": {}', b'"data": {"n": ' + b"9" * 5000 + b"}"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_bodies_are_refused_with_a_reason(name):
    with pytest.raises(untrusted.UntrustedInput) as info:
        untrusted.loads(HOSTILE[name])
    assert info.value.reason and isinstance(info.value, ValueError)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_consumer_rejects_them_instead_of_crashing(name):
    # RecursionError, an infinite float or a NUL used to escape as a crash or a
    # database error: retried five times, then dead-lettered
    for loader in (parse_envelope, fastload.envelope):
        with pytest.raises(Rejected) as info:
            parse_message(HOSTILE[name], {"integration.test_result_recorded"}, "registry",
                          loader, load_payload)
        assert info.value.reason.startswith("invalid envelope: ")
        assert all(reasons for reasons in info.value.errors.values())


def test_reasons_name_where_the_poison_is():
    def errors(body):
        with pytest.raises(ValidationError) as info:
            parse_envelope(body)
        return info.value.messages_dict

    assert errors(HOSTILE["deep"]) == {"_body": ["nested more than 64 levels deep"]}
    assert errors(HOSTILE["NUL escape"]) == {"data.site": ["contains a NUL character (\\u0000)"]}
    assert errors(json.dumps(envelope({"codes": ["ok", "\u0000"]}))) == \
        {"data.codes.1": ["contains a NUL character (\\u0000)"]}
    assert list(errors(HOSTILE["huge integer"])) == ["data.n"]
    assert errors(HOSTILE["invalid UTF-8"])["_body"][0].startswith("not valid UTF-8")


def test_ordinary_bodies_parse_as_json_loads_does():
    body = json.dumps(envelope({"id_number": "11010119900307777X", "n": 2 ** 62, "x": 1.5,
                                "s": "广州 \\u0000 escaped backslash", "l": [[[{}]]]}))
    assert untrusted.loads(body.encode()) == json.loads(body)
    wide = {"rows": [{"a": i} for i in range(500)]}  # many containers, none deep
    assert untrusted.loads(json.dumps(wide)) == wide
    with pytest.raises(untrusted.UntrustedInput, match="larger than 10 bytes"):
        untrusted.loads(b'{"a": "0123456789"}', max_bytes=10)


def test_a_poison_message_still_names_its_id_and_type_when_it_can():
    assert peek_id(HOSTILE["NUL escape"]) == ("e-1", "integration.test_result_recorded")
    assert peek_id(HOSTILE["lone surrogate"]) == ("e-1", "integration.test_result_recorded")
    # a body that does not parse names nothing: its id read anyway and recorded as
    # rejected would make the sender's corrected resend a duplicate
    assert peek_id(HOSTILE["deep"]) == (None, None)
    # an id that itself holds NUL cannot be kept in a text column: no id
    assert peek_id(json.dumps(envelope({}, id="e\u00001")))[0] is None
    assert peek_id(b"\x00\xff") == (None, None)


def test_a_poison_message_does_not_stop_the_visits_of_its_batch():
    def visit(n: int) -> bytes:
        return json.dumps({"id": f"e{n}", "type": "integration.visit_captured",
                           "data": {"visit_id": f"v-0000000{n}", "campaign_id": "c1",
                                    "household_code": f"H{n}", "visitor_id": "V1"}}).encode()

    poison = [HOSTILE["deep"], HOSTILE["deep unclosed"],
              json.dumps({"data": {"campaign_id": "c\u00002", "household_code": "\ud800"}})]
    wanted = Wanted.peek([visit(1), *poison, visit(2)])
    assert wanted == Wanted(visit_ids={"v-00000001", "v-00000002"}, campaigns={"c1"},
                            households={"H1", "H2"}, visitors={"V1"})


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_dead_letter_that_is_poison_can_be_listed(name):
    props = SimpleNamespace(headers={"x-wangge-error": "RecursionError"}, message_id="m1")
    letter = _describe(1, props, HOSTILE[name], "registry.integration.dead")
    assert isinstance(letter.body, str) and "\x00" not in letter.body
    assert json.dumps(letter.to_dict(), ensure_ascii=False).encode()  # printable as JSON
    assert letter.queue == "registry.integration"


def test_a_kept_body_has_no_nul_and_no_lone_surrogate():
    kept = untrusted.dumps_kept({"a": "x\u0000y", "b": "\ud800", "c": "广州"})
    kept.encode("utf-8")
    assert "\x00" not in kept and json.loads(kept)["a"] == "x\u0000y"
    assert untrusted.printable(b"a\x00b\xff") == "a\\x00b\ufffd"


# -- HTTP ----------------------------------------------------------------------------------
def request(path: str = "/", body: bytes | None = None, query: str = "") -> Request:
    return Request(EnvironBuilder(path=path, method="POST" if body else "GET", data=body,
                                  query_string=query).get_environ())


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_http_body_is_a_400_naming_the_problem(name):
    with pytest.raises(ValidationError) as info:
        read_json(request(body=HOSTILE[name]))
    assert info.value.messages


def test_nul_in_a_json_body_names_the_field():
    body = json.dumps({"area_codes": ["\u0000"]}).encode()
    with pytest.raises(ValidationError) as info:
        read_json(request(body=body))
    assert info.value.messages == {"area_codes.0": ["contains a NUL character (\\u0000)"]}


class Listing(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    grid = fields.String(load_default=None)
    ids = fields.List(fields.Integer(), load_default=list)


class Api:
    seen: list = []

    @json_api
    def area(self, request, code):
        self.seen.append(code)
        return {"code": code}

    @json_api
    def listing(self, request):
        return query_args(request, Listing(), repeatable=("ids",))


@pytest.mark.parametrize(("path", "query", "field"), [
    ("/areas/a%00b", "", "code"),
    ("/areas/a", "grid=D%00", "grid"),
])
def test_nul_in_a_path_or_a_query_is_a_400_before_any_handler(path, query, field):
    api = Api()
    req = request(path, query=query)
    response = api.area(req, code=req.path.rsplit("/", 1)[-1])
    assert response.status_code == 400
    assert json.loads(response.get_data())["errors"] == \
        {field: ["must not contain a NUL character (%00)"]}
    assert api.seen == []


@pytest.mark.parametrize("query", ["offset=99999999999999999999",
                                   "ids=-99999999999999999999",
                                   "ids=1&ids=99999999999999999999"])
def test_huge_numbers_in_a_query_are_a_400(query):
    response = Api().listing(request(query=query))
    assert response.status_code == 400
    errors = json.loads(response.get_data())["errors"]
    assert list(errors) == [query.split("=")[0]] and "at most" in next(iter(errors.values()))[0]


def test_ordinary_queries_still_load():
    response = Api().listing(request(query="offset=2147483647&limit=10&ids=1&ids=2"))
    assert response.status_code == 200
    assert json.loads(response.get_data()) == {"offset": 2147483647, "limit": 10, "grid": None,
                                               "ids": [1, 2]}


# -- campaign files (POST /campaigns/import): YAML or JSON -----------------------------------
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize(("text", "filename", "reason"), [
    ("[" * DEEP + "]" * DEEP, "c.json", "nested more than 64 levels deep"),
    ("a: " + "[" * DEEP + "]" * DEEP, "c.yaml", "nested more than 64 levels deep"),
    ('{"area_codes": ["\\u0000"]}', "c.json", "area_codes.0: contains a NUL character"),
    ('area_codes: ["\\0"]', "c.yaml", "area_codes.0: contains a NUL character"),
    (LAUGHS, "c.yaml", "holds more than 1000000 values"),
])
def test_a_poison_campaign_file_is_refused_with_a_reason(text, filename, reason):
    from services.visits.domain.questionnaire import QuestionnaireError, parse_document

    with pytest.raises(QuestionnaireError) as info:
        parse_document(text, filename)
    assert reason in str(info.value)


@pytest.mark.parametrize("content", [
    "volunteer_id,unit_id,name\nv1,U1,张\x00三\n".encode(),
    "volunteer_id,unit_id,name\nv1,U1,张三\n".encode("utf-16"),
])
def test_a_roster_with_nul_is_refused_before_it_reaches_the_database(content):
    from services.dispatch.domain.roster_rows import RosterUnreadable, read_table

    with pytest.raises(RosterUnreadable, match="NUL"):
        read_table(content, "csv")


@pytest.mark.parametrize("body", [
    b'{"wangge_freeze_probe": "2026-12-07", "x": ' + b"[" * DEEP + b"]" * DEEP + b"}",
    b'{"wangge_freeze_probe": "2026-12-07", "token": "a\\u0000"}',
])
def test_a_poison_shaped_like_a_freeze_probe_is_ignored_not_a_crash(body):
    from services.common.inbound import Incoming
    from services.reporting.use_cases.freeze_probes import is_probe, seen

    message = Incoming(body=body)
    assert is_probe(message)
    assert seen(None, "registry", message) is None  # refused before any database work
