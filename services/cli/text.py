"""Plain-text output shared by command groups: aligned columns that CJK names do not
break (a CJK character takes two columns in a terminal)."""

from __future__ import annotations


def table(rows: list[list]) -> str:
    widths = [max(width(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(v) + " " * (w - width(str(v)))
                               for v, w in zip(r, widths, strict=True))
                     for r in rows)


def width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
