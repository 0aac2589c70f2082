"""Each service's Alembic head builds exactly the schema its models describe."""

from importlib import import_module

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from services.common.migrate import upgrade
from tests.support.servers import NAMESPACE, PG_BASE


@pytest.mark.parametrize("service", ["registry", "dispatch", "visits", "reporting"])
def test_migrations_match_models(service):
    name = f"{NAMESPACE}_migcheck_{service}"
    admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{name}" with (force)'))
    url = f"{PG_BASE}/{name}"
    try:
        upgrade(service, url)
        engine = create_engine(url)
        with engine.connect() as conn:
            drift = compare_metadata(MigrationContext.configure(conn),
                                     import_module(f"services.{service}.adapters.models").Base.metadata)
        engine.dispose()
        assert drift == [], f"{service}: models and migrations differ: {drift}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()
