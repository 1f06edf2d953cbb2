"""The fast rule of 创新型中小企业 (innovative-sme-2022)."""

from __future__ import annotations

from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fast._common import (
    FastRule,
    Outcome,
    Years,
    _add,
    _bands,
    _base,
    _find,
    _flag,
    _max_points,
    _range,
    _ratio_points,
    _record,
    _sum_reaches,
    _tiered,
    _tiers,
    _values,
    _verdict,
    _window,
    all3,
    any3,
)
from rainforest.eligibility.rulebook import Rulebook
from rainforest.eligibility.rules._common import awards_within

# --- 创新型中小企业 (innovative-sme-2022) -----------------------------------------------------------------


def _innovative(book: Rulebook) -> FastRule:
    offset = book.params.int("data_year_offset")
    award_window = book.params.int("award_window_years")
    equity_window = book.params.int("equity_window_years")
    honours = frozenset(book["INN-R2"].values["honours"])
    equity_min = book["INN-R4"].dec("min_equity_yuan")
    tiers = _tiers(book, "I-1")
    i2, g1, g2, p2 = (_bands(book[code].bands()) for code in ("I-2", "G-1", "G-2", "P-2"))
    i2_top, g1_top, g2_top, p2_top = (_max_points(bands) for bands in (i2, g1, g2, p2))
    yes, no = book["P-1"].points("yes_points"), book["P-1"].points("no_points")
    p1_unknown = (min(yes[0], no[0]), max(yes[1], no[1]))
    spec = book["INN-PASS"]
    floors = (spec.int("innovation_min"), spec.int("growth_min"), spec.int("specialisation_min"))
    mark = book.pass_mark or 0
    levels = frozenset({"national", "provincial"})

    def rule(facts: Facts, years: Years) -> Outcome:
        last = facts.evaluated_on.year - offset
        record = _record(years, last)
        honours_valid = facts.honours_valid
        equity, missing_equity = _values(years, _window(last, equity_window), "equity_qualified")
        by_route = any3(
            [
                awards_within(facts, window_years=award_window, levels=levels),
                any3(
                    [facts.has_valid_hnte, None if honours_valid is None else bool(honours & honours_valid)]
                ),
                _flag(facts.provincial_rd_institution, True),
                _sum_reaches(equity, missing_equity, equity_min),
            ]
        )
        innovation = _add(
            _tiered(tiers, facts), _ratio_points(i2, i2_top, record.rd_expense, record.operating_revenue)
        )
        before = years.get(last - 1)
        previous = None if before is None else before.main_business_revenue
        current = record.main_business_revenue
        if previous is None or current is None or previous <= 0:
            growth_points = (0, g1_top)
        else:
            band = _find(g1, current - previous, previous)
            growth_points = (band[4], band[5])
        growth = _add(growth_points, _ratio_points(g2, g2_top, record.total_liabilities, record.total_assets))
        emerging = facts.strategic_emerging_field
        specialisation = _add(
            p1_unknown if emerging is None else (yes if emerging else no),
            _ratio_points(p2, p2_top, record.main_business_revenue, record.operating_revenue),
        )
        total = _add(innovation, growth, specialisation)
        by_score = all3(
            [
                _range(total, mark),
                _range(innovation, floors[0]),
                _range(growth, floors[1]),
                _range(specialisation, floors[2]),
            ]
        )
        return _verdict([*_base(facts), any3([by_route, by_score])]), total[0], total[1]

    return rule
