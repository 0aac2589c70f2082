"""Run a service's Alembic migrations (migrations first, then the service starts)."""

from __future__ import annotations

import argparse
from importlib import import_module
from pathlib import Path

from alembic import command
from alembic.config import Config

from services.common import config
from services.common.db import ensure_database


def alembic_config(service: str, url: str | None = None) -> Config:
    package = import_module(f"services.{service}")
    location = Path(package.__file__).parent / "migrations"
    cfg = Config()
    cfg.set_main_option("script_location", str(location))
    cfg.set_main_option("sqlalchemy.url", (url or config.database_url(service))
                        .replace("%", "%%"))
    cfg.attributes["service"] = service
    return cfg


def upgrade(service: str, url: str | None = None, *, create: bool = True) -> None:
    url = url or config.database_url(service)
    if create:
        ensure_database(url)
    command.upgrade(alembic_config(service, url), "head")


def main() -> None:
    parser = argparse.ArgumentParser(description="Migrate a Wangge service's database")
    parser.add_argument("service")
    parser.add_argument("--no-create", action="store_true",
                        help="do not create the database when it is missing")
    args = parser.parse_args()
    upgrade(args.service, create=not args.no_create)
    print(f"{args.service}: database at head")


if __name__ == "__main__":
    main()
