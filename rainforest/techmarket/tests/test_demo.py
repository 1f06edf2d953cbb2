"""The demo's contracts reproduce the seed through the statistics engine: Q1 2025 24 contracts and
4,847.4万元, 4th among Shanxi's cities and one place up; 2024 736 contracts and 42亿元."""

from __future__ import annotations

from decimal import Decimal
from random import Random

import pytest

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, Region
from rainforest.demo import techmarket as demo
from rainforest.demo.plan import AS_OF
from rainforest.enterprises.tests.factories import EnterpriseFactory, district
from rainforest.indicators.models import PeerFigure
from rainforest.indicators.periods import Period
from rainforest.techmarket import selectors
from rainforest.techmarket.models import Contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_world(db):
    for n in range(12):
        EnterpriseFactory(district=district("140702" if n % 2 else "140703"))
    Organisation.objects.create(
        name="山西农业大学", kind=OrganisationKind.UNIVERSITY, region=Region.objects.get(code="140703")
    )
    Organisation.objects.create(
        name="山西省农业科学研究院",
        kind=OrganisationKind.UNIVERSITY,
        region=Region.objects.get(code="140702"),
    )


def test_the_seed_figures_come_out_of_the_records(city_world):
    counts = demo.build(Random("1:techmarket"), as_of=AS_OF)
    assert counts["contracts"] == Contract.objects.count() > 1400
    q1 = selectors.contract_statistics(period=Period.parse("2025Q1"))
    assert q1.output.current.count == 24
    assert q1.output.current.contract_amount == Decimal("48474000")
    assert (q1.rank.rank, q1.rank.previous_rank, q1.rank.change_label) == (4, 5, "前进一位")
    year = selectors.contract_statistics(period=Period.parse("2024")).output.current
    assert (year.count, year.contract_amount) == (736, Decimal("4200000000"))
    for row in Contract.objects.all()[:300]:
        row.full_clean()  # every demo row passes the model's checks
    assert not Contract.objects.filter(registered_on__gt=AS_OF).exists()


def test_the_build_is_deterministic(city_world):
    demo.build(Random("7:techmarket"), as_of=AS_OF)
    first = list(Contract.objects.order_by("number").values_list("number", "contract_amount")[:50])
    Contract.objects.all().delete()
    PeerFigure.objects.all().delete()
    demo.build(Random("7:techmarket"), as_of=AS_OF)
    assert list(Contract.objects.order_by("number").values_list("number", "contract_amount")[:50]) == first
