"""Streaming the rows of a CSV or XLSX file as lists of strings, never the whole file."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from services.registry.use_cases.importer.report import ImportFailed

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


class FileUnreadable(ImportFailed):
    """The file cannot be read as a template at all (missing, wrong format, encoding)."""


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) as the template asks; Excel on Chinese Windows saves
    "CSV" as GB18030/GBK, so a file that is not UTF-8 at its start is read as that."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"


def _cell(value) -> str:
    """An XLSX cell as the text a person typed; integral numbers lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _csv_rows(path: Path) -> Iterator[list[str]]:
    encoding = _csv_encoding(path)
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            yield from csv.reader(text)
        except UnicodeDecodeError as exc:
            shown = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
            raise FileUnreadable(f"{path.name}: not valid {shown} text ({exc.reason}); "
                                 f"save it as CSV UTF-8") from None
        except csv.Error as exc:
            raise FileUnreadable(f"{path.name}: not a readable CSV file ({exc})") from None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors alike
        raise FileUnreadable(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    finally:
        book.close()


@contextmanager
def open_rows(path: Path) -> Iterator[Iterator[list[str]]]:
    """All rows of the file's first sheet, the header included."""
    if not path.is_file():
        raise FileUnreadable(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        rows = _csv_rows(path)
    elif suffix in XLSX_SUFFIXES:
        rows = _xlsx_rows(path)
    else:
        raise FileUnreadable(f"{path.name}: unsupported file type {suffix or '(none)'}; "
                             f"use .csv (UTF-8) or .xlsx")
    try:
        yield rows
    finally:
        rows.close()


def count_rows(path: Path) -> int | None:
    """About how many data rows the file has, for a progress bar (None if unknown)."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        lines = 0
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                lines += block.count(b"\n")
        return max(lines - 1, 0)
    if suffix in XLSX_SUFFIXES:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            rows = book.worksheets[0].max_row
        finally:
            book.close()
        return max(rows - 1, 0) if rows else None
    return None
