"""`python -m bench [import|dispatch|reporting|visits|accounts|web|all]` (what `make bench`
runs; default: all).

The section can also be chosen with BENCH=<section>|all (an argument wins), so
`make bench` can run one section without changing the Makefile. Figures only: timings
are never asserted.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

# section → module with a main(); imported only when chosen, so one section's
# dependencies (the registry importer, a broker vhost) never slow down the other
SECTIONS = {"import": "bench.imports", "dispatch": "bench.dispatch",
            "reporting": "bench.reporting", "visits": "bench.visits",
            "accounts": "bench.accounts", "web": "bench.web_field"}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    choice = args[0] if args else os.environ.get("BENCH", "all")
    if len(args) > 1 or choice not in (*SECTIONS, "all"):
        print(f"usage: python -m bench [{'|'.join(SECTIONS)}|all]  (got {' '.join(args)})",
              file=sys.stderr)
        sys.exit(2)
    for name in SECTIONS if choice == "all" else [choice]:
        import_module(SECTIONS[name]).main()


if __name__ == "__main__":
    main()
