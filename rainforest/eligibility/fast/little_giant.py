"""The fast rules of 专精特新“小巨人” (little-giant-2022, little-giant-2026)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fast._common import (
    EXACT,
    FastRule,
    Outcome,
    Years,
    _at_least,
    _at_most,
    _average_growth,
    _bands,
    _base,
    _find,
    _ip_or_waiver,
    _manual,
    _niche,
    _prior,
    _record,
    _sum_reaches,
    _values,
    _verdict,
    _window,
    all3,
    any3,
)
from rainforest.eligibility.rulebook import Rulebook
from rainforest.eligibility.rules._common import awards_within
from rainforest.eligibility.rules._miit import full_years
from rainforest.eligibility.rules.little_giant import DECLARED

# --- 专精特新“小巨人” (little-giant-2022, little-giant-2026) --------------------------------------------


def _market_share(facts: Facts, minimum: Decimal, max_rank: int | None) -> bool | None:
    by_share = None if facts.market_share is None else facts.market_share >= minimum
    if max_rank is None:
        return by_share
    rank = facts.market_rank_national
    return any3([by_share, None if rank is None else rank <= max_rank])


def _declared(facts: Facts, code: str, read: Callable[[Facts], bool | None]) -> bool | None:
    value = read(facts)
    if value is not None:
        return value
    judged = _manual(facts, code)
    return None if judged is None else judged > 0


def _little_giant_2022(book: Rulebook) -> FastRule:
    offset = book.params.int("data_year_offset")
    award_window = book.params.int("award_window_years")
    equity_window = book.params.int("equity_window_years")
    niche_min = book["LG-1"].int("min_years")
    main_min = book["LG-2"].dec("min_ratio")
    growth_min = book["LG-3"].dec("min_growth")
    debt_max = book["LG-4"].dec("max_ratio")
    lg5 = book["LG-5"]
    revenue_bands = _bands(lg5.bands("revenue_bands"))
    small = (
        lg5.dec("small_min_equity_yuan"),
        lg5.dec("small_min_rd_yuan"),
        lg5.dec("small_min_rd_staff_ratio"),
    )
    ip_min = book["LG-7"].int("min_count")
    lg8 = book["LG-8"]
    share_min = lg8.dec("min_share")
    share_rank = lg8.int("max_rank") if lg8.has("max_rank") else None
    national_rank = book["LG-R1"].int("national_max_rank")
    chuangke_max = book["LG-R2"].int("max_rank")
    titles = frozenset(book["LG-0"].values["prior_titles"])
    age_min = book["LG-AGE"].int("min_years")
    declared = [
        (code, DECLARED[book[code].text("fact")]) for code in ("LG-9", "LG-10", "LG-11", "LG-12", "LG-13")
    ]

    def rule(facts: Facts, years: Years) -> Outcome:
        last = facts.evaluated_on.year - offset
        record = _record(years, last)
        main, missing_main = _values(years, [last - 2, last - 1, last], "main_business_revenue")
        growth = None if missing_main else _average_growth(main)
        operating = record.operating_revenue
        rd_test: bool | None = None
        if operating is not None:
            rate = _find(revenue_bands, operating)[7]
            window = _window(last, equity_window)
            if rate is not None:
                rd_test = all3(
                    [
                        _at_least(
                            _record(years, year).rd_expense, _record(years, year).operating_revenue, rate
                        )
                        for year in window
                    ]
                )
            else:
                equity, missing_equity = _values(years, window, "equity_qualified")
                rd, missing_rd = _values(years, window, "rd_expense")
                rd_test = all3(
                    [
                        _sum_reaches(equity, missing_equity, small[0]),
                        _sum_reaches(rd, missing_rd, small[1]),
                        _at_least(record.rd_staff, record.employees, small[2]),
                    ]
                )
        level = facts.rd_institution_level
        if level is None:
            institution = True if facts.provincial_rd_institution else None
        else:
            institution = level != "none"
        applied = facts.ip_class1_applied
        registered = facts.registered_on
        groups = [
            _prior(facts, titles),
            None if registered is None else full_years(registered, facts.evaluated_on) >= age_min,
            _niche(facts, niche_min),
            _at_least(record.main_business_revenue, operating, main_min),
            None if growth is None else growth[0] >= growth_min * growth[1],
            _at_most(record.total_liabilities, record.total_assets, debt_max),
            _market_share(facts, share_min, share_rank),
            *(_declared(facts, code, read) for code, read in declared),
        ]
        innovation = [rd_test, institution, None if applied is None else applied >= ip_min]
        rank = facts.chuangke_rank_3y
        routes = [
            awards_within(
                facts, window_years=award_window, levels=frozenset({"national"}), max_rank=national_rank
            ),
            None if rank is None else 0 < rank <= chuangke_max,
        ]
        new = any3([all3(innovation), any3(routes)])
        return _verdict([*_base(facts), *groups, new]), None, None

    return rule


def _little_giant_2026(book: Rulebook) -> FastRule:
    offset = book.params.int("data_year_offset")
    award_window = book.params.int("award_window_years")
    equity_window = book.params.int("equity_window_years")
    titles = frozenset(book["L26-1"].values["prior_titles"])
    niche_min = book["L26-2"].int("min_years")
    revenue_min = book["L26-3"].dec("min_revenue_yuan")
    main_min = book["L26-4"].dec("min_ratio")
    with localcontext(EXACT):
        factor = (1 + book["L26-5"].dec("min_cagr")) * (1 + book["L26-5"].dec("min_cagr"))
    debt_max = book["L26-6"].dec("max_ratio")
    rd_total_min, rd_rate = book["L26-7"].dec("min_rd_total_yuan"), book["L26-7"].dec("min_rd_ratio")
    ip = book["L26-8"]
    ip_min, waiver_rank = ip.int("min_count"), ip.int("waiver_max_rank")
    share = book["L26-9"]
    share_min = share.dec("min_share")
    share_rank = share.int("max_rank") if share.has("max_rank") else None
    mark = book.pass_mark or 0

    def rule(facts: Facts, years: Years) -> Outcome:
        last = facts.evaluated_on.year - offset
        record = _record(years, last)
        revenue = record.operating_revenue
        ends, missing_ends = _values(years, [last - 2, last], "main_business_revenue")
        cagr = None if missing_ends or ends[0] <= 0 else ends[1] >= ends[0] * factor
        window = _window(last, equity_window)
        rd, missing_rd = _values(years, window, "rd_expense")
        rd_checks = [_sum_reaches(rd, missing_rd, rd_total_min)]
        for year in window:
            rec = _record(years, year)
            rd_checks.append(_at_least(rec.rd_expense, rec.operating_revenue, rd_rate))
        judged = _manual(facts, "L26-11")
        condition = _manual(facts, "L26-10")
        conditions = [
            *_base(facts),
            _prior(facts, titles),
            _niche(facts, niche_min),
            None if revenue is None else revenue >= revenue_min,
            _at_least(record.main_business_revenue, revenue, main_min),
            cagr,
            _at_most(record.total_liabilities, record.total_assets, debt_max),
            all3(rd_checks),
            _ip_or_waiver(facts, ip_min, award_window, frozenset({"national"}), waiver_rank, False),
            _market_share(facts, share_min, share_rank),
            None if condition is None else condition > 0,
            None if judged is None else judged >= mark,
        ]
        return _verdict(conditions), judged, judged

    return rule
