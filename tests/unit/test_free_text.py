"""Identifiers typed into free text are masked before it is kept (services/common/free_text)."""

from __future__ import annotations

import pytest

from services.common.free_text import mask_identifiers, mask_in

ID = "440106195001011234"
MOBILE = "13800138000"


@pytest.mark.parametrize(("text", "masked"), [
    (f"王阿姨 {MOBILE}，身份证{ID}，腿脚不便",
     "王阿姨 138****8000，身份证4401**********1234，腿脚不便"),
    (f"ID{ID}", "ID4401**********1234"),                     # right after letters
    ("身份证 44010619500101123X。", "身份证 4401**********123X。"),
    ("身份证 440106 19500101 1234", "身份证 4401**********1234"),
    ("身份证 440106-1950-0101-1234", "身份证 4401**********1234"),
    ("证件 4401 0619 9910 1326 83", "证件 4401**********2683"),  # read out in fours
    ("证件４４０１-０６１９-９９１０-１３２６-８Ｘ。", "证件４４０１**********２６８Ｘ。"),
    ("卡号 6222 0202 0011 2233 445", "卡号 6222***********3445"),
    ("卡号 6222-0202-0011-2233", "卡号 6222********2233"),
    ("老身份证440106500101123", "老身份证4401*******1123"),    # 15 digits
    ("银行卡6222020200112233445", "银行卡6222***********3445"),
    ("手机 138 0013 8000", "手机 138****8000"),
    ("手机138-0013-8000", "手机138****8000"),
    ("+86 13800138000 或 008613800138000", "+86 138****8000 或 0086*******8000"),
    ("电话020-87654321", "电话020-****4321"),
    ("全角１３８００１３８０００", "全角１３８****８０００"),
])
def test_identifiers_are_masked(text, masked):
    assert mask_identifiers(text) == masked
    assert ID not in mask_identifiers(text) and MOBILE not in mask_identifiers(text)


@pytest.mark.parametrize("text", [
    "2026-12-07 08:00 上门，3号楼2单元502，家中2人",
    "体温36.5，血压120/80，药费300元",
    "订单o-12345678 批次4", "", None,
    "2024 0501 0930",  # three groups of four are no card
])
def test_ordinary_text_is_kept(text):
    assert mask_identifiers(text) == text


def test_answers_are_masked_everywhere_in_them():
    answers = {"q1": True, "q2": 3, "q3": f"联系 {MOBILE}",
               "q4": ["a", f"{ID}"], "q5": {"note": f"电话{MOBILE}"}}
    assert mask_in(answers) == {"q1": True, "q2": 3, "q3": "联系 138****8000",
                                "q4": ["a", "4401**********1234"],
                                "q5": {"note": "电话138****8000"}}


def test_a_request_keeps_its_notes_and_assignee_masked():
    from datetime import UTC, datetime

    from services.visits.domain.requests import RequestError, assign, raise_request, resolve

    t0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    req = raise_request("r1", "medical", "normal", t0, note=f" 身份证{ID} ")
    req = assign(req, f"社区医院 李医生 {MOBILE}", t0, None, note=f"电话{MOBILE}")
    # the same department named again, phone and all, is no transfer
    with pytest.raises(RequestError, match="already assigned"):
        assign(req, f"社区医院 李医生 {MOBILE}", t0, None)
    req = resolve(req, t0, None, note="已送药")
    assert req.assignee == "社区医院 李医生 138****8000"
    assert [h.note for h in req.history] == ["身份证4401**********1234", "电话138****8000",
                                             "已送药"]
