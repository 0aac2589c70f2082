"""The messaging tables' shared migration steps, read as the SQL they emit (Alembic's
offline mode; no server): the inbox is a deployment's largest table, so its index is built
and dropped concurrently, outside a transaction (services/common/messaging_migrations.py)."""

from __future__ import annotations

import contextlib
import io

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from services.common.migrate import alembic_config


@pytest.mark.parametrize("service", ["registry", "dispatch", "visits", "reporting",
                                     "accounts"])
def test_the_inbox_index_is_built_and_dropped_concurrently(service):
    cfg = alembic_config(service, "postgresql://offline/none")
    step = next(s for s in ScriptDirectory.from_config(cfg).walk_revisions()
                if s.path.endswith("_inbox_retention.py"))

    def sql(revisions: str, down: bool = False) -> str:
        out = io.StringIO()
        cfg.output_buffer = out
        with contextlib.redirect_stdout(out):
            (command.downgrade if down else command.upgrade)(cfg, revisions, sql=True)
        return out.getvalue()

    up = sql(f"{step.down_revision}:{step.revision}")
    assert "CREATE INDEX CONCURRENTLY inbox_processed_at" in up
    assert "DROP INDEX CONCURRENTLY IF EXISTS inbox_processed_at" in up
    # the column is committed before the build, which runs in autocommit
    assert up.index("ADD COLUMN IF NOT EXISTS event_time") < up.index("COMMIT") \
        < up.index("CREATE INDEX CONCURRENTLY")
    down = sql(f"{step.revision}:{step.down_revision}", down=True)
    assert "DROP INDEX CONCURRENTLY IF EXISTS inbox_processed_at" in down
