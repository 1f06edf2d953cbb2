"""The demo city's organisation tree: the city bureau over its 11 district bureaus and the management
committees of the development zones, plus universities, banks and a service institution with one user each.

Organisations are upserted by name and given stable codes (the city bureau `jz-kjj`, a district bureau
`jz-<GB/T 2260 code>`, a zone's committee `jz-zone-<statistical code or id>`), so a rebuild keeps them and
`rainforest user create … --organisation jz-140703` works on a demo installation. The demo cast of
people.py keeps its users and passwords; the users added here follow the same rule
(`rainforest-<username>-2025`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Q

from rainforest.core.choices import OrganisationKind, OrganisationStatus, RegionLevel, Role
from rainforest.core.models import DevelopmentZone, Organisation, Region
from rainforest.demo import people

CITY_CODE = "jz-kjj"
# (code, name, kind, region code, demo user, the user's role, the user's label)
INSTITUTIONS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("sxau", people.UNIVERSITY, OrganisationKind.UNIVERSITY, "140703", "", "", ""),
    (
        "jzu",
        "晋中学院",
        OrganisationKind.UNIVERSITY,
        "140702",
        "university-jzu",
        Role.UNIVERSITY_USER,
        "高校院所用户",
    ),
    (
        "sxtcm",
        "山西中医药大学",
        OrganisationKind.UNIVERSITY,
        "140702",
        "university-sxtcm",
        Role.UNIVERSITY_USER,
        "高校院所用户",
    ),
    ("jzbank", people.BANK, OrganisationKind.BANK, "140700", "", "", ""),
    (
        "boc-jz",
        "中国银行晋中分行",
        OrganisationKind.BANK,
        "140700",
        "bank-boc",
        Role.BANK_USER,
        "金融机构用户",
    ),
    (
        "sxbank-jz",
        "山西银行晋中分行",
        OrganisationKind.BANK,
        "140700",
        "bank-sx",
        Role.BANK_USER,
        "金融机构用户",
    ),
    ("jz-scpc", "晋中市生产力促进中心", OrganisationKind.SERVICE, "140700", "", "", ""),
)
# The institutions' demo users (people.hand_made_users checks them before a build).
INSTITUTION_USERS = tuple(row[4] for row in INSTITUTIONS if row[4])


def upsert(name: str, **fields: Any) -> Organisation:
    """By name first (the demo's organisations existed before codes), else by code."""
    code = fields["code"]
    organisation = (
        Organisation.objects.filter(name=name).first()
        or Organisation.objects.filter(code=code).first()
        or Organisation(name=name)
    )
    organisation.name = name
    for field, value in fields.items():
        setattr(organisation, field, value)
    organisation.status = OrganisationStatus.ACTIVE
    organisation.save()
    return organisation


def build_organisations(*, kept: Collection[str] | None = None) -> list[people.Login]:
    """Upsert the tree and the institutions' users; returns their logins (the demo command prints only the
    cast README lists; these are listed in docs/administration.md)."""
    regions = {r.code: r for r in Region.objects.filter(Q(code="140700") | Q(parent__code="140700"))}
    city = upsert(
        people.CITY_BUREAU,
        code=CITY_CODE,
        kind=OrganisationKind.CITY_BUREAU,
        region=regions["140700"],
        parent=None,
    )
    districts = sorted(
        (r for r in regions.values() if r.level == RegionLevel.DISTRICT and not r.alias_of_id),
        key=lambda r: (r.sort_order, r.code),
    )
    for order, district in enumerate(districts, start=1):
        name = people.YUCI_BUREAU if district.code == "140702" else f"{district.name}科技局"
        upsert(
            name,
            code=f"jz-{district.code}",
            kind=OrganisationKind.DISTRICT_BUREAU,
            region=district,
            parent=city,
            sort_order=order,
        )
    for order, zone in enumerate(DevelopmentZone.objects.select_related("host").order_by("id"), start=50):
        upsert(
            f"{zone.name}管委会",
            code=f"jz-zone-{zone.statistical_code or zone.pk}",
            kind=OrganisationKind.PARK,
            region=zone.host,
            zone=zone,
            parent=city,
            sort_order=order,
        )
    logins = []
    kept = set(people.hand_made_users(INSTITUTION_USERS) if kept is None else kept)
    for order, (code, name, kind, region, username, role, label) in enumerate(INSTITUTIONS, start=100):
        organisation = upsert(
            name, code=code, kind=kind, region=regions[region], parent=None, sort_order=order
        )
        if not username:
            continue
        if username in kept:  # an account the demo did not make keeps its password and role
            continue
        people.upsert_user(username, role, organisation, label)
        logins.append(people.Login(username, people.password_for(username), role, label, organisation.name))
    # The firm of the `enterprise` demo user stands on its own, under a code made of its credit code.
    for firm in Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE, code__startswith="org-"):
        if firm.credit_code and not Organisation.objects.filter(code=f"ent-{firm.credit_code}").exists():
            firm.code = f"ent-{firm.credit_code}"
            firm.save(update_fields=["code"])
    return logins
