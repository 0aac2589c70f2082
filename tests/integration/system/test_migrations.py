"""Each service's Alembic head builds exactly the schema its models describe."""

from importlib import import_module

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from services.common.migrate import alembic_config, upgrade
from tests.support.servers import NAMESPACE, PG_BASE


@pytest.mark.parametrize("service", ["registry", "dispatch", "visits", "reporting", "accounts"])
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


@pytest.mark.parametrize("service", ["registry", "dispatch", "visits", "reporting", "accounts"])
def test_inbox_retention_migrates_down_and_up_again(service):
    """The retention step builds its index concurrently, outside the migration's
    transaction (services/common/messaging_migrations.py): it runs after earlier steps in
    the same upgrade, goes down, and comes back with a valid index."""
    name = f"{NAMESPACE}_migcycle_{service}"
    admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{name}" with (force)'))
    url = f"{PG_BASE}/{name}"
    cfg = alembic_config(service, url)
    step = next(s for s in ScriptDirectory.from_config(cfg).walk_revisions()
                if s.path.endswith("_inbox_retention.py"))
    engine = None
    try:
        upgrade(service, url)
        command.downgrade(cfg, step.down_revision)
        engine = create_engine(url)
        with engine.connect() as conn:
            assert _retention_index(conn) is None
            assert "event_time" not in _inbox_columns(conn)
        command.upgrade(cfg, "head")
        with engine.connect() as conn:
            assert _retention_index(conn) is True  # valid: the concurrent build finished
            assert "event_time" in _inbox_columns(conn)
            drift = compare_metadata(MigrationContext.configure(conn),
                                     import_module(f"services.{service}.adapters.models").Base.metadata)
        assert drift == [], f"{service}: models and migrations differ: {drift}"
    finally:
        if engine is not None:
            engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


def _retention_index(conn) -> bool | None:
    return conn.execute(text(
        "select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid "
        "where c.relname = 'inbox_processed_at'")).scalar()


def _inbox_columns(conn) -> set[str]:
    return set(conn.execute(text(
        "select column_name from information_schema.columns where table_name = 'inbox'"))
        .scalars())
