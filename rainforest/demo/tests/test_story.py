"""The demo city tells the seed's story of a growing forest (issue 6 items 8, 10, 11): continuing tech-SMEs
renew before the forest's grace date, the year's flows hold every step of the path 微成长、小升高、高壮大、
大变强 with more coming in than going out, every move agrees with the spans, and the 2025 target of 109 new
high-tech enterprises is an open question on the demo's as-of date."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from rainforest.core.models import User
from rainforest.cultivation.choices import TargetIndicator
from rainforest.cultivation.models import Target
from rainforest.cultivation.selectors import target_forecast
from rainforest.demo.builder import build_demo
from rainforest.demo.plan import AS_OF
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate
from rainforest.forest import selectors
from rainforest.forest.choices import LAYER_CODES
from rainforest.forest.models import Move
from rainforest.forest.rulebook import rulebook_on

pytestmark = pytest.mark.django_db

RANK = {**LAYER_CODES, "new": -1, "gone": -1}


def flows_in_and_out(links: list[dict[str, object]]) -> tuple[int, int]:
    """Organisations that came into the forest or rose a layer, and those that left it or fell one."""
    inflow = outflow = 0
    for link in links:
        source, target, value = str(link["source"]), str(link["target"]), int(str(link["value"]))
        if RANK[target] > max(RANK[source], 0):
            inflow += value
        elif RANK[target] < RANK[source] and RANK[source] > 0:
            outflow += value
    return inflow, outflow


def test_the_demo_city_grows_and_every_move_agrees_with_the_spans():
    build_demo(seed=2025, scale="city")
    city = User.objects.get(username="city")
    start, end = selectors.year_window(2025, AS_OF)

    # Continuing tech-SMEs renew before the grace date of the forest rulebook, so none lapses in spring.
    month, day = rulebook_on(AS_OF).registration_counts_until or (0, 0)
    grace = date(2025, month, day)
    renewals = Certificate.objects.filter(kind=CertificateKind.TECH_SME, year=2025).filter(
        enterprise__certificates__kind=CertificateKind.TECH_SME, enterprise__certificates__year=2024
    )
    assert renewals.filter(issued_on__gt=grace).count() == 0
    assert renewals.count() == 359

    assert selectors.move_counts(city, start, end) == {
        "sprout": 1,
        "rise": 4,
        "grow": 108,
        "strengthen": 1,
        "regress": 18,
    }
    assert flows_in_and_out(selectors.layer_flows(city, start, end)) == (77, 18)
    # Only the few that did not renew fall out of the forest on the grace date.
    assert Move.objects.filter(kind="regress", on=date(2025, 4, 1)).count() == 12

    out = StringIO()
    call_command("forest", "layers", "--as-of", AS_OF.isoformat(), "--check", stdout=out)
    assert "enterprises whose moves contradict their spans: 0" in out.getvalue()


def test_the_new_high_tech_target_is_an_open_question_and_the_page_says_what_would_raise_it(client):
    build_demo(seed=2025, scale="city")
    city = User.objects.get(username="city")
    target = Target.objects.get(indicator=TargetIndicator.NEW_HNTE, year=2025, district=None)

    result = target_forecast(target, city, day=AS_OF)

    assert (target.value, result.achieved, len(result.candidates)) == (109, 0, 1327)
    assert round(result.attainment.probability, 4) == 0.4801
    assert 0.2 < result.attainment.probability < 0.8
    # What would raise it: the ten firms with a real chance whose passing raises it most, what each lacks.
    assert len(result.movers) == 10
    assert round(result.if_movers_pass or 0, 4) == 0.7203
    first = result.movers[0].candidate
    assert (first.enterprise.name, round(first.probability, 3)) == ("榆社泽丰信息技术有限公司", 0.649)
    assert [mover.candidate.probability >= 0.3 for mover in result.movers] == [True] * 10

    client.force_login(city)
    html = client.get(
        reverse("cultivation:target", args=[target.pk]), {"as_of": AS_OF.isoformat()}
    ).content.decode()
    assert 'id="attainment">48.0%<' in html
    assert (
        "提高完成概率的办法：补齐下列 10 家企业的差距。它们全部通过时，完成概率由 48.0% 升至 72.0%。" in html
    )
    assert "榆社泽丰信息技术有限公司" in html
    assert "研发费用占比5.2%，接近5%的门槛" in html
