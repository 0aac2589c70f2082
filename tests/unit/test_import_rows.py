"""Import rows without a server: header mapping, row validation reasons, tags, catalog."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from services.common.pii import hash_id, mask_id
from services.registry.use_cases.importer.catalog import Catalog, Chunk
from services.registry.use_cases.importer.headers import HeaderError, map_header
from services.registry.use_cases.importer.readers import _cell
from services.registry.use_cases.importer.report import RowError
from services.registry.use_cases.importer.rows import IdHasher, Parsed, RowParser, copy_text
from services.registry.use_cases.importer.vocab import id_check_char

ZH = ["网格编码", "楼栋编码", "楼栋名称", "户编码", "地址", "户类型", "姓名", "身份证号", "电话",
      "性别", "出生年份", "标签", "健康码申领", "疫苗接种", "最近检测日期", "最近检测结果"]
EN = ["grid_code", "building_code", "building_name", "household_code", "address",
      "household_kind", "name", "id_number", "phone", "gender", "birth_year", "tags",
      "registration_code_applied", "vaccination", "latest_test_date", "latest_test_result"]
KEY = b"unit-test-key"
TODAY = date(2024, 6, 1)
ID_A = "11010519491231002X"  # valid check character
ID_B = "440101192501010008"


def row(**over) -> list[str]:
    values = {"grid_code": "G1", "building_code": "G1-B1", "building_name": "1号楼",
              "household_code": "G1-B1-101", "address": "幸福路1号", "household_kind": "住宅",
              "name": "张伟", "id_number": ID_A, "phone": "13800000000", "gender": "",
              "birth_year": "", "tags": "", "registration_code_applied": "是",
              "vaccination": "全程接种", "latest_test_date": "", "latest_test_result": ""}
    values.update(over)
    return [values[k] for k in EN]


@pytest.fixture
def parser() -> RowParser:
    return RowParser(map_header(ZH), {"G1": 1, "G2": 2}, KEY, TODAY)


def errors_of(result) -> list[tuple[str, str]]:
    assert isinstance(result, list), f"expected errors, got {result}"
    return [(e.column, e.reason) for e in result]


def resident_fields(parsed: Parsed) -> list[str]:
    return parsed.resident.rstrip("\n").split("\t")


# -- headers ---------------------------------------------------------------------------
def test_chinese_and_english_headers_map_to_the_same_columns():
    zh, en = map_header(ZH), map_header(EN)
    assert zh.index == en.index
    assert zh.label("id_number") == "身份证号" and en.label("id_number") == "id_number"


def test_header_spelling_is_forgiving_and_unknown_columns_are_listed():
    cols = map_header(["Grid Code", "BUILDING-CODE", " 户编码* ", "姓名", "ID_Number", "备注"])
    assert cols.index == {"grid_code": 0, "building_code": 1, "household_code": 2, "name": 3,
                          "id_number": 4}
    assert cols.ignored == ("备注",)
    assert cols.at("phone") == -1  # absent optional columns read the empty last cell


def test_missing_required_columns_are_named():
    with pytest.raises(HeaderError, match="身份证号/id_number") as exc:
        map_header(["网格编码", "楼栋编码", "户编码", "姓名"])
    assert "网格编码" not in str(exc.value)


def test_two_headers_for_one_column_are_refused():
    with pytest.raises(HeaderError, match="both mean phone"):
        map_header([*ZH, "手机"])


# -- one valid row ---------------------------------------------------------------------
def test_a_valid_row_becomes_copy_text(parser):
    parsed = parser.parse(row(tags="孤寡老人、残疾", latest_test_date="2022/5/1",
                              latest_test_result="阴性"), 2)
    assert isinstance(parsed, Parsed)
    assert (parsed.grid_id, parsed.building_code, parsed.household_code, parsed.kind) == (
        1, "G1-B1", "G1-B1-101", "residence")
    assert parsed.id_hash == hash_id(ID_A, KEY)
    assert parsed.tags == "{disabled,elderly_alone}"
    assert resident_fields(parsed) == [
        "张伟", hash_id(ID_A, KEY), mask_id(ID_A), "13800000000", "female", "1949",
        "{disabled,elderly_alone}", "t", "full", "2022-05-01", "negative"]


def test_optional_cells_default_and_missing_columns_read_empty():
    parser = RowParser(map_header(["网格编码", "楼栋编码", "户编码", "地址", "姓名", "身份证号"]),
                       {"G1": 1}, KEY, TODAY)
    parsed = parser.parse(["G1", "B1", "H1", "路1号", "李娜", ID_B.lower()], 2)
    assert parsed.building_name == "B1"  # a new building is named by its code
    assert resident_fields(parsed)[3:] == ["\\N", "female", "1925", "{}", "f", "none", "\\N",
                                           "\\N"]


def test_lower_case_x_and_english_values_are_accepted(parser):
    parsed = parser.parse(row(id_number=ID_A.lower(), household_kind="Rental", gender="F",
                              registration_code_applied="No", vaccination="BOOSTER",
                              latest_test_date="20220501", latest_test_result="pending",
                              phone="138 0000 0000", birth_year="1950"), 3)
    assert parsed.id_hash == hash_id(ID_A, KEY) and parsed.kind == "rental"
    assert resident_fields(parsed)[3:] == ["13800000000", "female", "1950", "{}", "f",
                                           "booster", "2022-05-01", "pending"]


def test_free_text_is_escaped_for_copy(parser):
    parsed = parser.parse(row(name="张\t伟", address="A\\B"), 2)
    assert parsed.address == "A\\\\B"
    assert resident_fields(parsed)[0] == "张\\t伟"
    assert copy_text("a\nb\rc\x00") == "a\\nb\\rc"


# -- reasons ---------------------------------------------------------------------------
@pytest.mark.parametrize(("cells", "column", "reason"), [
    ({"grid_code": "G9"}, "网格编码", "unknown grid 'G9'"),
    ({"grid_code": ""}, "网格编码", "required"),
    ({"building_code": "B 1"}, "楼栋编码", "must be 1-64 letters, digits, '_', '-' or '.'"),
    ({"household_code": ""}, "户编码", "required"),
    ({"household_kind": "别墅"}, "户类型",
     "unknown kind '别墅'; use residence/住宅, rental/出租屋, shop/商铺, enterprise/企业"),
    ({"name": ""}, "姓名", "required"),
    ({"name": "名" * 101}, "姓名", "longer than 100 characters"),
    ({"id_number": ""}, "身份证号", "required"),
    ({"id_number": "1101051949123100"}, "身份证号", "must be 17 digits then a digit or X"),
    ({"id_number": "110105194912310021"}, "身份证号", "check digit does not match"),
    ({"id_number": "1.10105194912310e+17"}, "身份证号", "stored as a number by Excel"),
    ({"id_number": "110105300012310020"}, "身份证号", "the birth date in it is not valid"),
    ({"phone": "call me"}, "电话", "must be 5-20 digits, '-' or a leading '+'"),
    ({"gender": "X"}, "性别", "unknown gender 'X'"),
    ({"birth_year": "1850"}, "出生年份", "'1850' is not a year between 1900 and 2024"),
    ({"tags": "孤寡老人,VIP"}, "标签", "unknown tag(s) VIP; use elderly_alone/孤寡老人, "),
    ({"tags": "13812345678"}, "标签", "unknown tag(s) 138********; use"),
    ({"grid_code": "440101199001011234"}, "网格编码", "unknown grid '440***************'"),
    ({"grid_code": "13812345678"}, "网格编码", "unknown grid '138********'"),
    # an area code is the operator's key to the mistake, not personal data (issue 11 #16)
    ({"grid_code": "441302001001G99"}, "网格编码", "unknown grid '441302001001G99'"),
    ({"grid_code": "4413020010019"}, "网格编码", "unknown grid '4413020010019'"),
    ({"registration_code_applied": "maybe"}, "健康码申领", "'maybe' is not 是/否 or yes/no"),
    ({"vaccination": "两针"}, "疫苗接种", "unknown value '两针'"),
    ({"latest_test_date": "2022-02-30", "latest_test_result": "阴性"}, "最近检测日期",
     "'2022-02-30' is not a date (use YYYY-MM-DD)"),
    ({"latest_test_date": "2024-06-02", "latest_test_result": "阴性"}, "最近检测日期",
     "2024-06-02 is in the future"),
    ({"latest_test_result": "阴性"}, "最近检测日期", "a test needs both its date and its result"),
    ({"latest_test_date": "2022-05-01"}, "最近检测结果",
     "a test needs both its date and its result"),
    ({"latest_test_date": "2022-05-01", "latest_test_result": "弱阳"}, "最近检测结果",
     "unknown result '弱阳'"),
])
def test_each_bad_cell_is_reported_with_row_column_and_reason(parser, cells, column, reason):
    errors = parser.parse(row(**cells), 7)
    assert len(errors) == 1, errors
    assert errors[0].row == 7 and errors[0].column == column
    assert errors[0].reason.startswith(reason), errors[0].reason


def test_every_bad_cell_of_a_row_is_reported_and_no_clear_id_or_phone(parser):
    bad_id = "110105194912310021"
    errors = parser.parse(row(grid_code="", id_number=bad_id, phone="12ab", tags="VIP"), 4)
    assert [e.column for e in errors] == ["网格编码", "身份证号", "电话", "标签"]
    assert all(bad_id not in e.reason and "12ab" not in e.reason for e in errors)


def test_reasons_use_the_files_own_headers():
    english = RowParser(map_header(EN), {"G1": 1}, KEY, TODAY)
    assert errors_of(english.parse(row(name=""), 2)) == [("name", "required")]


# -- tags ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "literal"), [
    ("孤寡老人", "{elderly_alone}"),
    ("困境儿童、重点人员", "{child_in_need,key_person}"),
    ("来/返人员，残疾人; 残疾", "{disabled,returnee}"),
    ("returnee,Key_Person", "{key_person,returnee}"),
    ("孕妇；慢病、退役军人、低保户", "{chronic_illness,low_income,pregnant,veteran}"),
    ("", "{}"),
])
def test_tag_labels_map_to_codes(parser, text, literal):
    assert parser.parse(row(tags=text), 2).tags == literal


# -- hashing and check characters --------------------------------------------------------
@pytest.mark.parametrize("key", [b"k", b"wangge-dev-only-key-change-me", b"x" * 64, b"y" * 100])
def test_fast_hash_is_exactly_the_registrys_hash(key):
    assert IdHasher(key)(ID_A) == hash_id(ID_A, key)


def test_check_character_follows_gb11643():
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    for first17 in ("11010519491231002", "44010119250101000", "99999999999999999"):
        expected = "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights,
                                                                  strict=True)) % 11]
        assert id_check_char(first17) == expected


def test_xlsx_cells_read_as_typed_text():
    assert _cell(None) == "" and _cell(13800000000.0) == "13800000000" and _cell(3) == "3"
    assert _cell(datetime(2022, 5, 1)) == "2022-05-01" and _cell(date(2022, 5, 1)) == "2022-05-01"
    assert "e+" in _cell(110105194912310021.0)  # precision already lost: rejected later


# -- rules across rows -------------------------------------------------------------------
class FakeLookup:
    def __init__(self, buildings=None, households=None):
        self.buildings, self.households, self.asked = buildings or {}, households or {}, []

    def __call__(self, buildings, households):
        self.asked.append((set(buildings), set(households)))
        return ({c: self.buildings[c] for c in buildings if c in self.buildings},
                {c: self.households[c] for c in households if c in self.households})


def place(parser, rows, lookup=None) -> Chunk:
    catalog = Catalog(parser.columns, parser.grids, lookup or FakeLookup())
    chunk = Chunk()
    catalog.place([parser.parse(cells, n) for n, cells in enumerate(rows, start=2)], chunk)
    return chunk


def test_first_row_of_an_id_number_wins(parser):
    chunk = place(parser, [row(), row(household_code="G1-B1-102"), row(id_number=ID_B)])
    assert chunk.rejected == 1 and len(chunk.residents) == 2
    assert chunk.errors == [RowError(3, "身份证号", "duplicate ID number: first given in row 2")]


def test_households_and_buildings_are_created_once_with_their_first_row(parser):
    chunk = place(parser, [row(), row(id_number=ID_B, address="", household_kind="")])
    assert chunk.new_buildings == [("G1-B1", "1号楼", 1)]
    assert chunk.new_households == [("G1-B1-101", "residence", "幸福路1号", "G1-B1", 1, "G1")]


def test_a_new_household_needs_an_address(parser):
    chunk = place(parser, [row(address="")])
    assert chunk.errors == [RowError(2, "地址", "required for a new household")]


def test_a_place_contradicting_the_file_or_the_database_is_rejected(parser):
    lookup = FakeLookup(buildings={"OLD-B": (7, 2)},
                        households={"OLD-H": (9, "OLD-B", "G2")})
    chunk = place(parser, [
        row(),
        row(id_number=ID_B, grid_code="G2"),  # G1-B1 is in G1 (earlier row)
        row(id_number="440102192501010004", building_code="OLD-B",
            household_code="G1-H2"),  # OLD-B is in G2
        row(id_number="440103192501010000", grid_code="G2", building_code="G2-B9",
            household_code="OLD-H"),  # OLD-H is in OLD-B
    ], lookup)
    assert chunk.errors == [
        RowError(3, "楼栋编码", "building G1-B1 is in grid G1, not G2"),
        RowError(4, "楼栋编码", "building OLD-B is in grid G2, not G1"),
        RowError(5, "户编码", "household OLD-H is in building OLD-B, not G2-B9"),
    ]
    assert lookup.asked == [({"G1-B1", "OLD-B", "G2-B9"}, {"G1-B1-101", "G1-H2", "OLD-H"})]


def test_known_codes_are_looked_up_once(parser):
    lookup = FakeLookup(households={"H-DB": (5, "G1-B1", "G1")}, buildings={"G1-B1": (3, 1)})
    catalog = Catalog(parser.columns, parser.grids, lookup)
    for n, id_number in enumerate((ID_A, ID_B), start=2):
        chunk = Chunk()
        catalog.place([parser.parse(row(id_number=id_number, household_code="H-DB"), n)],
                      chunk)
        assert not chunk.errors and not chunk.new_households
    assert len(lookup.asked) == 1
