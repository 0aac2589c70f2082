"""Identifiers typed into free text, masked before the text is kept (issue 11, finding 15).

People write what residents tell them: "王阿姨 13800138000，身份证440106195001011234，腿脚
不便". The README promises an ID number is stored only as a keyed hash and a mask, and
phones only where their owner's record is; a note is neither, so every service masks the
identifiers in free text before it writes it (request notes and their history, hazard
notes, text answers, assignees, move reasons, travel, addresses, attendance devices and
reasons), not only when it answers.

What counts as an identifier here, digits being any Unicode digits (full-width too):
- an ID number: 18 characters, the last a digit or X, as one run or grouped 6-8-4 /
  6-4-4-4 / 4-4-4-4-2 with spaces or hyphens; the old 15-digit number; any run of 15 or
  more digits (bank cards too), and 16 to 19 digits grouped in fours (a card as printed):
  the first 4 and last 4 kept;
- a mainland mobile number, 1[3-9] and 9 more digits, as one run or grouped 3-4-4, with or
  without +86 / 0086: the first 3 and last 4 kept;
- a landline with its area code (0 + 2-3 digits, then 7-8 digits): area code and last 4
  kept.
Over-masking a number that was none of these costs a little readability; missing one
keeps a person's identifier in clear, so the patterns lean wide.
"""

from __future__ import annotations

import re
from typing import Any

_SEP = r"[ \-\u3000\uff0d]?"   # a space, a hyphen, or their full-width forms
_ID_GROUPED = re.compile(
    rf"(?<!\d)\d{{6}}(?:{_SEP}\d{{8}}|(?:{_SEP}\d{{4}}){{2}}){_SEP}\d{{3}}[\dXxＸｘ](?!\d)")
# grouped in fours, as people read numbers out (and as bank cards are printed): an ID
# number 4-4-4-4-2, a card of 16 to 19 digits; a separator between every group
_FOURS = re.compile(
    rf"(?<!\d)\d{{4}}(?:{_SEP}\d{{4}}){{3}}(?:{_SEP}\d{{0,2}}[\dXxＸｘ])?(?![\dXxＸｘ])")
_LONG_RUN = re.compile(r"(?<!\d)\d{15,}[XxＸｘ]?(?!\d)")
_MOBILE = re.compile(
    rf"(?<!\d)((?:(?:\+|00|＋)86{_SEP})?)([1１][3-9３-９]\d(?:{_SEP}\d{{4}}){{2}})(?!\d)")
_LANDLINE = re.compile(rf"(?<!\d)([0０]\d{{2,3}})({_SEP})(\d{{7,8}})(?!\d)")


def _keep(text: str, head: int, tail: int) -> str:
    """Digits (and X) of text with all but the first `head` and last `tail` starred;
    separators dropped."""
    chars = [c for c in text if c.isdigit() or c in "XxＸｘ"]
    if len(chars) <= head + tail:
        return "*" * len(chars)
    return "".join(chars[:head]) + "*" * (len(chars) - head - tail) + "".join(chars[-tail:])


# seven digits, separators allowed: the shortest thing below (a landline's local part);
# text without it (most notes, every address) is left after one scan
_MAYBE = re.compile(rf"\d(?:{_SEP}\d){{6}}")


def mask_identifiers(text: str | None) -> str | None:
    """text with every ID number, bank-card-like run, mobile and landline number masked."""
    if not text or _MAYBE.search(text) is None:
        return text
    text = _ID_GROUPED.sub(lambda m: _keep(m.group(), 4, 4), text)
    text = _FOURS.sub(lambda m: _keep(m.group(), 4, 4), text)
    text = _LONG_RUN.sub(lambda m: _keep(m.group(), 4, 4), text)
    text = _MOBILE.sub(lambda m: m.group(1) + _keep(m.group(2), 3, 4), text)
    return _LANDLINE.sub(lambda m: m.group(1) + m.group(2) + _keep(m.group(3), 0, 4), text)


def mask_in(value: Any) -> Any:
    """A copy of a JSON-like value (answers) with identifiers masked in every string,
    keys included."""
    if isinstance(value, str):
        return mask_identifiers(value)
    if isinstance(value, dict):
        return {mask_in(k) if isinstance(k, str) else k: mask_in(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_in(item) for item in value]
    return value
