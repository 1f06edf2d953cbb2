"""The fast path: verdict and score only, for bulk runs (every rulebook × 500,000 firms).

The reference path (`engine.evaluate`, the rule modules) builds every criterion with its value, reason and
gaps in Chinese, which a person reads; a bulk run that ranks or counts firms needs only the verdict and the
score range. The functions here compute exactly those, from the same rulebook files, without Fraction,
text or per-criterion objects:

* every ratio test a ÷ b ≥ t is made as a ≥ t × b (b > 0) on Decimals in a context wide enough that no
  product or sum is ever rounded (`EXACT`), so a ratio is never rounded before it is compared;
* band bounds are read once per rulebook into plain tuples (`_bands`);
* text is built only on demand: a caller that wants the reasons and gaps of one firm (a page, the pool's
  candidates) runs the reference path for it.

`tests/test_fastpath.py` checks on thousands of random facts that both paths give the same verdict and
score. A rulebook without a fast function here falls back to the reference path (same answer, slower).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from functools import cache
from typing import Any, cast

from rainforest.eligibility.facts import Facts, YearFacts
from rainforest.eligibility.rulebook import Bands, Rulebook, all_rulebooks, rulebook_for, rulebook_named
from rainforest.eligibility.rules import RULES
from rainforest.eligibility.rules._common import awards_within
from rainforest.eligibility.rules._miit import full_years

# Products and sums of Decimals are exact in this context (no rounding at any size).
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)

TRUE, FALSE, UNDETERMINED = "true", "false", "undetermined"
# (eligible, score low, score high); the score is (None, None) for rulebooks without one.
Outcome = tuple[str, int | None, int | None]
Years = dict[int, YearFacts]
FastRule = Callable[[Facts, Years], Outcome]
Number = Decimal | int
# (lower, lower inclusive, upper, upper inclusive, points low, points high, veto, rate)
FastBand = tuple[Decimal | None, bool, Decimal | None, bool, int, int, bool, Decimal | None]


def _bands(bands: Bands) -> tuple[FastBand, ...]:
    return tuple(
        (
            band.lower,
            band.lower_inclusive,
            band.upper,
            band.upper_inclusive,
            band.points[0] if band.points else 0,
            band.points[1] if band.points else 0,
            band.veto,
            band.rate,
        )
        for band in bands
    )


def _find(bands: tuple[FastBand, ...], n: Number, d: Number = 1) -> FastBand:
    """The band holding n ÷ d (d > 0), by cross-multiplication: exact, no division."""
    for band in bands:
        lower = band[0]
        if lower is not None:
            bound = lower * d
            if n < bound or (n == bound and not band[1]):
                continue
        upper = band[2]
        if upper is not None:
            bound = upper * d
            if n > bound or (n == bound and not band[3]):
                continue
        return band
    raise ValueError(f"no band holds {n} / {d}")  # the rulebook loader checks the bands tile the line


def _max_points(bands: tuple[FastBand, ...]) -> int:
    return max(band[5] for band in bands)


def all3(values: list[bool | None]) -> bool | None:
    """Three-valued AND over a list of True / False / None (`in` compares in C; 0 and 1 never occur)."""
    if False in values:
        return False
    return None if None in values else True


def any3(values: list[bool | None]) -> bool | None:
    """Three-valued OR over a list of True / False / None."""
    if True in values:
        return True
    return None if None in values else False


def _verdict(conditions: list[bool | None]) -> str:
    if False in conditions:
        return FALSE
    return UNDETERMINED if None in conditions else TRUE


def _range(points: tuple[int, int], mark: int) -> bool | None:
    if points[0] >= mark:
        return True
    if points[1] < mark:
        return False
    return None


def _flag(value: bool | None, required: bool) -> bool | None:
    return None if value is None else value is required


def _record(years: Years, year: int) -> YearFacts:
    return years.get(year) or YearFacts(year=year)


def _values(years: Years, wanted: Sequence[int], name: str) -> tuple[list[Number], bool]:
    """Values of one field over years, and whether any is missing."""
    values: list[Number | None] = [
        getattr(record, name) if (record := years.get(year)) is not None else None for year in wanted
    ]
    if None in values:
        return [value for value in values if value is not None], True
    return cast("list[Number]", values), False


def _at_least(n: Number | None, d: Number | None, t: Decimal) -> bool | None:
    """n ÷ d ≥ t; None when an input is missing or d ≤ 0 (as `ratio` gives None)."""
    if n is None or d is None or d <= 0:
        return None
    return n >= t * d


def _at_most(n: Number | None, d: Number | None, t: Decimal) -> bool | None:
    if n is None or d is None or d <= 0:
        return None
    return n <= t * d


def _ratio_points(
    bands: tuple[FastBand, ...], top: int, n: Number | None, d: Number | None
) -> tuple[int, int]:
    if n is None or d is None or d <= 0:
        return (0, top)
    band = _find(bands, n, d)
    return (band[4], band[5])


def _sum_reaches(values: Sequence[Number], missing: bool, threshold: Decimal) -> bool | None:
    if sum(values, Decimal(0)) >= threshold:
        return True
    return None if missing else False


def _growth_fraction(y1: Number, y2: Number, y3: Number) -> tuple[Number, Number]:
    """½ × (Y2 ÷ Y1 + Y3 ÷ Y2) − 1 as n ÷ d with d > 0 (Y1, Y2 > 0)."""
    return (y2 * y2 + y1 * y3 - 2 * y1 * y2, 2 * y1 * y2)


def _tiered(spec_tiers: Sequence[tuple[str, int, int]], facts: Facts) -> tuple[int, int]:
    high: int | None = None
    for name, minimum, points in spec_tiers:
        count = getattr(facts, name)
        if count is None:
            high = max(high or 0, points)
            continue
        if count >= minimum:
            return (points, max(high or points, points))
    return (0, high or 0)


def _tiers(book: Rulebook, code: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((str(t["count"]), int(t["min"]), int(t["points"])) for t in book[code].values["tiers"])


def _base(facts: Facts) -> list[bool | None]:
    return [
        _flag(facts.is_sme, True),
        _flag(facts.dishonest_listed, False),
        _flag(facts.restricted_industry, False),
        _flag(facts.major_incident_3y, False),
    ]


def _add(*items: tuple[int, int]) -> tuple[int, int]:
    return (sum(item[0] for item in items), sum(item[1] for item in items))


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


def _growth_points(values: Sequence[Number], bands: tuple[FastBand, ...]) -> tuple[int, int]:
    """HNTE growth g (the edge cases of `hnte_score.growth`) → the band's points."""
    if len(values) >= 3:
        y1, y2, y3 = values[-3:]
        if y2 == 0:
            return (0, 0)
        if y1 == 0:
            n, d = y3 - y2, y2
        else:
            n, d = _growth_fraction(y1, y2, y3)
    elif len(values) == 2:
        y1, y2 = values
        if y1 == 0:
            return (0, 0)
        n, d = y2 - y1, y1
    else:
        return (0, 0)
    if d < 0:  # Y1 or Y2 negative is handled before; keep the sign in the numerator all the same
        n, d = -n, -d
    band = _find(bands, n, d)
    return (band[4], band[5])


