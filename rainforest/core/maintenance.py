"""Database housekeeping after bulk loads.

PostgreSQL plans from table statistics that a bulk load leaves stale (it guessed 336 rows where a
district held 181,386, and picked a slow plan), and answers from a covering index alone only once VACUUM
has marked the pages visible. Autovacuum gets there eventually; a bulk load should not wait for it.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def refresh_statistics(*models: type[Model]) -> None:
    """VACUUM ANALYZE the tables of `models` on PostgreSQL (ANALYZE alone inside a transaction, where
    VACUUM cannot run); ANALYZE on SQLite."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            for table in tables:
                cursor.execute(f"{verb} {table}")
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
