"""Copy the login records kept before the security audit existed (core.AccessEvent) into it, and make the
database itself refuse to change audit entries.

PostgreSQL refuses UPDATE and DELETE on the audit table with a trigger. SQLite refuses UPDATE; it cannot
refuse DELETE as well, because Django's test and maintenance `flush` empties tables with DELETE on SQLite
(PostgreSQL's flush uses TRUNCATE, which row triggers do not see). The model refuses both on either
database."""

from django.db import migrations

POSTGRES_GUARD = """
CREATE OR REPLACE FUNCTION accounts_auditentry_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'security-audit entries cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditentry_no_update BEFORE UPDATE OR DELETE ON accounts_auditentry
    FOR EACH ROW EXECUTE FUNCTION accounts_auditentry_immutable();
"""
POSTGRES_UNGUARD = """
DROP TRIGGER IF EXISTS accounts_auditentry_no_update ON accounts_auditentry;
DROP FUNCTION IF EXISTS accounts_auditentry_immutable();
"""
SQLITE_GUARD = """
CREATE TRIGGER accounts_auditentry_no_update BEFORE UPDATE ON accounts_auditentry
BEGIN
    SELECT RAISE(ABORT, 'security-audit entries cannot be changed or deleted');
END;
"""
SQLITE_UNGUARD = "DROP TRIGGER IF EXISTS accounts_auditentry_no_update;"


def guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_GUARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_GUARD)


def unguard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UNGUARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UNGUARD)


OUTCOMES = {"login": "success", "logout": "success", "login_failed": "failure"}


def copy_access_events(apps, schema_editor):
    try:
        access_event = apps.get_model("core", "AccessEvent")
    except LookupError:
        return
    audit_entry = apps.get_model("accounts", "AuditEntry")
    batch = []
    for event in access_event.objects.order_by("at", "pk").iterator(chunk_size=2000):
        batch.append(
            audit_entry(
                at=event.at,
                kind=event.kind,
                outcome=OUTCOMES.get(event.kind, "success"),
                user_id=event.user_id,
                username=event.username,
                ip_address=event.ip_address,
                user_agent=event.user_agent,
                detail="",
            )
        )
        if len(batch) >= 2000:
            audit_entry.objects.bulk_create(batch)
            batch = []
    if batch:
        audit_entry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_identity_and_audit"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_access_events, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
