"""The calls pages: the enterprise sees its precheck and applies with a pre-filled form, fills it, attaches
its file and submits; the district officer finds it pending and passes it; the city sees the funnel, the
applications list (filters, export) and its pending formal review; scope on every page."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from rainforest.calls.choices import State
from rainforest.calls.models import Application
from rainforest.calls.tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(code="open-call", title="智能制造专项", rulebook="tech-sme")


def test_the_enterprise_applies_and_follows_it(client, call, owner, own_firm, district_yuci):
    client.force_login(owner)
    page = client.get(reverse("calls:call", args=[call.code])).content.decode()
    assert "资格预检" in page and own_firm.name in page
    response = client.post(reverse("calls:apply", args=[call.code]), {"title": "智能装备"})
    application = Application.objects.get(call=call, enterprise=own_firm)
    assert response.url == reverse("calls:application", args=[application.pk])
    page = client.get(response.url).content.decode()
    assert own_firm.credit_code in page  # pre-filled from the registry
    bad = client.post(response.url, {"title": "智能装备", "project": "X", "staff": "十二"})
    assert "研发人员数" in bad.content.decode()
    assert Application.objects.get(pk=application.pk).answers == {}
    client.post(response.url, {"title": "智能装备", "project": "智能装备研发", "staff": "12", "amount": "50"})
    assert Application.objects.get(pk=application.pk).answers["staff"] == 12
    upload = SimpleUploadedFile("licence.pdf", b"%PDF-1.4")
    client.post(
        reverse("calls:application_attach", args=[application.pk]), {"name": "licence", "file": upload}
    )
    client.post(reverse("calls:application_move", args=[application.pk]), {"transition": "submit"})
    assert Application.objects.get(pk=application.pk).status == State.SUBMITTED

    client.force_login(district_yuci)
    pending = client.get(reverse("calls:pending")).content.decode()
    assert "待县区审核" in pending and own_firm.name in pending
    client.post(
        reverse("calls:application_move", args=[application.pk]),
        {"transition": "return_for_changes", "comment": "请补充研发人员名单"},
    )
    assert Application.objects.get(pk=application.pk).status == State.RETURNED

    client.force_login(owner)
    page = client.get(reverse("calls:application", args=[application.pk])).content.decode()
    assert "请补充研发人员名单" in page and "退回修改" in page
    assert "退回修改，待重新提交" in client.get(reverse("calls:pending")).content.decode()


def test_a_refused_step_says_why_and_changes_nothing(client, call, own_firm, city):
    application = ApplicationFactory(call=call, enterprise=own_firm)
    client.force_login(city)
    response = client.post(
        reverse("calls:application_move", args=[application.pk]), {"transition": "approve"}, follow=True
    )
    assert "当前状态为“草稿”" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == State.DRAFT


def test_pages_keep_to_the_scope(client, call, owner, district_yuci, two_districts):
    other = ApplicationFactory(call=call, enterprise=two_districts["taigu"])
    for user in (owner, district_yuci):
        client.force_login(user)
        assert client.get(reverse("calls:application", args=[other.pk])).status_code == 404
        listing = client.get(reverse("calls:applications")).content.decode()
        assert two_districts["taigu"].name not in listing


def test_city_sees_the_funnel_the_list_and_the_export(client, call, city, two_districts):
    for enterprise in two_districts.values():
        application = ApplicationFactory(call=call, enterprise=enterprise)
        Application.objects.filter(pk=application.pk).update(status=State.DISTRICT_PASSED)
    client.force_login(city)
    page = client.get(reverse("calls:call", args=[call.code])).content.decode()
    assert "申报漏斗" in page and "太谷区" in page
    listing = client.get(reverse("calls:applications"), {"status": State.DISTRICT_PASSED}).content.decode()
    assert "共 2 条" in listing
    assert "待形式审查" in client.get(reverse("calls:pending")).content.decode()
    export = client.get(reverse("calls:applications_export"), {"call": call.code})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][0] == "申报通知"


def test_empty_states(client, owner):
    client.force_login(owner)
    assert "没有符合条件的申报。" in client.get(reverse("calls:applications")).content.decode()
    assert "没有符合条件的申报通知。" in client.get(reverse("calls:calls")).content.decode()


def test_anonymous_goes_to_login(client, call):
    response = client.get(reverse("calls:calls"))
    assert response.status_code == 302 and "login" in response.url
