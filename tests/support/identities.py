"""ID numbers and phones that pass the registry's checks, numbered so a test can name the
n-th resident's and find it in a response (or make sure it is not there in clear)."""

from __future__ import annotations

from services.common.identity import id_check_digit


def make_id(n: int, born: str = "19900307") -> str:
    """A Guangzhou 天河 ID number of someone born on `born` (YYYYMMDD), n < 1000."""
    first17 = f"440106{born}{n:03d}"
    return first17 + id_check_digit(first17)


def make_phone(n: int) -> str:
    return f"1381234{n:04d}"
