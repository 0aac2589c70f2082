"""Bulk import of residents from the CSV/XLSX template (docs/import-template.md).

A reader thread streams the file, validates each row with hand-written checks, hashes the
ID number, checks rules across rows and gives new rows ids from the tables' sequences.
The calling thread loads 50,000 rows per transaction: COPY straight into buildings,
households and residents, or, when some already exist, COPY into temporary staging
tables and INSERT ... SELECT ... ON CONFLICT DO NOTHING with set-based moves; each chunk
commits with its rejected rows, its progress and its batch events in the outbox.
Start at `run.import_file`.
"""

from services.registry.use_cases.importer.readers import count_rows
from services.registry.use_cases.importer.report import ImportFailed, ImportReport, RowError
from services.registry.use_cases.importer.run import import_file

__all__ = ["ImportFailed", "ImportReport", "RowError", "count_rows", "import_file"]
