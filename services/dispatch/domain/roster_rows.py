"""Reading a volunteer roster (CSV or XLSX) into checked rows. Pure functions.

Every problem is reported as (row, column, reason): the row number as the spreadsheet
shows it (the header is row 1) and the column as the file names it. A row, once its cells
are read, is checked as POST /volunteers checks a body: the edge hands that check in
(entrypoints/schemas.volunteer_row), so both read the same rules and this module needs no
schema library.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from services.common.errors import Refused
from services.dispatch.domain.model import HALVES_TAKEN

MAX_ROWS = 10_000
# column → the headers a roster may use for it (English or Chinese)
HEADERS = {
    "volunteer_id": ("volunteer_id", "id", "编号", "工号"),
    "unit_id": ("unit_id", "unit", "单位编号"),
    "name": ("name", "姓名"),
    "phone": ("phone", "手机", "手机号", "电话"),
    "party_member": ("party_member", "党员"),
    "skills": ("skills", "技能", "特长"),
    "weekdays": ("weekdays", "可用星期", "星期"),
    "halves": ("halves", "时段"),
    "blackout": ("blackout", "不可用日期"),
    "weekly_limit": ("weekly_limit", "每周上限"),
    "active": ("active", "在岗"),
}
REQUIRED = ("volunteer_id", "name")
_ALIASES = {alias.lower(): column for column, aliases in HEADERS.items() for alias in aliases}
_TRUE = {"是", "true", "yes", "y", "1", "√", "党员"}
_FALSE = {"否", "false", "no", "n", "0", "群众"}
_SPLIT = re.compile(r"[,，、;；\s]+")
_RANGE = re.compile(r"^(.+?)\s*(?:-|~|至|到)\s*(.+)$")
# ISO 8601 numbers weekdays 1 (Monday) … 7 (Sunday); the API's 0 … 6 is date.weekday()
_DAYS = {**{str(n): n - 1 for n in range(1, 8)},
         **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
         **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday",
                                              "friday", "saturday", "sunday"))},
         **{c: i for i, c in enumerate("一二三四五六日")}, "天": 6}
_HALVES = {**{half: list(taken) for half, taken in HALVES_TAKEN.items()},
           "上午": ["am"], "下午": ["pm"], "全天": ["am", "pm"], "both": ["am", "pm"]}


class RosterUnreadable(ValueError):
    """The file cannot be read as a roster at all: nothing of it is imported."""


# a row's fields → the volunteer to enrol, or Refused naming each column's first reason
RowCheck = Callable[[dict], dict]


@dataclass
class Parsed:
    rows: list[tuple[int, dict]] = field(default_factory=list)   # (row number, volunteer)
    errors: list[dict] = field(default_factory=list)
    total: int = 0
    titles: dict[str, str] = field(default_factory=dict)   # column → header in the file
    header: list[str] = field(default_factory=list)

    def sort_errors(self, errors: list[dict]) -> list[dict]:
        """By row, then in the file's column order."""
        place = {title: i for i, title in enumerate(self.header)}
        return sorted(errors, key=lambda e: (e["row"], place.get(e["column"], len(place))))


