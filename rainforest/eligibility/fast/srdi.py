"""The fast rules of 专精特新中小企业 (srdi-2022, srdi-2026)."""

from __future__ import annotations

from decimal import Decimal

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fast._common import (
    FastRule,
    Outcome,
    Years,
    _add,
    _at_least,
    _at_most,
    _average_growth,
    _bands,
    _base,
    _find,
    _ip_or_waiver,
    _manual,
    _max_points,
    _niche,
    _prior,
    _range,
    _ratio_points,
    _rd_each_year,
    _record,
    _revenue_or_equity,
    _sum_reaches,
    _tiered,
    _tiers,
    _values,
    _verdict,
    _window,
    any3,
)
from rainforest.eligibility.rulebook import Rulebook
from rainforest.eligibility.rules._common import awards_within
from rainforest.eligibility.rules._miit import full_years

# --- 专精特新中小企业 (srdi-2022, srdi-2026) ------------------------------------------------------------


def _srdi_2022(book: Rulebook) -> FastRule:
    offset = book.params.int("data_year_offset")
    award_window = book.params.int("award_window_years")
    equity_window = book.params.int("equity_window_years")
    niche_min = book["SRDI-1"].int("min_years")
    revenue_min, equity_min = book["SRDI-2"].dec("min_revenue_yuan"), book["SRDI-2"].dec("min_equity_yuan")
    rd_floor, rd_rate = book["SRDI-3"].dec("min_rd_yuan"), book["SRDI-3"].dec("min_rd_ratio")
    sp1, sp2, fp3, fp4, in3 = (
        _bands(book[code].bands()) for code in ("SP-1", "SP-2", "FP-3", "FP-4", "IN-3")
    )
    sp1_top, sp2_top, fp3_top, fp4_top, in3_top = (_max_points(b) for b in (sp1, sp2, fp3, fp4, in3))
    sp3 = book["SP-3"]
    per_point, sp3_top = sp3.int("years_per_point"), sp3.int("max")
    manual = [(code, book[code].int("max")) for code in ("SP-4", "FP-1", "FP-2", "FS-1")]
    tiers = _tiers(book, "IN-1")
    amount_bands, ratio_bands = (
        _bands(book["IN-2"].bands("amount_bands")),
        _bands(book["IN-2"].bands("ratio_bands")),
    )
    in2_top = max(_max_points(amount_bands), _max_points(ratio_bands))
    levels = {key: int(value) for key, value in book["IN-4"].values["level_points"].items()}
    in4_top = max(levels.values())
    r1 = book["SRDI-R1"]
    provincial_rank, national_rank = r1.int("provincial_max_rank"), r1.int("national_max_rank")
    average_min = book["SRDI-R2"].dec("min_average_rd_yuan")
    route_equity_min = book["SRDI-R3"].dec("min_equity_yuan")
    chuangke_max = book["SRDI-R4"].int("max_rank")
    mark = book.pass_mark or 0

    def rule(facts: Facts, years: Years) -> Outcome:
        last = facts.evaluated_on.year - offset
        record = _record(years, last)
        equity_years = _window(last, equity_window)
        conditions = _base(facts)
        conditions.append(_niche(facts, niche_min))
        conditions.append(_revenue_or_equity(record, years, equity_years, revenue_min, equity_min))
        conditions.append(_rd_each_year(years, [last], rd_floor, rd_rate))

        operating = record.operating_revenue
        items = [
            _ratio_points(sp1, sp1_top, record.main_business_revenue, operating),
            _ratio_points(fp3, fp3_top, record.net_profit, operating),
            _ratio_points(fp4, fp4_top, record.total_liabilities, record.total_assets),
            _ratio_points(in3, in3_top, record.rd_staff, record.employees),
            _tiered(tiers, facts),
        ]
        main, missing_main = _values(years, [last - 2, last - 1, last], "main_business_revenue")
        growth = None if missing_main else _average_growth(main)
        if growth is None:
            items.append((0, sp2_top))
        else:
            band = _find(sp2, *growth)
            items.append((band[4], band[5]))
        if facts.niche_market_since is None:
            items.append((0, sp3_top))
        else:
            held = min(full_years(facts.niche_market_since, facts.evaluated_on) // per_point, sp3_top)
            items.append((held, held))
        for code, top in manual:
            judged = _manual(facts, code)
            items.append((0, top) if judged is None else (min(max(judged, 0), top),) * 2)
        rd = record.rd_expense
        if rd is None:
            items.append((0, in2_top))
        else:
            by_amount = _find(amount_bands, rd)[4]
            if operating is None or operating <= 0:
                items.append((by_amount, in2_top))
            else:
                best = max(by_amount, _find(ratio_bands, rd, operating)[4])
                items.append((best, best))
        level = facts.rd_institution_level
        items.append((0, in4_top) if level is None else (levels[level],) * 2)
        total = _add(*items)

        award = any3(
            [
                awards_within(
                    facts,
                    window_years=award_window,
                    levels=frozenset({"provincial"}),
                    max_rank=provincial_rank,
                ),
                awards_within(
                    facts, window_years=award_window, levels=frozenset({"national"}), max_rank=national_rank
                ),
            ]
        )
        rd_two, missing_rd = _values(years, [last - 1, last], "rd_expense")
        average = None if missing_rd else sum(rd_two, Decimal(0)) >= average_min * len(rd_two)
        equity, missing_equity = _values(years, equity_years, "equity_qualified")
        rank = facts.chuangke_rank_3y
        routes = [
            award,
            average,
            _sum_reaches(equity, missing_equity, route_equity_min),
            None if rank is None else 0 < rank <= chuangke_max,
        ]
        conditions.append(any3([any3(routes), _range(total, mark)]))
        return _verdict(conditions), total[0], total[1]

    return rule


def _srdi_2026(book: Rulebook) -> FastRule:
    offset = book.params.int("data_year_offset")
    award_window = book.params.int("award_window_years")
    equity_window = book.params.int("equity_window_years")
    titles = frozenset(book["S26-1"].values["prior_titles"])
    niche_min = book["S26-2"].int("min_years")
    revenue_min, equity_min = book["S26-3"].dec("min_revenue_yuan"), book["S26-3"].dec("min_equity_yuan")
    main_min, debt_max = book["S26-4"].dec("min_ratio"), book["S26-5"].dec("max_ratio")
    rd_floor, rd_rate = book["S26-6"].dec("min_rd_yuan"), book["S26-6"].dec("min_rd_ratio")
    ip = book["S26-7"]
    ip_min, waiver_rank = ip.int("min_count"), ip.int("waiver_max_rank")
    mark = book.pass_mark or 0

    def rule(facts: Facts, years: Years) -> Outcome:
        last = facts.evaluated_on.year - offset
        record = _record(years, last)
        judged = _manual(facts, "S26-8")
        conditions = [
            *_base(facts),
            _prior(facts, titles),
            _niche(facts, niche_min),
            _revenue_or_equity(record, years, _window(last, equity_window), revenue_min, equity_min),
            _at_least(record.main_business_revenue, record.operating_revenue, main_min),
            _at_most(record.total_liabilities, record.total_assets, debt_max),
            _rd_each_year(years, [last - 1, last], rd_floor, rd_rate),
            _ip_or_waiver(
                facts, ip_min, award_window, frozenset({"national", "provincial"}), waiver_rank, True
            ),
            None if judged is None else judged >= mark,
            None if _manual(facts, "S26-9") is None else (_manual(facts, "S26-9") or 0) > 0,
        ]
        return _verdict(conditions), judged, judged

    return rule
