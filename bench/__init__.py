"""`make bench`: Wangge's resident import against a raw PostgreSQL COPY of the same rows."""
