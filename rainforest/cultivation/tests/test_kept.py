"""The pools' kept probabilities (cultivation/pool/kept.py) and the targets' summaries that read them: the
same attainment as the target's own page, kept while the registry is unchanged, evaluated again after a
change, and for a large pool served stale with a refresh queued for the worker."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rainforest.cultivation import forecast
from rainforest.cultivation.choices import TargetIndicator
from rainforest.cultivation.models import KeptPool, Target
from rainforest.cultivation.pool import keep, pool_for
from rainforest.cultivation.pool import kept as kept_module
from rainforest.cultivation.selectors import target_forecast, target_outlook
from rainforest.cultivation.tasks import refresh_kept_pool
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.tests.factories import EnterpriseFactory, YearlyFiguresFactory, district

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 1)


def with_figures(enterprise, rd=1_500_000):
    for year in (2022, 2023, 2024):
        YearlyFiguresFactory(enterprise=enterprise, year=year, rd_expense=rd, rd_expense_domestic=rd)
    return enterprise


@pytest.fixture
def firms(two_districts):
    with_figures(two_districts["yuci"])
    with_figures(two_districts["taigu"], rd=300_000)
    with_figures(EnterpriseFactory(name="榆次第二科技有限公司", district=two_districts["yuci"].district))
    return two_districts


@pytest.mark.parametrize("indicator", [TargetIndicator.NEW_HNTE, TargetIndicator.TECH_SME_TOTAL])
def test_the_outlook_gives_the_attainment_of_the_target_page(city, firms, indicator):
    target = Target.objects.create(indicator=indicator, year=2025, value=2)
    outlook = target_outlook(target, day=DAY)
    page = target_forecast(target, city, day=DAY)
    assert outlook.candidates == len(page.candidates) == 3
    assert outlook.achieved == page.achieved
    assert outlook.attainment.probability == pytest.approx(page.attainment.probability, abs=1e-12)
    assert outlook.attainment.expected == pytest.approx(page.attainment.expected, abs=1e-12)
    assert (outlook.attainment.influence, outlook.fresh, outlook.final) == ([], True, False)


def test_a_district_target_reads_the_candidates_of_its_district_only(city, firms):
    yuci = firms["yuci"].district
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=1, district=yuci)
    outlook = target_outlook(target, day=DAY)
    in_yuci = pool_for(Enterprise.objects.all(), rulebook="hnte", day=DAY, district=yuci)
    expected = forecast.attainment(1, 0, [c.probability for c in in_yuci])
    assert (outlook.candidates, len(in_yuci)) == (2, 2)
    assert outlook.attainment.probability == pytest.approx(expected.probability, abs=1e-12)


def test_the_kept_probabilities_are_read_while_the_registry_is_unchanged(firms):
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=2)
    first = target_outlook(target, day=DAY)
    row = KeptPool.objects.get(rulebook="hnte", day=DAY)
    again = target_outlook(target, day=DAY)
    assert KeptPool.objects.get(pk=row.pk).built_at == row.built_at == first.kept_at == again.kept_at
    assert (row.candidates, again.candidates, again.fresh) == (3, 3, True)


def test_a_change_to_the_registry_evaluates_a_small_pool_again(firms):
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=2)
    before = target_outlook(target, day=DAY)
    with_figures(EnterpriseFactory(name="太谷新科技有限公司", district=district("140703")))
    after = target_outlook(target, day=DAY)
    assert (before.candidates, after.candidates, after.fresh) == (3, 4, True)
    assert after.attainment.expected > before.attainment.expected
    assert KeptPool.objects.get(rulebook="hnte", day=DAY).candidates == 4


def test_a_large_stale_pool_is_read_as_kept_while_the_worker_refreshes_it(firms, monkeypatch):
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2025, value=2)
    before = target_outlook(target, day=DAY)
    monkeypatch.setattr(kept_module, "LIVE_LIMIT", 2)  # the three candidates kept count as a large pool
    with_figures(EnterpriseFactory(name="太谷新科技有限公司", district=district("140703")))
    stale = target_outlook(target, day=DAY)
    assert (stale.candidates, stale.fresh, stale.kept_at) == (3, False, before.kept_at)
    assert stale.attainment.probability == before.attainment.probability
    queued = DBTaskResult.objects.filter(task_path__endswith="refresh_kept_pool")
    assert queued.count() == 1
    assert queued.get().args_kwargs["args"] == ["hnte", "2025-06-01"]
    target_outlook(target, day=DAY)  # read again within the hour: no second refresh queued
    assert queued.count() == 1
    assert refresh_kept_pool.call("hnte", "2025-06-01") == 4  # what the worker runs
    fresh = target_outlook(target, day=DAY)
    assert (fresh.candidates, fresh.fresh) == (4, True)
    assert KeptPool.objects.get(rulebook="hnte", day=DAY).refresh_queued_at is None


def test_a_target_of_a_year_that_is_over_keeps_nothing(firms):
    target = Target.objects.create(indicator=TargetIndicator.NEW_HNTE, year=2024, value=5)
    outlook = target_outlook(target, day=DAY)
    assert (outlook.final, outlook.candidates, outlook.attainment.probability) == (True, 0, 0.0)
    assert not KeptPool.objects.exists()


def test_the_command_keeps_both_pools(firms):
    out = StringIO()
    call_command("cultivation", "keep-pool", "--day", "2025-06-01", stdout=out)
    assert "hnte 2025-06-01: 3 candidates kept" in out.getvalue()
    assert "tech-sme 2025-06-01: 3 candidates kept" in out.getvalue()
    assert sorted(KeptPool.objects.values_list("rulebook", "candidates")) == [("hnte", 3), ("tech-sme", 3)]


def test_rows_of_other_days_not_computed_for_a_week_are_dropped(firms):
    old = keep("hnte", date(2025, 5, 1))
    recent = keep("hnte", date(2025, 5, 20))
    KeptPool.objects.filter(pk=old.pk).update(built_at=timezone.now() - timedelta(days=8))
    KeptPool.objects.filter(pk=recent.pk).update(built_at=timezone.now() - timedelta(days=6))
    keep("hnte", DAY)
    assert sorted(KeptPool.objects.values_list("day", flat=True)) == [date(2025, 5, 20), DAY]
