"""Small hand-built forests whose layers, flows and moves are known exactly.

Enterprises and certificates go through `enterprises.services`, so their spans are refreshed by the
`core.changes` hook; teams and tenancies are created directly and refreshed with `forest_refresh`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rainforest.enterprises import services
from rainforest.enterprises.models import Enterprise
from rainforest.enterprises.tests.factories import credit_code_for, district
from rainforest.forest.services import forest_refresh
from rainforest.incubator.models import Park, Team, Tenancy

FOUNDED = date(2015, 3, 1)


def register(n: int, name: str, code: str, user=None) -> Enterprise:
    return services.enterprise_register(
        user=user,
        credit_code=credit_code_for(5000 + n, code),
        name=name,
        district=district(code),
        founded_on=FOUNDED,
    )


def certify(enterprise: Enterprise, kind: str, issued_on: date, **values) -> None:
    services.certificate_record(enterprise=enterprise, kind=kind, issued_on=issued_on, user=None, **values)


def revenue(enterprise: Enterprise, year: int, yuan: str) -> None:
    services.figures_record(enterprise=enterprise, year=year, user=None, operating_revenue=Decimal(yuan))


@pytest.fixture
def small_forest(db) -> dict[str, object]:
    """On 2025-06-01: one of each layer. 榆次区: a seed team, a herb, a shrub; 太谷区: a tree and a firm
    outside the forest."""
    herb = register(1, "榆次草本科技有限公司", "140702")
    certify(herb, "tech_sme", date(2025, 3, 1), year=2025)
    shrub = register(2, "榆次灌木科技有限公司", "140702")
    certify(shrub, "hnte", date(2023, 11, 1), number="GR202314000001")
    revenue(shrub, 2024, "30000000")
    tree = register(3, "太谷乔木集团有限公司", "140703")
    certify(tree, "hnte", date(2023, 5, 1), number="GR202314000002")
    revenue(tree, 2024, "600000000")
    outside = register(4, "太谷未入林有限公司", "140703")

    park = Park.objects.create(name="晋创谷·晋中", district=district("140702"))
    team = Team.objects.create(name="榆次种子团队", district=district("140702"))
    Tenancy.objects.create(park=park, team=team, entered_on=date(2024, 9, 1))
    forest_refresh(team_ids=[team.pk])
    return {"herb": herb, "shrub": shrub, "tree": tree, "outside": outside, "team": team}


@pytest.fixture
def year_of_moves(db) -> dict[str, Enterprise]:
    """In 2025: a herb (tech-SME registered on 1 January) becomes a shrub on 1 July; a shrub's HNTE
    certificate (issued 2022-03-01) lapses on 2025-03-01."""
    riser = register(11, "榆次成长科技有限公司", "140702")
    certify(riser, "tech_sme", date(2025, 1, 1), year=2025)
    certify(riser, "hnte", date(2025, 7, 1), number="GR202514000011")
    lapsed = register(12, "太谷到期科技有限公司", "140703")
    certify(lapsed, "hnte", date(2022, 3, 1), number="GR202214000012")
    return {"riser": riser, "lapsed": lapsed}
