"""Factories of the reviews app: experts of an organisation, a call under expert review with applications,
a panel drawn from a crafted pool."""

from __future__ import annotations

from typing import Any

import factory

from rainforest.calls.models import Application, Call
from rainforest.calls.tests.factories import ApplicationFactory, CallFactory
from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation
from rainforest.reviews.models import Expert, Panel, PanelMember


def organisation(name: str, kind: str = OrganisationKind.UNIVERSITY, **fields: Any) -> Organisation:
    found, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, **fields})
    return found


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"专家{n:03d}")
    field = "材料科学"
    title = "教授"
    organisation = factory.LazyFunction(lambda: organisation("测试大学"))
    technical = True
    financial = False
    available = True


def pool(technical: int, financial: int, both: int = 0, **fields: Any) -> list[Expert]:
    """A crafted pool: `technical` technical experts, `financial` financial ones, `both` who are both."""
    experts = [ExpertFactory(technical=True, financial=False, **fields) for _ in range(technical)]
    experts += [ExpertFactory(technical=False, financial=True, **fields) for _ in range(financial)]
    experts += [ExpertFactory(technical=True, financial=True, **fields) for _ in range(both)]
    return experts  # type: ignore[return-value]


def under_review(call: Call, enterprise: Any) -> Application:
    """An application of `enterprise` to `call` already in expert review (stored as such: the workflow's
    own tests walk the steps)."""
    application: Application = ApplicationFactory(call=call, enterprise=enterprise)  # type: ignore[assignment]
    Application.objects.filter(pk=application.pk).update(status="expert_review")
    application.refresh_from_db()
    return application


def seated(call: Call, experts: list[Expert], **rules: Any) -> Panel:
    """A drawn panel of `call` made of exactly these experts."""
    from django.utils import timezone

    from rainforest.reviews.models import DEFAULT_CRITERIA

    panel = Panel.objects.create(
        call=call,
        criteria=[dict(c) for c in DEFAULT_CRITERIA],
        drawn_at=timezone.now(),
        seed=1,
        **{"size": max(5, len(experts)), **rules},
    )
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, expert=expert, position=n) for n, expert in enumerate(experts, start=1)
    )
    return panel


__all__ = ["CallFactory", "ExpertFactory", "organisation", "pool", "seated", "under_review"]