# --- MIIT helpers -----------------------------------------------------------------------------------------


def _window(last: int, count: int) -> list[int]:
    return list(range(last - count + 1, last + 1))


def _average_growth(values: Sequence[Number]) -> tuple[Number, Number] | None:
    y1, y2, y3 = values
    if y1 <= 0 or y2 <= 0:
        return None
    return _growth_fraction(y1, y2, y3)


def _rd_each_year(years: Years, wanted: Sequence[int], floor: Decimal, rate: Decimal) -> bool | None:
    outcomes: list[bool | None] = []
    for year in wanted:
        record = _record(years, year)
        rd = record.rd_expense
        if rd is None:
            outcomes.append(None)
            continue
        outcomes.append(all3([rd >= floor, _at_least(rd, record.operating_revenue, rate)]))
    return all3(outcomes)


def _revenue_or_equity(
    record: YearFacts, years: Years, equity_years: Sequence[int], minimum: Decimal, equity_min: Decimal
) -> bool | None:
    values, missing = _values(years, equity_years, "equity_qualified")
    revenue = record.operating_revenue
    return any3([None if revenue is None else revenue >= minimum, _sum_reaches(values, missing, equity_min)])


def _ip_or_waiver(
    facts: Facts, minimum: int, window_years: int, levels: frozenset[str], max_rank: int, institution: bool
) -> bool | None:
    count = facts.ip_class1_applied
    options = [
        None if count is None else count >= minimum,
        awards_within(facts, window_years=window_years, levels=levels, max_rank=max_rank),
    ]
    if institution:
        options.append(facts.provincial_rd_institution)
    return any3(options)


