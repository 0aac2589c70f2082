"""Bulk import against the real PostgreSQL: CSV and XLSX, error reports, outbox batch
events, re-runs, moves, the safe path after conflicts, and the CLI."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from services.common.contracts import load_payload
from services.common.db import Database
from services.common.outbox import Outbox
from services.common.pii import hash_id, mask_id, mask_name
from services.registry.adapters.models import MESSAGING, SERVICE
from services.registry.use_cases.importer import ImportFailed, import_file, staging
from services.registry.use_cases.importer.vocab import id_check_char

KEY = b"integration-test-key"
OUTBOX = Outbox(SERVICE, MESSAGING)
ZH = "网格编码,楼栋编码,楼栋名称,户编码,地址,户类型,姓名,身份证号,电话,性别,出生年份,标签," \
     "健康码申领,疫苗接种,最近检测日期,最近检测结果".split(",")


def pid(n: int) -> str:
    first17 = f"44010119800101{n:03d}"
    return first17 + id_check_char(first17)


def phone(n: int) -> str:
    return f"1380000{n:04d}"


def person(grid, building, household, name, n, *, address="", kind="", tags="", test=""):
    return [grid, building, f"{building}号楼", household, address, kind, name, pid(n),
            phone(n), "", "", tags, "是", "全程接种", test, "阴性" if test else ""]


GOOD = [
    person("G1", "G1-B1", "G1-B1-101", "张伟", 1, address="幸福路1号101", tags="孤寡老人",
           test="2022-05-01"),
    person("G1", "G1-B1", "G1-B1-101", "李娜", 2),
    person("G1", "G1-B2", "G1-B2-201", "王芳", 3, address="幸福路1号201", kind="出租屋"),
    person("G2", "G2-B1", "G2-B1-101", "赵强", 4, address="和平路2号101", kind="商铺",
           tags="困境儿童、重点人员"),
]


def sample_rows() -> list[list[str]]:
    wrong_check = pid(6)[:17] + ("0" if pid(6)[17] != "0" else "1")
    return [*GOOD,
            person("G9", "G9-B1", "G9-B1-101", "钱多", 5, address="x"),  # row 6
            person("G1", "G1-B1", "G1-B1-101", "孙丽", 6)[:7] + [wrong_check] + [""] * 8,
            person("G2", "G2-B1", "G2-B1-101", "周杰", 1),  # row 8: ID of row 2 again
            person("G1", "G1-B1", "G1-B1-101", "吴敏", 8)[:8] + ["abc", "", "", "VIP"],
            [""] * 16,  # row 10: blank, skipped
            person("G2", "G2-B1", "G2-B1-102", "郑洁", 9, address="和平路2号102")]  # row 11


def write_csv(path: Path, rows, header=ZH, encoding="utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


@pytest.fixture
def db(clean_registry_db):
    database = Database(clean_registry_db, pool_size=3)
    with database.engine.begin() as conn:
        conn.execute(text("""
            insert into areas (code, level, name, parent_id, path) values
              ('C', 'city', '市', null, 'C');
            insert into areas (code, level, name, parent_id, path)
              select 'M', 'community', '社区', id, 'C/M' from areas where code = 'C';
            insert into areas (code, level, name, parent_id, path)
              select g, 'grid', '网格' || g, id, 'C/M/' || g from areas, unnest(array['G1', 'G2']) g
              where code = 'M';"""))
    yield database
    database.dispose()


def query(db: Database, sql: str, **params) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def outbox_events(db: Database, after: int = 0) -> list[tuple[str, dict, str]]:
    return [(t, json.loads(b)["data"], b) for t, b in query(
        db, "select type, body from outbox where seq > :s order by seq", s=after)]


def last_seq(db: Database) -> int:
    return query(db, "select coalesce(max(seq), 0) from outbox")[0][0]


def run(db, path, **kw):
    return import_file(db, OUTBOX, path, key=KEY, **kw)


def test_csv_imports_good_rows_and_reports_bad_ones(db, tmp_path):
    path = write_csv(tmp_path / "residents.csv", sample_rows())
    report = run(db, path)
    assert (report.rows_total, report.rows_imported, report.rows_rejected) == (9, 5, 4)
    assert (report.buildings_created, report.households_created, report.residents_created,
            report.residents_moved) == (3, 4, 5, 0)
    expected = [
        ("6", "网格编码", "unknown grid 'G9'"),
        ("7", "身份证号", "check digit does not match (mistyped?)"),
        ("8", "身份证号", "duplicate ID number: first given in row 2"),
        ("9", "电话", "must be 5-20 digits, '-' or a leading '+'"),
        ("9", "标签", "unknown tag(s) VIP; use "),
    ]
    with (tmp_path / "residents.errors.csv").open(encoding="utf-8-sig") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == ["row", "column", "reason"]
    assert [(r, c, m[:len(e[2])]) for (r, c, m), e in zip(lines[1:], expected, strict=True)] \
        == expected
    stored = query(db, 'select "row", "column", reason from import_errors order by id')
    assert [(str(r), c, m) for r, c, m in stored] == [tuple(line) for line in lines[1:]]

    (resident,) = query(db, "select r.name, r.id_hash, r.id_masked, r.phone, r.gender, "
                            "r.birth_year, r.tags, r.registration_code_applied, r.vaccination, "
                            "r.latest_test_date::text, r.latest_test_result, h.code, h.kind "
                            "from residents r join households h on h.id = r.household_id "
                            "where r.name = '张伟'")
    assert resident == ("张伟", hash_id(pid(1), KEY), mask_id(pid(1)), phone(1), "male",
                        1980, ["elderly_alone"], True, "full", "2022-05-01", "negative",
                        "G1-B1-101", "residence")
    assert query(db, "select count(*) from residents")[0][0] == 5
    assert query(db, "select status, rows_total, rows_imported, rows_rejected, "
                     "households_created, residents_created from imports") == [
        ("finished", 9, 5, 4, 4, 5)]

    events = outbox_events(db)
    for type_, data, body in events:
        load_payload(type_, data)  # every item against the contract, not only the first
        for n in range(1, 10):  # nothing of any row's ID number or phone, valid or not
            assert pid(n) not in body and phone(n) not in body
    by_type = {}
    for type_, data, _ in events:
        by_type.setdefault(type_, []).append(data)
    assert {d["grid_code"]: len(d["households"])
            for d in by_type["registry.households_imported"]} == {"G1": 2, "G2": 2}
    ids = dict(query(db, "select r.id, a.code from residents r join households h on "
                         "h.id = r.household_id join areas a on a.id = h.grid_id"))
    assert {(r["resident_id"], d["grid_code"]) for d in by_type["registry.residents_imported"]
            for r in d["residents"]} == set(ids.items())
    # each resident's name travels masked (what a volunteer's task list shows), never in
    # clear: 张伟 is 张*
    names = dict(query(db, "select id, name from residents"))
    assert {r["resident_id"]: r["name_masked"] for d in by_type["registry.residents_imported"]
            for r in d["residents"]} == {rid: mask_name(name) for rid, name in names.items()}
    shown = [json.dumps(data, ensure_ascii=False) for _, data, _ in events]
    assert all(name not in data for data in shown for name in names.values())
    (finished,) = by_type["registry.import_finished"]
    assert finished["grids"] == [{"grid_code": "G1", "households": 2, "residents": 3},
                                 {"grid_code": "G2", "households": 2, "residents": 2}]
    assert finished["rows_rejected"] == 4 and finished["import_id"] == report.import_id


def test_xlsx_is_read_with_typed_cells(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["grid_code", "building_code", "household_code", "address", "name",
                  "id_number", "phone", "birth_year", "latest_test_date",
                  "latest_test_result", "remarks"])
    sheet.append(["G1", "B1", "H1", "路1号", "Zhang Wei", pid(1), 13800000001, 1980,
                  datetime(2022, 5, 3), "negative", "ignored"])
    sheet.append(["G1", "B1", "H1", None, "Li Na", float(pid(2)), None, None, None, None])
    sheet.append([None] * 10)
    sheet.append(["G2", "B2", "H2", "路2号", "Wang Fang", pid(3), None, None, None, "阳性"])
    book.save(tmp_path / "residents.xlsx")
    report_path = tmp_path / "out" / "report.csv"
    report = run(db, tmp_path / "residents.xlsx", error_report=report_path)
    assert (report.rows_total, report.residents_created, report.rows_rejected) == (3, 1, 2)
    assert report.ignored_columns == ("remarks",)
    assert [(e.row, e.column, e.reason[:26]) for e in report.errors] == [
        (3, "id_number", "stored as a number by Exce"),
        (5, "latest_test_date", "a test needs both its date")]
    assert report_path.exists() and report.error_report == report_path
    assert query(db, "select phone, birth_year, latest_test_date::text from residents") == [
        ("13800000001", 1980, "2022-05-03")]


def test_the_same_file_again_adds_nothing(db, tmp_path):
    path = write_csv(tmp_path / "residents.csv", sample_rows())
    run(db, path)
    before, seq = query(db, "select count(*) from residents")[0][0], last_seq(db)
    again = run(db, path)
    assert (again.residents_created, again.households_created, again.buildings_created,
            again.residents_moved, again.residents_unchanged, again.rows_rejected) == (
        0, 0, 0, 0, 5, 4)
    assert query(db, "select count(*) from residents")[0][0] == before
    assert [t for t, _, _ in outbox_events(db, seq)] == ["registry.import_finished"]


def test_a_person_in_another_household_has_moved(db, tmp_path):
    first = run(db, write_csv(tmp_path / "a.csv", GOOD))
    seq = last_seq(db)
    moved = [person("G2", "G2-B1", "G2-B1-101", "李娜", 2),  # to an existing household
             person("G2", "G2-B3", "G2-B3-301", "王芳", 3, address="新房")]  # to a new one
    report = run(db, write_csv(tmp_path / "b.csv", [*moved, person(
        "G1", "G1-B1", "G1-B1-101", "新人", 7)]))
    assert (report.residents_moved, report.residents_created, report.households_created,
            report.residents_unchanged) == (2, 1, 1, 0)
    rows = query(db, "select r.name, h.code, r.version, m.cause from resident_moves m "
                     "join residents r on r.id = m.resident_id "
                     "join households h on h.id = m.to_household_id order by r.name")
    assert rows == [("李娜", "G2-B1-101", 2, f"import:{report.import_id}"),
                    ("王芳", "G2-B3-301", 2, f"import:{report.import_id}")]
    events = outbox_events(db, seq)
    moves = sorted((d["from_grid_code"], d["to_grid_code"], d["version"])
                   for t, d, _ in events if t == "registry.resident_moved")
    assert moves == [("G1", "G2", 2), ("G1", "G2", 2)]
    created = [r for t, d, _ in events if t == "registry.residents_imported"
               for r in d["residents"]]
    assert len(created) == 1 and first.import_id != report.import_id


def test_chunks_switch_between_fast_and_safe_paths(db, tmp_path):
    run(db, write_csv(tmp_path / "some.csv", [GOOD[2]]))  # 王芳 is already registered
    seq = last_seq(db)
    rows = [*GOOD, person("G1", "G1-B1", "G1-B1-101", "甲", 11),
            person("G1", "G1-B1", "G1-B1-101", "乙", 12)]
    report = run(db, write_csv(tmp_path / "all.csv", rows), chunk_rows=2)
    assert (report.residents_created, report.residents_unchanged) == (5, 1)
    assert query(db, "select count(*), count(distinct household_id) from residents") == [
        (6, 3)]
    created = {r["resident_id"]: (r["household_id"], r["tags"]) for t, d, _ in
               outbox_events(db, seq) if t == "registry.residents_imported"
               for r in d["residents"]}
    assert created == {i: (h, tags) for i, h, tags in query(
        db, "select id, household_id, tags from residents where name <> '王芳'")}


def test_codes_created_by_someone_else_meanwhile_are_reused(db, tmp_path, monkeypatch):
    run(db, write_csv(tmp_path / "a.csv", GOOD))
    households, seq = query(db, "select count(*) from households")[0][0], last_seq(db)
    # the reader's lookup misses them, as if another writer created them after it looked
    monkeypatch.setattr(staging, "lookup_codes", lambda cur, b, h: ({}, {}))
    report = run(db, write_csv(tmp_path / "b.csv", [
        person("G1", "G1-B1", "G1-B1-101", "甲", 11, address="幸福路1号101"),
        person("G1", "G1-B2", "G1-B2-201", "乙", 12, address="幸福路1号201")]), chunk_rows=1)
    assert (report.rows_rejected, report.residents_created, report.households_created,
            report.buildings_created) == (0, 2, 0, 0)
    assert query(db, "select count(*) from households")[0][0] == households
    assert dict(query(db, "select r.name, h.code from residents r join households h on "
                          "h.id = r.household_id where r.name in ('甲', '乙')")) == {
        "甲": "G1-B1-101", "乙": "G1-B2-201"}
    assert sorted(t for t, _, _ in outbox_events(db, seq)) == [
        "registry.import_finished", *["registry.residents_imported"] * 2]


def test_a_failed_import_keeps_whole_chunks_and_a_rerun_adds_the_rest(db, tmp_path,
                                                                     monkeypatch):
    path = write_csv(tmp_path / "all.csv", GOOD)
    record, calls = staging.record_progress, []

    def fail_second_chunk(cur, import_id, counts):
        calls.append(counts)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        record(cur, import_id, counts)

    monkeypatch.setattr(staging, "record_progress", fail_second_chunk)
    with pytest.raises(RuntimeError, match="went away"):
        run(db, path, chunk_rows=2)
    assert query(db, "select status, rows_total, residents_created from imports") == [
        ("failed", 2, 2)]
    assert query(db, "select count(*) from residents") == [(2,)]
    monkeypatch.undo()
    report = run(db, path, chunk_rows=2)
    assert (report.residents_created, report.residents_unchanged) == (2, 2)
    assert query(db, "select count(*), count(distinct id_hash) from residents") == [(4, 4)]


def test_gb18030_csv_from_excel_is_read(db, tmp_path):
    report = run(db, write_csv(tmp_path / "gbk.csv", GOOD[:1], encoding="gb18030"))
    assert report.residents_created == 1
    assert query(db, "select name from residents") == [("张伟",)]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.csv", None, "no such file"),
    ("residents.pdf", "x", "unsupported file type .pdf"),
    ("empty.csv", "", "the file is empty"),
    ("header.csv", "姓名,身份证号\n张伟,1\n", "missing required column(s): 网格编码/grid_code"),
])
def test_a_file_that_cannot_be_read_fails_whole(db, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(db, path)
    assert query(db, "select count(*) from imports") == [(0,)]


def test_cli_imports_with_a_summary_and_fails_in_one_line(db, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from services.cli.main import app

    monkeypatch.setenv("REGISTRY_DATABASE_URL", db.url)
    path = write_csv(tmp_path / "residents.csv", sample_rows())
    result = CliRunner().invoke(app, ["registry", "import", str(path), "--errors",
                                      str(tmp_path / "errs.csv")])
    assert result.exit_code == 0, result.output
    assert "residents created" in result.output and "4 row(s) rejected" in result.output
    assert (tmp_path / "errs.csv").exists()
    bad = CliRunner().invoke(app, ["registry", "import", str(tmp_path / "nope.xlsx")])
    assert bad.exit_code == 2
    assert bad.stderr.strip().count("\n") == 0 and "no such file" in bad.stderr
