"""Which personal fields an HTTP caller asked to see in clear (`?reveal=`): read at the
entrypoints, refused as a 400 naming the parameter. Whether the caller may, and the audit
row of the read, are services/common/guard.py's and audit.py's (docs/access-control.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from marshmallow import ValidationError

REVEAL = "reveal"


def requested_reveal(request, allowed: Iterable[str],
                     refused: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Fields the caller explicitly asked to see in clear (`?reveal=name,phone`, or the
    parameter repeated). Unknown names are a 400 naming the parameter; a name in
    `refused` is a 400 with its reason (e.g. a field never kept in clear)."""
    allowed = tuple(allowed)
    wanted: list[str] = []
    for value in request.args.getlist(REVEAL):
        wanted.extend(item.strip() for item in value.split(",") if item.strip())
    for name in wanted:
        if refused and name in refused:
            raise ValidationError({REVEAL: [f"{name}: {refused[name]}"]})
        if name not in allowed:
            raise ValidationError({REVEAL: [f"{name}: must be one of {', '.join(allowed)}"]})
    return tuple(sorted(set(wanted)))
