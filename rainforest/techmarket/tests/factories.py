"""Factories of technology contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rainforest.techmarket.choices import Category, Status, SubType
from rainforest.techmarket.models import Contract

_counter = {"n": 0}


def contract(**values: Any) -> Contract:
    """A saved, validated contract: by default sold by an outside party in Beijing to nobody in particular —
    give `seller_enterprise`/`buyer_enterprise`/`seller_organisation` etc. for the parties that matter."""
    _counter["n"] += 1
    n = _counter["n"]
    registered = values.pop("registered", True)
    defaults: dict[str, Any] = {
        "number": f"HT-TEST-{n:05d}",
        "title": f"测试技术合同{n}",
        "category": Category.DEVELOPMENT,
        "sub_type": SubType.COMMISSIONED,
        "contract_amount": Decimal("1000000"),
        "tech_transaction_amount": Decimal("800000"),
        "signed_on": date(2025, 1, 10),
        "submitted_on": date(2025, 1, 12),
    }
    defaults.update(values)
    parties = {key for key in defaults if key.startswith("seller_") and key != "seller_class"}
    if not parties & {"seller_enterprise", "seller_organisation", "seller_name"}:
        defaults.update(seller_name=f"北京外部单位{n}", seller_province="北京市")
    if not {key for key in defaults if key.startswith("buyer_")} & {
        "buyer_enterprise",
        "buyer_organisation",
        "buyer_name",
    }:
        defaults.update(buyer_name=f"上海外部单位{n}", buyer_province="上海市")
    if registered and "status" not in defaults:
        defaults.setdefault("registered_on", date(2025, 2, 1))
        defaults.setdefault("registration_number", f"2025140700{n:06d}")
        defaults["status"] = Status.REGISTERED
    row = Contract(**defaults)
    row.full_clean()
    row.save()
    return row
