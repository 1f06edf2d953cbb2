"""The techmarket app's contributions to the permission matrix (FACTORIES: one contract per district of the
matrix's world, sold by that district's firm) and to the record walk (SAMPLES)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from rainforest.core.tests import test_records as walk
from rainforest.techmarket.models import Contract
from rainforest.techmarket.tests.factories import contract


def _contract(world: dict[str, Any]) -> Contract:
    """One contract per district key, made once (the matrix asks for it route by route)."""
    firm = world["enterprises.enterprise"]
    existing = Contract.objects.filter(number=f"HT-MATRIX-{firm.credit_code}").first()
    if existing is not None:
        return existing
    return contract(
        number=f"HT-MATRIX-{firm.credit_code}",
        seller_enterprise=firm,
        contract_amount=Decimal("1000000"),
        tech_transaction_amount=Decimal("800000"),
        registered_on=date(2025, 2, 1),
    )


FACTORIES: dict[str, Callable[[dict[str, Any]], Any]] = {"techmarket.contract": _contract}


def _contract_values(enterprise: Any, n: int) -> dict[str, Any]:
    """A contract sold by `enterprise` to a firm outside the province (amounts in 万元 on the pages)."""
    return {
        "number": f"HT-2099-{n:04d}",
        "title": f"秸秆饲料化技术开发{n}",
        "category": "development",
        "sub_type": "commissioned",
        "seller_enterprise": enterprise.credit_code,
        "buyer_name": f"北京测试科技有限公司{n}",
        "buyer_place": "北京市海淀区",
        "buyer_province": "北京市",
        "contract_amount": "50",
        "tech_transaction_amount": "40",
        "signed_on": "2025-01-10",
        "submitted_on": "2025-01-12",
        "field": "new_materials",
    }


SAMPLES: dict[str, Any] = {
    # A contract is reached through its parties: the walk's two firms are the sellers (the butler serves
    # 榆次区's, the owner is 榆次区's firm). Note: `may(user, ADD, Contract())` cannot see the parties of an
    # unsaved contract, so a party user's or district officer's create of a contract between others is
    # refused only after saving (403), where the walk expects the parent rule's answer.
    "contract": walk.Sample(values=_contract_values),
}

# Whichever of the walk and this module is imported first, the walk ends up with these samples.
walk.SAMPLES.update(SAMPLES)
