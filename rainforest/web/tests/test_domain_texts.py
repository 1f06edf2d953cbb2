"""Domain texts in the reader's language (docs/decisions/0003-domain-text-translation.md): an industry
section's name comes from its English column, a move's stored Chinese reason is rendered phrase by phrase;
the Chinese page shows both as recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rainforest.core.models import IndustrySection
from rainforest.enterprises.models import Enterprise
from rainforest.forest.models import Move

pytestmark = pytest.mark.django_db

REASON = "高新技术企业证书到期或撤销；迁出孵化载体"


@pytest.fixture
def firm(own_firm):
    Enterprise.objects.filter(pk=own_firm.pk).update(industry=IndustrySection.objects.get(code="C"))
    Move.objects.create(
        enterprise=own_firm,
        district=own_firm.district,
        kind="regress",
        on=date(2024, 3, 1),
        from_layer=3,
        to_layer=2,
        reason=REASON,
    )
    return own_firm


def page(client, user, firm, language: str) -> str:
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client.get(reverse("enterprises:detail", args=[firm.credit_code])).content.decode()


def test_every_industry_section_has_an_english_name():
    assert IndustrySection.objects.filter(name_en="").count() == 0
    assert IndustrySection.objects.get(code="M").name_en == "Scientific research and technical services"


def test_the_enterprise_page_in_english_names_the_industry_and_the_move_reason_in_english(client, city, firm):
    html = page(client, city, firm, "en")
    assert "<dd>C Manufacturing</dd>" in html
    assert "</strong> High-tech enterprise certificate expired or revoked; Left the incubator</div>" in html


def test_the_enterprise_page_in_chinese_shows_them_as_recorded(client, city, firm):
    html = page(client, city, firm, "zh-hans")
    assert "<dd>C 制造业</dd>" in html
    assert f"</strong> {REASON}</div>" in html


def test_the_industry_filter_offers_english_names_in_english(client, city):
    client.force_login(city)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("enterprises:list")).content.decode()
    assert '<option value="C">C Manufacturing</option>' in html
