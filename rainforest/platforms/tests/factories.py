"""Test data of the platforms app: platforms hosted by a firm or an organisation, and their years."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, Region
from rainforest.platforms.choices import PlatformLevel, PlatformStatus
from rainforest.platforms.models import Platform, PlatformPerformance, PlatformType

WAN = Decimal(10_000)


def platform_type(name: str = "技术创新中心") -> PlatformType:
    """A seeded type (the data migration made the six)."""
    return PlatformType.objects.get(name=name)


def university_in(code: str, name: str, org_code: str = "") -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": OrganisationKind.UNIVERSITY,
            "code": org_code or f"univ-{code}",
            "region": Region.objects.get(code=code),
        },
    )
    return organisation


def make_platform(
    name: str,
    *,
    host: Any,
    type_name: str = "技术创新中心",
    level: str = PlatformLevel.PROVINCIAL,
    status: str = PlatformStatus.RECOGNISED,
    approved_on: date | None = date(2020, 3, 1),
    recognised_on: date | None = date(2021, 6, 1),
    **fields: Any,
) -> Platform:
    """A saved platform hosted by `host` (an Enterprise or an Organisation), checked by full_clean()."""
    hosts = {"host_organisation": host} if isinstance(host, Organisation) else {"host_enterprise": host}
    platform = Platform(
        name=name,
        type=platform_type(type_name),
        level=level,
        status=status,
        approved_on=approved_on,
        recognised_on=recognised_on
        if status in (PlatformStatus.RECOGNISED, PlatformStatus.REVOKED)
        else None,
        **hosts,
        **fields,
    )
    platform.full_clean()
    platform.save()
    return platform


def make_year(
    platform: Platform, year: int, rd_wan: str, benefit_wan: str, conversion_wan: str = "0"
) -> PlatformPerformance:
    row = PlatformPerformance(
        platform=platform,
        year=year,
        rd_input=Decimal(rd_wan) * WAN,
        economic_benefit=Decimal(benefit_wan) * WAN,
        conversion_income=Decimal(conversion_wan) * WAN,
    )
    row.full_clean()
    row.save()
    return row
