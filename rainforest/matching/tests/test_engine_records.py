"""The engine over the records: the index follows changes, persists between processes' lifetimes, and
never shows a record the user may not see; the pages."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from rainforest.matching.engine import matches, store
from rainforest.matching.models import Achievement
from rainforest.matching.tests.factories import AchievementFactory, DemandFactory, UniversityFactory

SEAL = {
    "title": "重载液压缸组合密封结构与防泄漏技术",
    "abstract": "针对高压液压缸动密封失效，设计组合密封结构，外泄漏量降低90%。",
    "keywords": ["液压缸", "密封", "泄漏"],
    "discipline": "机械工程",
    "field": "advanced_manufacturing",
    "industry": "hydraulics",
}
FOOD = {
    "title": "果蔬汁超高压非热杀菌技术",
    "abstract": "以超高压处理替代热杀菌，保留风味，货架期延长至60天。",
    "keywords": ["超高压", "非热杀菌", "货架期"],
    "discipline": "食品科学与工程",
    "field": "bio_medicine",
    "industry": "functional_food",
}
PROBLEM = "厂里的液压油缸用了几个月就开始漏油，售后成本很高"


@pytest.fixture(autouse=True)
def _own_index(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    store.forget()
    yield
    store.forget()


def test_a_problem_finds_the_technique_with_reasons(city):
    seal = AchievementFactory(**SEAL)
    AchievementFactory(**FOOD)
    [first, *_] = matches.search(city, PROBLEM)
    assert first.record == seal
    assert "概念关联：「漏油」→ 液压密封" in first.explanation
    assert "领域一致：装备制造" in first.explanation


def test_index_follows_edits_and_deletions(city):
    food = AchievementFactory(**FOOD)
    assert [r.record for r in matches.search(city, PROBLEM)] == []
    food.title, food.keywords, food.industry = SEAL["title"], SEAL["keywords"], "hydraulics"
    food.save()
    assert [r.record for r in matches.search(city, PROBLEM)] == [food]
    food.delete()
    assert matches.search(city, PROBLEM) == []


def test_index_persists_and_is_read_back_not_rebuilt(city, settings):
    AchievementFactory(**SEAL)
    matches.search(city, PROBLEM)
    manifest = settings.MATCHING_INDEX_DIR / "achievements" / "manifest.json"
    written = manifest.stat().st_mtime_ns
    store.forget()  # as after a restart
    engine = store.engine_for("achievements")
    assert engine.index.stamp == store.current_stamp("achievements")
    assert manifest.stat().st_mtime_ns == written
    AchievementFactory(**FOOD)
    store.forget()
    assert len(store.engine_for("achievements").index) == 2  # stale on disk: rebuilt


def test_results_are_only_what_the_user_may_see(city, university, organisations):
    other = UniversityFactory(name="太原测试大学")
    AchievementFactory(owner=other, **SEAL)
    own = AchievementFactory(
        owner=organisations["university"], **{**SEAL, "title": "液压缸密封件", "keywords": ["密封"]}
    )
    assert {r.record.owner for r in matches.search(city, PROBLEM)} == {other, own.owner}
    seen = matches.search(university, PROBLEM)
    assert [r.record for r in seen] == [own]
    assert Achievement.objects.restrict(university).filter(owner=other).count() == 0


def test_achievement_finds_demands_and_firms(city, own_firm):
    seal = AchievementFactory(**SEAL)
    demand = DemandFactory(
        enterprise=own_firm, title="油缸漏油", description="工程机械油缸用几个月就渗油", field=""
    )
    DemandFactory(title="果汁放不住", description="鲜榨果汁几天就胀袋变质", field="")
    results, firms = matches.for_achievement(city, seal)
    assert results[0].record == demand
    assert firms[0].enterprise == own_firm


def test_search_page(client, city):
    AchievementFactory(**SEAL)
    client.force_login(city)
    page = client.get(reverse("matching:search"), {"q": PROBLEM})
    assert page.status_code == 200
    text = page.content.decode()
    assert SEAL["title"] in text and "概念关联" in text
    empty = client.get(reverse("matching:search"), {"q": "量子隧穿显微镜"})
    assert "没有找到您可查看的匹配结果" in empty.content.decode()
    assert "请输入要匹配的问题或技术" in client.get(reverse("matching:search")).content.decode()


def test_demand_pages_show_matches(client, owner, own_firm):
    AchievementFactory(**SEAL)
    demand = DemandFactory(enterprise=own_firm, title="油缸漏油", description=PROBLEM, field="")
    client.force_login(owner)
    page = client.get(reverse("matching:demand_matches", args=[demand.pk]))
    assert page.status_code == 200
    assert SEAL["title"] in page.content.decode()
    detail = client.get(reverse("records:demand_detail", args=[demand.pk]))
    assert detail.status_code == 200
    assert "匹配的科技成果" in detail.content.decode() and SEAL["title"] in detail.content.decode()


def test_demand_out_of_reach_is_404(client, owner):
    demand = DemandFactory(title="油缸漏油", description=PROBLEM)  # another firm's
    client.force_login(owner)
    assert client.get(reverse("matching:demand_matches", args=[demand.pk])).status_code == 404


def test_achievement_page_lists_firms(client, city, own_firm):
    seal = AchievementFactory(**SEAL)
    DemandFactory(enterprise=own_firm, title="油缸漏油", description=PROBLEM, field="")
    client.force_login(city)
    page = client.get(reverse("matching:achievement_matches", args=[seal.pk]))
    assert page.status_code == 200
    assert own_firm.name in page.content.decode()


def test_achievement_record_page_has_the_section(client, city, own_firm):
    seal = AchievementFactory(**SEAL)
    DemandFactory(enterprise=own_firm, title="油缸漏油", description=PROBLEM, field="")
    client.force_login(city)
    text = client.get(reverse("records:achievement_detail", args=[seal.pk])).content.decode()
    assert "匹配的企业需求" in text and "油缸漏油" in text and own_firm.name in text


def test_a_large_stale_index_is_rebuilt_in_the_background(city, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from rainforest.matching.engine.tasks import rebuild_index

    AchievementFactory(**SEAL)
    assert len(store.engine_for("achievements").index) == 1
    monkeypatch.setattr(store, "SYNC_LIMIT", 1)  # two records count as "large" here
    AchievementFactory(**FOOD)
    assert len(store.engine_for("achievements").index) == 1  # the stale index keeps answering
    assert DBTaskResult.objects.filter(task_path__endswith="rebuild_index").count() == 1
    assert len(store.engine_for("achievements").index) == 1
    assert DBTaskResult.objects.filter(task_path__endswith="rebuild_index").count() == 1  # asked once
    assert rebuild_index.call(kind="achievements") == 2  # what the worker runs
    assert len(store.engine_for("achievements").index) == 2  # read from disk


def test_match_command_on_the_records(city):
    seal = AchievementFactory(**SEAL)
    out = StringIO()
    call_command("match", "--json", text=PROBLEM, top=3, stdout=out)
    rows = json.loads(out.getvalue())["results"]
    assert rows[0]["id"] == str(seal.pk)
    out = StringIO()
    call_command("match", text=PROBLEM, user="city", stdout=out)
    assert seal.title in out.getvalue() and "概念关联" in out.getvalue()