def read_table(content: bytes, kind: str) -> list[list[str]]:
    """The first sheet's rows as text, the header included."""
    if kind == "csv":
        if b"\x00" in content:  # PostgreSQL text refuses NUL; UTF-16 files are full of it
            raise RosterUnreadable("contains NUL bytes (UTF-16 text?); save it as CSV UTF-8")
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return [row for row in csv.reader(io.StringIO(content.decode(encoding)))]
            except UnicodeDecodeError:
                continue
            except csv.Error as exc:
                raise RosterUnreadable(f"not a readable CSV file ({exc})") from None
        raise RosterUnreadable("not UTF-8 or GB18030 text; save it as CSV UTF-8")
    if kind == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors alike
            raise RosterUnreadable(f"not a readable XLSX workbook ({exc})") from None
        try:
            return [[_cell(v) for v in values]
                    for values in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    raise RosterUnreadable(f"unsupported format {kind!r}; use csv or xlsx")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def header_columns(header: list[str]) -> list[str | None]:
    """Each header cell's column; raises RosterUnreadable naming unknown or missing ones."""
    columns = [_ALIASES.get(h.strip().lower()) if h.strip() else None for h in header]
    unknown = [h for h, c in zip(header, columns, strict=True) if h.strip() and c is None]
    if unknown:
        raise RosterUnreadable(f"unknown column(s) {', '.join(unknown)}; known: "
                               f"{', '.join(HEADERS)}")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise RosterUnreadable(f"missing column(s) {', '.join(missing)}")
    return columns


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("write 是/否 or yes/no")


def _weekdays(text: str) -> list[int]:
    if text.strip().lower() in ("每天", "all", "daily"):
        return list(range(7))
    days: set[int] = set()
    for token in _SPLIT.split(text.strip()):
        token = token.lower().removeprefix("星期").removeprefix("周")
        span = _RANGE.match(token)
        ends = [span.group(1), span.group(2).removeprefix("周")] if span else [token]
        numbers = [_DAYS.get(end) for end in ends]
        if None in numbers:
            raise ValueError(f"{token!r} is not a weekday (Mon…Sun, 一…日, or 1…7 for "
                             "Monday…Sunday)")
        first, last = numbers[0], numbers[-1]
        days.update(range(first, last + 1) if first <= last else
                    [*range(first, 7), *range(0, last + 1)])
    return sorted(days)


def _halves(text: str) -> list[str]:
    out: set[str] = set()
    for token in _SPLIT.split(text.strip().lower()):
        if token not in _HALVES:
            raise ValueError(f"{token!r} is not am/pm (上午/下午/全天)")
        out.update(_HALVES[token])
    return sorted(out)


def _dates(text: str) -> list[str]:
    out = []
    for token in _SPLIT.split(text.strip()):
        try:
            out.append(datetime.strptime(token.replace("/", "-"), "%Y-%m-%d").date()
                       .isoformat())
        except ValueError:
            raise ValueError(f"{token!r} is not a date like 2030-03-04") from None
    return out


def _whole(text: str) -> int:
    # a spreadsheet's number is text here ("2", "2.0"); the schema takes JSON integers only
    value = text.strip()
    number = float(value) if value.replace(".", "", 1).isdigit() else None
    if number is None or not number.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


CONVERT = {"weekly_limit": _whole, "party_member": _bool, "active": _bool,
           "weekdays": _weekdays, "halves": _halves,
           "blackout": _dates, "skills": lambda t: [s.lower() for s in _SPLIT.split(t.strip())]}


def parse_roster(table: list[list[str]], default_unit: str | None,
                 check: RowCheck) -> Parsed:
    """Check every row; valid rows become what `check` makes of them (VolunteerCreate
    payloads)."""
    if not table:
        raise RosterUnreadable("the file is empty")
    header, body = table[0], table[1:]
    columns = header_columns(header)
    if default_unit is None and "unit_id" not in columns:
        raise RosterUnreadable("no unit: add a unit_id column or give ?unit=")
    if len(body) > MAX_ROWS:
        raise RosterUnreadable(f"{len(body)} rows; import at most {MAX_ROWS} at a time")
    titles = {c: h for h, c in zip(header, columns, strict=True) if c}
    parsed, seen = Parsed(titles=titles, header=header), {}
    for number, cells in enumerate(body, start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.total += 1
        raw, errors = {"unit_id": default_unit}, []
        for title, column, text in zip(header, columns, cells, strict=False):
            if column is None or not text.strip():
                continue
            try:
                raw[column] = CONVERT[column](text) if column in CONVERT else text.strip()
            except ValueError as exc:
                errors.append({"row": number, "column": title, "reason": str(exc)})
        failed = {e["column"] for e in errors}
        if not raw.get("volunteer_id"):
            errors.append({"row": number, "column": titles["volunteer_id"],
                           "reason": "required: a new import matches volunteers by it"})
        try:
            volunteer = check(raw)
        except Refused as exc:
            for column, reason in exc.problems:
                title = titles.get(column, column)
                if title not in failed:
                    errors.append({"row": number, "column": title, "reason": reason})
        else:
            earlier = seen.get(volunteer["volunteer_id"])
            if earlier is not None:
                errors.append({"row": number, "column": titles["volunteer_id"],
                               "reason": f"{volunteer['volunteer_id']} is also on row {earlier}"})
        if errors:
            parsed.errors.extend(errors)
            continue
        seen[volunteer["volunteer_id"]] = number
        parsed.rows.append((number, volunteer))
    return parsed
