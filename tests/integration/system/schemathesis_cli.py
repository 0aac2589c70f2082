"""`python -m tests.integration.system.schemathesis_cli …` = schemathesis's `st …`, with one
work-around: on CPython 3.11.7 `ast.parse` can raise "SystemError: AST constructor
recursion depth mismatch" (a CPython bug fixed in later releases), and hypothesis calls it
only to describe a filter's lambda in a strategy's repr. A description is not worth a
crashed run, so that one call falls back to a plain name; nothing else changes.
"""

from __future__ import annotations

import sys

from hypothesis.internal import lambda_sources
from schemathesis.cli import schemathesis

_describe = lambda_sources.lambda_description


def _lambda_description(f) -> str:
    try:
        return _describe(f)
    except SystemError:
        return "lambda"


lambda_sources.lambda_description = _lambda_description

if __name__ == "__main__":
    sys.argv[0] = "st"
    sys.exit(schemathesis())
