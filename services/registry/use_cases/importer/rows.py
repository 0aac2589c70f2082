"""Validating one row of the template, fast: no schema, no ORM, precompiled checks only.

A valid row becomes a `Parsed` tuple whose resident part is already a line of PostgreSQL
COPY text; an invalid row becomes one `RowError` per bad cell. ID numbers and phones are
never quoted back in a reason (docs/architecture.md rule 9).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import NamedTuple

from services.common.free_text import mask_identifiers
from services.registry.use_cases.importer.headers import Columns
from services.registry.use_cases.importer.report import RowError
from services.registry.use_cases.importer.vocab import (
    BOOLEANS,
    GENDERS,
    KINDS,
    RESULTS,
    TAGS,
    VACCINATIONS,
    choices,
    id_check_char,
)

CODE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")  # the same rule as the registry's HTTP schemas
ID_NUMBER = re.compile(r"\d{17}[\dXx]")
PHONE = re.compile(r"\+?[\d-]{5,20}")
DATE = re.compile(r"(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
TAG_SPLIT = re.compile(r"\s*[,，、;；]\s*")
NEEDS_ESCAPE = re.compile(r"[\x00-\x1f\\]")
DIGIT_RUN = re.compile(r"\d{7,}")
# what an area code must not be mistaken for: an ID number or a mobile number
IDENTITY_RUN = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|1[3-9]\d{9})(?!\d)")
MAX_NAME, MAX_ADDRESS, MAX_BUILDING_NAME = 100, 300, 200
NULL = "\\N"


class Parsed(NamedTuple):
    row: int
    grid_id: int
    grid_code: str
    building_code: str
    building_name: str
    household_code: str
    kind: str
    address: str
    id_hash: str
    tags: str  # as a PostgreSQL array literal, e.g. {disabled,elderly_alone}
    resident: str  # COPY text of the resident columns after household_id, with "\n"


def copy_text(value: str) -> str:
    """Escape a free-text value for COPY's text format (rare: checked before replacing)."""
    if NEEDS_ESCAPE.search(value) is None:
        return value
    value = value.replace("\\", "\\\\").replace("\x00", "")
    return value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class IdHasher:
    """HMAC-SHA256 exactly as `services.common.pii.hash_id`, with the key's inner and outer
    pads hashed once: copying two prepared states per ID is ~2.5x faster than hmac.new."""

    def __init__(self, key: bytes) -> None:
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key)).copy
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key)).copy

    def __call__(self, normalised_id: str) -> str:
        inner = self._inner()
        inner.update(normalised_id.encode())
        outer = self._outer()
        outer.update(inner.digest())
        return outer.hexdigest()


