"""What every dispatch HTTP use case shares: query parameters and the health check."""

from __future__ import annotations

from services.common.health import health
from services.common.web import query_args

__all__ = ["health", "query_args"]