def _manual(facts: Facts, code: str) -> int | None:
    return facts.expert_points.get(code) if facts.expert_points else None


def _niche(facts: Facts, min_years: int) -> bool | None:
    since = facts.niche_market_since
    return None if since is None else full_years(since, facts.evaluated_on) >= min_years


def _prior(facts: Facts, titles: frozenset[str]) -> bool | None:
    return None if facts.valid_titles is None else bool(titles & facts.valid_titles)


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
            None if rank is None else rank <= chuangke_max,
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


# --- 专精特新“小巨人” (little-giant-2022, little-giant-2026) --------------------------------------------


def _market_share(facts: Facts, minimum: Decimal, max_rank: int | None) -> bool | None:
    by_share = None if facts.market_share is None else facts.market_share >= minimum
    if max_rank is None:
        return by_share
    rank = facts.market_rank_national
    return any3([by_share, None if rank is None else rank <= max_rank])


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
        manual = [_manual(facts, code) for code in ("LG-9", "LG-10", "LG-11")]
        indicators = [
            _niche(facts, niche_min),
            _at_least(record.main_business_revenue, operating, main_min),
            None if growth is None else growth[0] >= growth_min * growth[1],
            _at_most(record.total_liabilities, record.total_assets, debt_max),
            rd_test,
            institution,
            None if applied is None else applied >= ip_min,
            _market_share(facts, share_min, share_rank),
            *(None if judged is None else judged > 0 for judged in manual),
        ]
        rank = facts.chuangke_rank_3y
        routes = [
            awards_within(
                facts, window_years=award_window, levels=frozenset({"national"}), max_rank=national_rank
            ),
            None if rank is None else rank <= chuangke_max,
        ]
        passed = any3([any3(routes), all3(indicators)])
        return _verdict([*_base(facts), passed]), None, None

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


# --- Dispatch ---------------------------------------------------------------------------------------------

FAST: dict[str, Callable[[Rulebook], FastRule]] = {
    "tech-sme-2017": _tech_sme,
    "hnte-2016": _hnte,
    "innovative-sme-2022": _innovative,
    "srdi-2022": _srdi_2022,
    "srdi-2026": _srdi_2026,
    "little-giant-2022": _little_giant_2022,
    "little-giant-2026": _little_giant_2026,
}


def _reference(facts: Facts, book: Rulebook) -> Outcome:
    result = RULES[book.name](facts, book)
    score = result.score
    return result.eligible, score[0] if score else None, score[1] if score else None


@cache
def compiled(name: str) -> FastRule:
    """The fast rule of a rulebook version, its thresholds read once (falls back to the reference path)."""
    book = rulebook_named(name)
    build = FAST.get(name)
    if build is None:
        return lambda facts, years: _reference(facts, book)
    return build(book)


def years_of(facts: Facts) -> Years:
    return {record.year: record for record in facts.years}


def fast_evaluate(facts: Facts, name: str) -> Outcome:
    """Verdict and score of one rulebook version (by its full name, e.g. `hnte-2016`)."""
    with localcontext(EXACT):
        return compiled(name)(facts, years_of(facts))


@cache
def _in_force(day: date) -> tuple[tuple[str, str], ...]:
    books = []
    for family in dict.fromkeys(book.family for book in all_rulebooks()):
        try:
            books.append((family, rulebook_for(family, day).name))
        except LookupError:
            continue
    return tuple(books)


def fast_evaluate_all(facts: Facts) -> dict[str, Outcome]:
    """Every family's version in force on facts.evaluated_on, as `engine.evaluate_all` picks them."""
    years = years_of(facts)
    with localcontext(EXACT):
        return {family: compiled(name)(facts, years) for family, name in _in_force(facts.evaluated_on)}


def evaluate_many(items: Iterable[tuple[int, Facts]]) -> Iterator[tuple[int, dict[str, Outcome]]]:
    """(pk, {family: outcome}) for a stream of (pk, facts): the bulk loop, one exact context for all."""
    with localcontext(EXACT):
        for pk, facts in items:
            years = {record.year: record for record in facts.years}
            yield pk, {family: compiled(name)(facts, years) for family, name in _in_force(facts.evaluated_on)}