class RowParser:
    def __init__(self, columns: Columns, grids: dict[str, int], key: bytes,
                 today: date) -> None:
        self.columns, self.grids, self.today = columns, grids, today
        self.hash_id = IdHasher(key)
        at = columns.at
        self._at = tuple(at(k) for k in (
            "grid_code", "building_code", "building_name", "household_code", "address",
            "household_kind", "name", "id_number", "phone", "gender", "birth_year", "tags",
            "registration_code_applied", "vaccination", "latest_test_date",
            "latest_test_result"))
        # per-file caches: the same dates, tag lists and years repeat on thousands of rows
        self._tags: dict[str, str | tuple[str, str]] = {"": "{}"}
        self._dates: dict[str, str | tuple[str, str]] = {"": NULL}
        self._years: dict[str, str | tuple[str, str]] = {}

    def parse(self, cells: list[str], row: int) -> Parsed | list[RowError]:
        if len(cells) != self.columns.width:
            cells = (cells + [""] * self.columns.width)[:self.columns.width]
        cells.append("")  # what absent optional columns (index -1) read
        (grid, bcode, bname, hcode, address, kind, name, idn, phone, gender, year, tags,
         applied, vacc, tdate, tresult) = [cells[i].strip() for i in self._at]
        bad: list[tuple[str, str]] = []

        grid_id = self.grids.get(grid)
        if grid_id is None:
            bad.append(("grid_code", f"unknown grid {_shown(grid, code=True)}"
                        if grid else "required"))
        if CODE.fullmatch(bcode) is None:
            bad.append(("building_code", _code_reason(bcode)))
        if CODE.fullmatch(hcode) is None:
            bad.append(("household_code", _code_reason(hcode)))
        if len(bname) > MAX_BUILDING_NAME:
            bad.append(("building_name", f"longer than {MAX_BUILDING_NAME} characters"))
        if len(address) > MAX_ADDRESS:
            bad.append(("address", f"longer than {MAX_ADDRESS} characters"))
        kind_code = (KINDS.get(kind) or _lookup(KINDS, kind)) if kind else "residence"
        if kind_code is None:
            bad.append(("household_kind", f"unknown kind {_shown(kind)}; use {choices(KINDS)}"))
        if not name:
            bad.append(("name", "required"))
        elif len(name) > MAX_NAME:
            bad.append(("name", f"longer than {MAX_NAME} characters"))

        id_hash = id_masked = ""
        if ID_NUMBER.fullmatch(idn) is None:
            bad.append(("id_number", _id_reason(idn)))
        else:
            if idn[17] == "x":
                idn = idn[:17] + "X"
            if id_check_char(idn[:17]) != idn[17]:
                bad.append(("id_number", "check digit does not match (mistyped?)"))
            id_hash, id_masked = self.hash_id(idn), idn[:4] + "**********" + idn[14:]
            if not year:
                year = idn[6:10]
                if type(self._years.get(year) or self._year(year)) is tuple:
                    bad.append(("id_number", "the birth date in it is not valid"))
                    year = ""
            if not gender:
                gender = "男" if int(idn[16]) % 2 else "女"

        if phone:
            if " " in phone:
                phone = phone.replace(" ", "")
            if PHONE.fullmatch(phone) is None:
                bad.append(("phone", "must be 5-20 digits, '-' or a leading '+'"))
        gender_code = (GENDERS.get(gender) or _lookup(GENDERS, gender)) if gender else NULL
        if gender_code is None:
            bad.append(("gender", f"unknown gender {_shown(gender)}; use 男/女 or male/female"))
        year_text = (self._years.get(year) or self._year(year)) if year else NULL
        tags_text = self._tags.get(tags) or self._tag_list(tags)
        applied_code = (BOOLEANS.get(applied) or _lookup(BOOLEANS, applied)) if applied else "f"
        if applied_code is None:
            bad.append(("registration_code_applied", f"{_shown(applied)} is not 是/否 or yes/no"))
        vacc_code = (VACCINATIONS.get(vacc) or _lookup(VACCINATIONS, vacc)) if vacc else "none"
        if vacc_code is None:
            bad.append(("vaccination",
                        f"unknown value {_shown(vacc)}; use {choices(VACCINATIONS)}"))
        date_text = self._dates.get(tdate) or self._date(tdate)
        result_code = (RESULTS.get(tresult) or _lookup(RESULTS, tresult)) if tresult else NULL
        if result_code is None:
            bad.append(("latest_test_result",
                         f"unknown result {_shown(tresult)}; use {choices(RESULTS)}"))
        for value in (year_text, tags_text, date_text):
            if type(value) is tuple:
                bad.append(value)
        if (date_text == NULL) != (result_code == NULL) and not bad:
            missing = "latest_test_date" if date_text == NULL else "latest_test_result"
            bad.append((missing, "a test needs both its date and its result"))
        if bad:
            label = self.columns.label
            return [RowError(row, label(column), reason) for column, reason in bad]
        address = mask_identifiers(address)  # free text, as over HTTP
        if NEEDS_ESCAPE.search(f"{name}{address}{bname}") is not None:
            name, address, bname = copy_text(name), copy_text(address), copy_text(bname)
        return Parsed(row, grid_id, grid, bcode, bname or bcode, hcode, kind_code, address,
                      id_hash, tags_text,
                      f"{name}\t{id_hash}\t{id_masked}\t{phone or NULL}\t"
                      f"{gender_code}\t{year_text}\t{tags_text}\t{applied_code}\t{vacc_code}\t"
                      f"{date_text}\t{result_code}\n")

    # -- cached conversions: each returns the COPY text or (column, reason) ---------------
    def _year(self, text: str) -> str | tuple[str, str]:
        if text.isdigit() and 1900 <= int(text) <= self.today.year:
            out: str | tuple[str, str] = str(int(text))
        else:
            out = ("birth_year",
                   f"{_shown(text)} is not a year between 1900 and {self.today.year}")
        return _remember(self._years, text, out)

    def _tag_list(self, text: str) -> str | tuple[str, str]:
        codes, unknown = set(), []
        for label in TAG_SPLIT.split(text):
            if label:
                code = _lookup(TAGS, label)
                if code:
                    codes.add(code)
                else:
                    unknown.append(label)
        out: str | tuple[str, str] = (
            ("tags", f"unknown tag(s) {_shown('、'.join(unknown), quote=False)}; "
                     f"use {choices(TAGS)}") if unknown
            else "{" + ",".join(sorted(codes)) + "}")
        return _remember(self._tags, text, out)

    def _date(self, text: str) -> str | tuple[str, str]:
        match = DATE.fullmatch(text)
        out: str | tuple[str, str]
        try:
            if match is None:
                raise ValueError
            value = date(*map(int, match.groups()))
            out = value.isoformat() if value <= self.today else (
                "latest_test_date", f"{value.isoformat()} is in the future")
        except ValueError:
            out = ("latest_test_date", f"{_shown(text)} is not a date (use YYYY-MM-DD)")
        return _remember(self._dates, text, out)


def _remember(cache: dict, text: str, out):
    if len(cache) > 10_000:  # a file of all-different values must not grow it unbounded
        cache.clear()
    cache[text] = out
    return out


def _shown(value: str, *, quote: bool = True, code: bool = False) -> str:
    """A cell quoted back in a reason: shortened, and with long digit runs masked, since a
    phone or an ID number typed into the wrong column must not reach a report. A ``code``
    (an area code is mostly digits) is shown whole unless it has the shape of an ID or
    mobile number: the operator must see which grid was wrong."""
    runs = IDENTITY_RUN if code else DIGIT_RUN
    value = runs.sub(lambda m: m.group()[:3] + "*" * (len(m.group()) - 3), value[:40])
    return repr(value) if quote else value


def _lookup(table: dict[str, str], text: str) -> str | None:
    return table.get(text) or table.get(text.lower())


def _code_reason(value: str) -> str:
    return "required" if not value else "must be 1-64 letters, digits, '_', '-' or '.'"


def _id_reason(value: str) -> str:
    if not value:
        return "required"
    if "e+" in value.lower() or "." in value:
        return "stored as a number by Excel (digits lost): format the column as text"
    return "must be 17 digits then a digit or X"
