import pytest
from django.db import connection

from rainforest.core.maintenance import refresh_statistics
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_refreshing_statistics_tells_the_planner_how_many_rows_a_table_holds():
    EnterpriseFactory.create_batch(3)
    refresh_statistics(Enterprise)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'enterprises_enterprise'")
            assert cursor.fetchone()[0] == 3
        else:  # each index's statistics start with the number of rows
            cursor.execute(
                "SELECT DISTINCT substr(stat, 1, instr(stat, ' ') - 1) FROM sqlite_stat1 WHERE tbl = 'enterprises_enterprise'"
            )
            assert cursor.fetchall() == [("3",)]
