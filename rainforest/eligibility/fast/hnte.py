"""The fast rule of 高新技术企业认定 (hnte-2016): verdict and score range only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fast._common import (
    FastRule,
    Outcome,
    Years,
    _add,
    _at_least,
    _bands,
    _find,
    _flag,
    _growth_points,
    _max_points,
    _range,
    _record,
    _reference,
    _values,
    _verdict,
)
from rainforest.eligibility.rulebook import Rulebook

# --- 高新技术企业 (hnte-2016) -----------------------------------------------------------------------------


def _points_table(table: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {key: (raw, raw) if isinstance(raw, int) else (raw[0], raw[1]) for key, raw in table.items()}


def _hnte(book: Rulebook) -> FastRule:
    window_years = book.params.int("window_years")
    min_days = book["HNTE-1"].int("min_days")
    tech_fields = frozenset(book["HNTE-3"].values["fields"])
    staff_min = book["HNTE-4"].dec("min_ratio")
    sales_bands = _bands(book["HNTE-5"].bands("sales_bands"))
    domestic_min = book["HNTE-5b"].dec("min_ratio")
    hitech_min = book["HNTE-6"].dec("min_ratio")
    mark = book.pass_mark or 0
    grades1 = _points_table(book["IP-1"].values["grade_points"])
    grades2 = _points_table(book["IP-2"].values["grade_points"])
    top1, top2 = max(p[1] for p in grades1.values()), max(p[1] for p in grades2.values())
    ip3 = book["IP-3"]
    class1_min, class1_points = ip3.int("class1_min"), ip3.points("class1_points")
    class2_bands = _bands(ip3.bands("class2_bands"))
    class2_top = _max_points(class2_bands)
    acquisition = _points_table(book["IP-4"].values["acquisition_points"])
    acquisition_top = max(p[1] for p in acquisition.values())
    yes_points, no_points = book["IP-5"].points("yes_points"), book["IP-5"].points("no_points")
    cap = book["IP"].int("total_cap")
    conv_bands = _bands(book["CONV"].bands())
    conv_top = _max_points(conv_bands)
    rdm = [
        ("RDM-1", "rd_mgmt_system"),
        ("RDM-2", "rd_mgmt_institution"),
        ("RDM-3", "rd_mgmt_conversion"),
        ("RDM-4", "rd_mgmt_talent"),
    ]
    rdm_specs = [(code, name, book[code].int("max"), book[code].int("present_low")) for code, name in rdm]
    growth_specs = [
        (code, name, _bands(book[code].bands()), book[code].points("negative_base_points"))
        for code, name in (("GR-1", "net_assets"), ("GR-2", "sales_revenue"))
    ]

    def item(facts: Facts, code: str, points: tuple[int, int]) -> tuple[int, int]:
        override = facts.expert_points.get(code) if facts.expert_points else None
        return points if override is None else (override, override)

    def rule(facts: Facts, years: Years) -> Outcome:
        application_year = facts.evaluated_on.year
        first = application_year - window_years
        registered_on = facts.registered_on
        if registered_on is not None:
            first = max(first, registered_on.year)
        span = list(range(first, application_year))
        latest = _record(years, span[-1] if span else application_year - 1)

        age = None if registered_on is None else (facts.evaluated_on - registered_on).days >= min_days
        field = None if facts.tech_field is None else facts.tech_field in tech_fields
        staff = _at_least(latest.tech_staff, latest.employees, staff_min)
        rd_share: bool | None = None
        domestic: bool | None = None
        if span:
            rd, missing_rd = _values(years, span, "rd_expense")
            sales, missing_sales = _values(years, span, "sales_revenue")
            if not (missing_rd or missing_sales):
                rate = _find(sales_bands, sales[-1])[7] or Decimal(0)
                rd_share = _at_least(sum(rd, Decimal(0)), sum(sales, Decimal(0)), rate)
            dom, missing_dom = _values(years, span, "rd_expense_domestic")
            if not (missing_dom or missing_rd):
                domestic = _at_least(sum(dom, Decimal(0)), sum(rd, Decimal(0)), domestic_min)
        hitech = _at_least(latest.hitech_income, latest.total_income, hitech_min)

        # Innovation-capability score
        ip1 = item(
            facts, "IP-1", (0, top1) if facts.ip_advancement is None else grades1[facts.ip_advancement]
        )
        ip2 = item(
            facts, "IP-2", (0, top2) if facts.ip_core_support is None else grades2[facts.ip_core_support]
        )
        class1, class2 = facts.ip_class1, facts.ip_class2
        if class1 is not None and class1 >= class1_min:
            ip3_points = class1_points
        elif class2 is None:
            ip3_points = (0, class1_points[1] if class1 is None else class2_top)
        else:
            band = _find(class2_bands, class2)
            ip3_points = (band[4], class1_points[1]) if class1 is None else (band[4], band[5])
        ip3_points = item(facts, "IP-3", ip3_points)
        ip4 = item(
            facts,
            "IP-4",
            (0, acquisition_top) if facts.ip_acquisition is None else acquisition[facts.ip_acquisition],
        )
        standards = facts.standards_participation
        ip5 = item(
            facts,
            "IP-5",
            (0, yes_points[1]) if standards is None else (yes_points if standards else no_points),
        )
        ip_low, ip_high = _add(ip1, ip2, ip3_points, ip4, ip5)
        total_low, total_high = min(ip_low, cap), min(ip_high, cap)

        conversions, missing_conv = _values(years, span, "conversions")
        if missing_conv or not span:
            conv = (0, conv_top)
        else:
            band = _find(conv_bands, sum(int(v) for v in conversions), len(span))
            conv = (band[4], band[5])
        conv = item(facts, "CONV", conv)
        total_low, total_high = total_low + conv[0], total_high + conv[1]

        for code, name, top, present_low in rdm_specs:
            judged = getattr(facts, name)
            if isinstance(judged, int):
                if not 0 <= judged <= top:
                    return _reference(facts, book)  # the reference path raises the rulebook error
                points = (judged, judged)
            elif judged == "absent":
                points = (0, 0)
            elif judged == "present":
                points = (present_low, top)
            else:
                points = (0, top)
            points = item(facts, code, points)
            total_low, total_high = total_low + points[0], total_high + points[1]

        for code, name, bands, negative in growth_specs:
            values, missing = _values(years, span, name)
            if missing:
                points = (0, _max_points(bands))
            elif any(value < 0 for value in values[-3:-1]):
                points = negative
            else:
                points = _growth_points(values, bands)
            points = item(facts, code, points)
            total_low, total_high = total_low + points[0], total_high + points[1]

        conditions = [
            age,
            _flag(facts.owns_core_ip, True),
            field,
            staff,
            rd_share,
            domestic,
            hitech,
            _range((total_low, total_high), mark),
            _flag(facts.major_incident_12m, False),
        ]
        return _verdict(conditions), total_low, total_high

    return rule
