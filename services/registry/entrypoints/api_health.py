"""GET /health: can the registry reach its database and its broker?"""

from services.common.health import health

__all__ = ["health"]
