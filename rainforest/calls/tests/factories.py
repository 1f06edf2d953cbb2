"""Factories of the calls app: a call open today with one required field of each kind and one required
attachment, and a draft application to it."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile

from rainforest.calls.models import Application, ApplicationAttachment, Call, Declaration
from rainforest.core.models import today
from rainforest.enterprises.tests.factories import EnterpriseFactory

FIELDS = [
    {"name": "project", "label": "项目名称", "type": "text", "required": True},
    {"name": "staff", "label": "研发人员数", "type": "integer", "required": True},
    {"name": "amount", "label": "申请金额", "type": "money", "required": False},
    {"name": "started", "label": "项目开始日期", "type": "date", "required": False},
]
ATTACHMENTS = [{"name": "licence", "label": "营业执照", "required": True}]
ANSWERS = {"project": "智能装备研发", "staff": "12", "amount": "50", "started": "2025-01-01"}


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-call-{n}")
    title = factory.Sequence(lambda n: f"测试申报通知{n}")
    prefill = ["name", "credit_code", "district"]
    form_fields = factory.LazyFunction(lambda: [dict(item) for item in FIELDS])
    attachments = factory.LazyFunction(lambda: [dict(item) for item in ATTACHMENTS])
    opens_on = factory.LazyFunction(lambda: today() - timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: today() + timedelta(days=20))
    district_review_ends_on = factory.LazyFunction(lambda: today() + timedelta(days=30))
    expert_review_ends_on = factory.LazyFunction(lambda: today() + timedelta(days=45))
    publicity_days = 5


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    title = "智能装备研发"
    answers = factory.LazyFunction(lambda: dict(ANSWERS))


def attach(application: Application, name: str = "licence") -> ApplicationAttachment:
    return ApplicationAttachment.objects.create(
        application=application, name=name, file=ContentFile(b"%PDF-1.4 test", name="licence.pdf")
    )


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    enterprise = factory.SubFactory(EnterpriseFactory)
    fact = "owns_core_ip"
    value = "true"
    period_start = date(2025, 1, 1)
    declared_on = date(2025, 5, 1)
    signatory = "王法人"
