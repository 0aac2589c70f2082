"""`make bench`: the resident import against a raw PostgreSQL COPY of the same rows, and
pairing orders fanned out by dispatch against raw publishing of the same events."""
