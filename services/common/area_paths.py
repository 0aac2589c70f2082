"""SQL predicates for narrowing rows to an area subtree (the caller's scope, a report's
area). Plain SQLAlchemy: models, loaders and use cases import them without the framework."""

from __future__ import annotations

from sqlalchemy import or_


def in_subtree(path_column, root_path: str):
    """SQL: the '/'-joined path column lies at or under root_path (a prefix match that a
    text_pattern_ops index serves; '_' and '%' in codes are escaped)."""
    return or_(path_column == root_path,
               path_column.startswith(root_path + "/", autoescape=True))


def array_in_subtree(path_column, area_code: str):
    """SQL: an ARRAY path column contains the area code (a GIN index serves @>)."""
    return path_column.contains([area_code])
