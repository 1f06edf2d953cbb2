"""The statistics index, on PostgreSQL only: the registered contracts by registration date, with every
column the statistics read, so a year's statistics are an index-only scan (see selectors._cube). SQLite
(development and tests) does not support included columns and does without."""

from django.db import migrations

COLUMNS = (
    "category, field, seller_class, seller_district_id, seller_enterprise_id, seller_organisation_id, "
    "buyer_district_id, buyer_enterprise_id, buyer_organisation_id, contract_amount, tech_transaction_amount"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS contract_statistics_covering ON techmarket_contract (registered_on) "
            f"INCLUDE ({COLUMNS}) WHERE status = 'registered'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS contract_statistics_covering")


class Migration(migrations.Migration):
    dependencies = [("techmarket", "0002_achievement_and_manager")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
