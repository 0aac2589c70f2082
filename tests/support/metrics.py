"""/metrics read as Prometheus scrapes it: one value per (name, labels)."""

from __future__ import annotations

import re

from tests.support.http import Client

LINE = re.compile(r'^(?P<name>[a-z_]+)(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)$')


def scrape(base_url: str) -> dict[tuple[str, frozenset], float]:
    client = Client(base_url, timeout=10)
    status, body = client.get("/metrics")
    assert status == 200
    assert client.last_headers["Content-Type"].startswith("text/plain; version=0.0.4")
    text = body.decode()
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        assert match, f"not Prometheus text: {line!r}"
        labels = frozenset(re.findall(r'(\w+)="([^"]*)"', match["labels"] or ""))
        out[(match["name"], labels)] = float(match["value"])
    return out


def value(sample: dict, name: str, **labels) -> float:
    return sample.get((name, frozenset(labels.items())), 0.0)
