"""Map the tenancies stored before the pipeline had its stages and zones their history.

The stored statuses keep their values (在谈 negotiating, 拟入驻 about_to_enter = approved to enter, 已入驻
resident = entered, 已迁出 left), so nothing is renamed. What this adds for every existing tenancy:

- its zone stay: a tenancy that entered and names a zone occupied that zone from its entry date until it
  left (open while it stays), so occupancy on any date and promotions read from the stays;
- its stage log: one row per stage it reached that has a date (entered on its entry date, left on its exit
  date), or for a tenancy still before entry, its present stage on the day it was first recorded; and the
  matching stage date (洽谈日期 or 批准入驻日期) when that is the case.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Tenancy = apps.get_model("incubator", "Tenancy")
    ZoneStay = apps.get_model("incubator", "ZoneStay")
    StageChange = apps.get_model("incubator", "StageChange")
    HistoricalTenancy = apps.get_model("incubator", "HistoricalTenancy")
    first_recorded = {}
    for row in HistoricalTenancy.objects.order_by("history_date").values("id", "history_date"):
        first_recorded.setdefault(row["id"], row["history_date"].date())
    stays, steps = [], []
    for tenancy in Tenancy.objects.all().iterator():
        if tenancy.zone_id and tenancy.entered_on:
            ended = tenancy.left_on if tenancy.left_on and tenancy.left_on > tenancy.entered_on else None
            if tenancy.left_on is None or ended is not None:
                stays.append(
                    ZoneStay(
                        tenancy_id=tenancy.pk,
                        zone_id=tenancy.zone_id,
                        started_on=tenancy.entered_on,
                        ended_on=ended,
                        comment="迁移：入驻时的片区",
                    )
                )
        if tenancy.entered_on:
            steps.append(
                StageChange(tenancy_id=tenancy.pk, from_status="", to_status="resident", on=tenancy.entered_on)
            )
            if tenancy.status == "left" and tenancy.left_on:
                steps.append(
                    StageChange(
                        tenancy_id=tenancy.pk, from_status="resident", to_status="left", on=tenancy.left_on
                    )
                )
        elif tenancy.status in ("negotiating", "about_to_enter") and tenancy.pk in first_recorded:
            day = first_recorded[tenancy.pk]
            steps.append(StageChange(tenancy_id=tenancy.pk, from_status="", to_status=tenancy.status, on=day))
            field = "negotiating_on" if tenancy.status == "negotiating" else "approved_on"
            Tenancy.objects.filter(pk=tenancy.pk).update(**{field: day})
    for step in steps:
        step.comment = "迁移：已有入驻记录"
    ZoneStay.objects.bulk_create(stays, batch_size=500)
    StageChange.objects.bulk_create(steps, batch_size=500)


def backwards(apps, schema_editor):
    apps.get_model("incubator", "ZoneStay").objects.filter(comment="迁移：入驻时的片区").delete()
    apps.get_model("incubator", "StageChange").objects.filter(comment="迁移：已有入驻记录").delete()


class Migration(migrations.Migration):
    dependencies = [("incubator", "0002_sites_pipeline_zone_stays")]

    operations = [migrations.RunPython(forwards, backwards)]
