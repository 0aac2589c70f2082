"""units belong to an area: the city or district whose organisation pairs them

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 15:30:00.000000

A unit kept before this revision is placed where its pairings say its organisation is:
the area its paired communities have in common, at most two levels down (a city, or a
district when every pairing is in that district), so whoever placed its orders keeps
reaching it and nobody beside that area does. A unit with no pairing whose community has
a path, or paired across cities, gets no area: only its coordinator (and AUTH off)
reaches it, and no order can pair it, until an operator gives it one:
`update units set area_code = '<city or district code>' where id = '<unit>'`.
"""
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# city, district: the levels whose organisations pair units
LEVELS = 2


def unit_area(paths: list[list[str]]) -> str | None:
    common = list(paths[0])
    for path in paths[1:]:
        n = 0
        while n < min(len(common), len(path)) and common[n] == path[n]:
            n += 1
        common = common[:n]
    common = common[:LEVELS]
    return common[-1] if common else None


def upgrade() -> None:
    op.add_column('units', sa.Column('area_code', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_units_area_code'), 'units', ['area_code'], unique=False)
    bind = op.get_bind()
    paths = defaultdict(list)
    for unit_id, path in bind.execute(sa.text(
            "select p.unit_id, c.path from pairings p "
            "join communities c on c.code = p.community_code "
            "where c.path is not null and cardinality(c.path) > 0")):
        paths[unit_id].append(list(path))
    for unit_id, found in paths.items():
        code = unit_area(found)
        if code is not None:
            bind.execute(sa.text("update units set area_code = :code where id = :unit"),
                         {"code": code, "unit": unit_id})


def downgrade() -> None:
    op.drop_index(op.f('ix_units_area_code'), table_name='units')
    op.drop_column('units', 'area_code')
