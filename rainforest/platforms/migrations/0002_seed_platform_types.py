"""The six platform types the bureau starts with (reference data: kept by the demo's rebuilds)."""

from django.db import migrations

# A copy, not an import of choices.SEEDED_TYPES: a migration must not change when the code does.
SEEDED_TYPES = (
    ("技术创新中心", True),
    ("重点实验室", True),
    ("工程技术研究中心", True),
    ("新型研发机构", False),
    ("中试基地", False),
    ("产业技术创新战略联盟", False),
)


def seed(apps, schema_editor):
    PlatformType = apps.get_model("platforms", "PlatformType")
    for order, (name, key_platform) in enumerate(SEEDED_TYPES, start=1):
        PlatformType.objects.update_or_create(
            name=name, defaults={"key_platform": key_platform, "seeded": True, "sort_order": order * 10}
        )


def unseed(apps, schema_editor):
    PlatformType = apps.get_model("platforms", "PlatformType")
    PlatformType.objects.filter(seeded=True, platforms__isnull=True, plans__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("platforms", "0001_platforms")]

    operations = [migrations.RunPython(seed, unseed)]
