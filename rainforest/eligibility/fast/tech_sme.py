"""The fast rule of 科技型中小企业评价 (tech-sme-2017): verdict and score only."""

from __future__ import annotations

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fast._common import (
    FastRule,
    Outcome,
    Years,
    _add,
    _bands,
    _find,
    _flag,
    _max_points,
    _range,
    _record,
    _verdict,
    all3,
    any3,
)
from rainforest.eligibility.rulebook import Rulebook

# --- 科技型中小企业 (tech-sme-2017) ---------------------------------------------------------------------


def _tech_sme(book: Rulebook) -> FastRule:
    offset = book.params.int("data_year_offset")
    size = book["TSME-2"]
    max_employees, max_sales, max_assets = (
        size.dec("max_employees"),
        size.dec("max_sales_yuan"),
        size.dec("max_total_assets_yuan"),
    )
    staff_bands = _bands(book["TSME-A"].bands())
    staff_top = _max_points(staff_bands)
    b1_bands, b2_bands = _bands(book["TSME-B1"].bands()), _bands(book["TSME-B2"].bands())
    b_top = max(_max_points(b1_bands), _max_points(b2_bands))
    ip = book["TSME-C"]
    class1_min, class1_points = ip.int("class1_min"), ip.int("class1_points")
    class2_bands = _bands(ip.bands("class2_bands"))
    class2_top = _max_points(class2_bands)
    mark = book.pass_mark or 0

    def rule(facts: Facts, years: Years) -> Outcome:
        record = _record(years, facts.evaluated_on.year - offset)
        employees, sales, assets = record.employees, record.sales_revenue, record.total_assets
        checks = [
            None if employees is None else employees <= max_employees,
            None if sales is None else sales <= max_sales,
            None if assets is None else assets <= max_assets,
        ]
        tech_staff = record.tech_staff
        if tech_staff is None or employees is None or employees <= 0:
            staff: tuple[int, int] = (0, staff_top)
            staff_passed: bool | None = None
        else:
            band = _find(staff_bands, tech_staff, employees)
            staff = (band[4], band[5])
            staff_passed = False if band[6] else (True if band[4] > 0 else (False if band[5] == 0 else None))
        rd_expense = record.rd_expense
        known = []
        if rd_expense is not None:
            for bands, denominator in ((b1_bands, sales), (b2_bands, record.cost_expense)):
                if denominator is not None and denominator > 0:
                    known.append(_find(bands, rd_expense, denominator)[4])
        if len(known) == 2:
            best = max(known)
            rd = (best, best)
        elif known:
            rd = (known[0], b_top)
        else:
            rd = (0, b_top)
        class1, class2 = facts.ip_class1, facts.ip_class2
        if class1 is not None and class1 >= class1_min:
            ip_points = (class1_points, class1_points)
        elif class2 is None:
            ip_points = (0, class1_points if class1 is None else class2_top)
        else:
            low = _find(class2_bands, class2)[4]
            ip_points = (low, class1_points) if class1 is None else (low, low)
        score = _add(staff, rd, ip_points)
        by_score = all3([_range(score, mark), staff_passed])
        by_route = any3(
            [
                _flag(facts.has_valid_hnte, True),
                _flag(facts.national_award_top3_5y, True),
                _flag(facts.provincial_rd_institution, True),
                _flag(facts.led_standard_5y, True),
            ]
        )
        conditions = [
            _flag(facts.resident_enterprise, True),
            all3(checks),
            _flag(facts.restricted_industry, False),
            all3([_flag(facts.major_incident_tsme, False), _flag(facts.dishonest_listed, False)]),
            any3([by_route, by_score]),
        ]
        return _verdict(conditions), score[0], score[1]

    return rule
