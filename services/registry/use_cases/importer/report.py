"""What an import tells its caller: counts, rejected rows, and the CSV error report."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# The report object keeps the first errors for display; all of them go to the CSV file
# and to import_errors, so a file of a million bad rows cannot exhaust memory.
ERRORS_KEPT = 1000


class ImportFailed(ValueError):
    """The file as a whole cannot be imported (unreadable, unknown format, bad header)."""


class RowError(NamedTuple):
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # the header as the file spells it
    reason: str


@dataclass
class ImportReport:
    import_id: str
    file_name: str
    rows_total: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    buildings_created: int = 0
    households_created: int = 0
    residents_created: int = 0
    residents_moved: int = 0
    residents_unchanged: int = 0
    errors_total: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_report: Path | None = None
    grids: list[dict] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    seconds: float = 0.0
    # where the time went: in chunk transactions, and waiting for the reader thread
    seconds_loading: float = 0.0
    seconds_waiting: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows_total / self.seconds if self.seconds else 0.0

    def add_errors(self, errors: list[RowError]) -> None:
        self.errors_total += len(errors)
        room = ERRORS_KEPT - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])


def default_report_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}.errors.csv")


class ErrorReportWriter:
    """row, column, reason per line; written even when empty, so a report left from an
    earlier run of the same file is never mistaken for this one's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # utf-8-sig: Excel opens it with the Chinese column names intact
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow(("row", "column", "reason"))

    def write(self, errors: list[RowError]) -> None:
        self._csv.writerows(errors)

    def close(self) -> None:
        self._file.close()
