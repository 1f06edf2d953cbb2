"""The history the probability model is calibrated on (`rainforest cultivation calibrate`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q

from rainforest.cultivation.pool.common import HNTE
from rainforest.cultivation.pool.ranking import assess
from rainforest.cultivation.probability import TERMS, Features, Model
from rainforest.enterprises.choices import CertificateKind
from rainforest.enterprises.models import Certificate, Enterprise


@dataclass(frozen=True, slots=True)
class Observation:
    enterprise_id: int
    year: int
    features: Features
    won: bool


def calibration_history(rulebook: str, years: Iterable[int]) -> list[Observation]:
    """For each year Y: every firm that was a candidate on 1 January Y, its features on that day, and whether
    it won the certificate in Y (an HNTE issued in Y; a tech-SME registration for Y)."""
    from rainforest.eligibility.selectors import facts_for_all

    kind = CertificateKind.HNTE if rulebook == HNTE else CertificateKind.TECH_SME
    observations: list[Observation] = []
    model = Model(family=rulebook, coefficients=dict.fromkeys(TERMS, 0.0))
    for year in years:
        day = date(year, 1, 1)
        candidates = Enterprise.objects.filter(founded_on__lt=day)
        if rulebook == HNTE:
            held = Certificate.objects.filter(
                enterprise_id=OuterRef("pk"),
                kind=kind,
                issued_on__lt=day,
                expires_on__gt=date(year, 12, 31),
            ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
            candidates = candidates.exclude(Exists(held))
        ids = set(candidates.values_list("pk", flat=True))
        won_filter = Q(issued_on__year=year) if rulebook == HNTE else Q(year=year)
        winners = set(
            Certificate.objects.filter(
                won_filter, kind=kind, enterprise_id__in=candidates.values("pk")
            ).values_list("enterprise_id", flat=True)
        )
        for pk, facts in facts_for_all(day).items():
            if pk not in ids:
                continue
            candidate = assess(rulebook, facts, model, enterprise_id=pk)
            observations.append(Observation(pk, year, candidate.features, pk in winners))
    return observations
