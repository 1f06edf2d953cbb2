"""Contracts: parties, amounts, dates, categories — refused in clean() with the field named, and by the
database's constraints when clean() is bypassed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rainforest.core.choices import OrganisationKind
from rainforest.core.models import Organisation, Region
from rainforest.enterprises.tests.factories import EnterpriseFactory
from rainforest.techmarket.choices import Category, SellerClass, Status, SubType
from rainforest.techmarket.models import Contract
from rainforest.techmarket.tests.factories import contract

pytestmark = pytest.mark.django_db


def errors_of(row: Contract) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    return error.value.message_dict


def test_parties_are_derived_district_class_and_province():
    firm = EnterpriseFactory()
    university = Organisation.objects.create(
        name="太原理工大学", kind=OrganisationKind.UNIVERSITY, region=Region.objects.get(code="140703")
    )
    row = contract(seller_organisation=university, buyer_enterprise=firm)
    assert row.seller_class == SellerClass.UNIVERSITY
    assert row.seller_district.code == "140703" and row.buyer_district.code == "140702"
    institute = Organisation.objects.create(name="山西省农业科学研究院", kind=OrganisationKind.UNIVERSITY)
    assert (
        contract(seller_organisation=institute, buyer_enterprise=firm).seller_class == SellerClass.INSTITUTE
    )
    outside = contract(
        seller_name="北京某研究所", seller_province="北京市", seller_class=SellerClass.INSTITUTE
    )
    assert outside.seller_district is None and not outside.seller_in_province
    assert outside.seller_class == SellerClass.INSTITUTE
    assert contract(seller_name="太原某公司", seller_province="山西省").seller_in_province


def test_tech_amount_above_turnover_is_refused_in_clean_and_database():
    row = Contract(
        number="X1",
        title="t",
        category=Category.SERVICE,
        sub_type=SubType.SERVICE,
        seller_name="甲",
        seller_province="北京市",
        buyer_name="乙",
        buyer_province="北京市",
        contract_amount=Decimal(100),
        tech_transaction_amount=Decimal(101),
        signed_on=date(2025, 1, 1),
    )
    assert "tech_transaction_amount" in errors_of(row)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    assert not Contract.objects.exists()


def test_parties_must_be_one_kind_each_and_not_the_same():
    firm = EnterpriseFactory()
    base = dict(
        number="X2",
        title="t",
        category=Category.SERVICE,
        sub_type=SubType.SERVICE,
        contract_amount=Decimal(100),
        tech_transaction_amount=Decimal(50),
        signed_on=date(2025, 1, 1),
    )
    row = Contract(**base, seller_enterprise=firm, seller_name="甲", buyer_name="乙", buyer_province="北京市")
    assert "seller_name" in errors_of(row)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    row = Contract(**base, buyer_name="乙", buyer_province="北京市")
    assert "卖方须填写" in errors_of(row)["seller_name"][0]
    row = Contract(**base, seller_enterprise=firm, buyer_enterprise=firm)
    assert "buyer_name" in errors_of(row)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    row = Contract(**base, seller_name="甲", buyer_name="乙")
    assert "seller_province" in errors_of(row)
    assert not Contract.objects.exists()


def test_sub_type_must_fit_the_category():
    row = Contract(
        number="X3",
        title="t",
        category=Category.DEVELOPMENT,
        sub_type=SubType.PATENT_LICENCE,
        seller_name="甲",
        seller_province="北京市",
        buyer_name="乙",
        buyer_province="北京市",
        contract_amount=Decimal(100),
        tech_transaction_amount=Decimal(50),
        signed_on=date(2025, 1, 1),
    )
    assert "sub_type" in errors_of(row)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_dates_in_order_and_not_in_the_future():
    row = Contract(
        number="X4",
        title="t",
        category=Category.SERVICE,
        sub_type=SubType.TRAINING,
        seller_name="甲",
        seller_province="北京市",
        buyer_name="乙",
        buyer_province="北京市",
        contract_amount=Decimal(100),
        tech_transaction_amount=Decimal(50),
        signed_on=date(2025, 3, 1),
        submitted_on=date(2025, 3, 2),
        registered_on=date(2025, 2, 1),
        registration_number="2025140700000001",
        status=Status.REGISTERED,
    )
    assert "registered_on" in errors_of(row)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    row.registered_on = date(2025, 3, 5)
    row.signed_on = date.today() + timedelta(days=1)
    assert "signed_on" in errors_of(row)


def test_registered_needs_number_and_returned_a_reason_in_the_database():
    row = contract(registered=False, status=Status.SUBMITTED)
    Contract.objects.filter(pk=row.pk).update(status=Status.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=row.pk).update(status=Status.REGISTERED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=row.pk).update(status=Status.RETURNED)
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED


def test_an_imported_row_with_date_and_number_is_registered():
    row = contract(registered=False, registered_on=date(2025, 2, 1), registration_number="2025140700000099")
    assert row.status == Status.REGISTERED
