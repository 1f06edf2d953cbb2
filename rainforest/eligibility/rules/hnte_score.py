"""The HNTE innovation-capability score (工作指引): IP 30 + conversion 30 + R&D management 20
+ growth 20. Experts pick points inside each band, so every item is a range [low, high]; an integer in
`expert_points[code]` collapses it. Known data narrows the range as far as it allows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from rainforest.eligibility import gaps
from rainforest.eligibility.facts import Facts
from rainforest.eligibility.fmt import ratio_text
from rainforest.eligibility.gaps import Cost
from rainforest.eligibility.result import Criterion, Result, add_points, item_passed
from rainforest.eligibility.rulebook import Points, RulebookError, Spec, to_points
from rainforest.eligibility.rules._common import Number, yearly_values

# The item each expert-judged input feeds, named in the result's `expert_inputs` while its range is open.
EXPERT_INPUT = {
    "IP-1": "ip_advancement",
    "IP-2": "ip_core_support",
    "IP-3": "expert_points.IP-3",
    "IP-4": "ip_acquisition",
    "IP-5": "standards_participation",
    "CONV": "expert_points.CONV",
    "RDM-1": "rd_mgmt_system",
    "RDM-2": "rd_mgmt_institution",
    "RDM-3": "rd_mgmt_conversion",
    "RDM-4": "rd_mgmt_talent",
    "GR-1": "expert_points.GR-1",
    "GR-2": "expert_points.GR-2",
}


def _item(
    spec: Spec,
    points: Points,
    facts: Facts,
    *,
    reason: str,
    value: str | None = None,
    threshold: str | None = None,
    percent: bool = False,
) -> Criterion:
    """An item's criterion; an expert's integer in `expert_points` collapses the range."""
    override = facts.expert_points.get(spec.code)
    if override is not None:
        reason = f"{reason}; 专家评分 {override}"
        points = (override, override)
    passed = item_passed(points)
    if reason.startswith("needs data") and points[0] != points[1]:
        passed = None
    return Criterion.of(
        spec,
        passed,
        value=value,
        threshold=threshold,
        points=points,
        reason=reason,
        role="item",
        percent=percent,
    )


def _mapped(spec: Spec, key: str, choice: str | None, name: str, facts: Facts) -> Criterion:
    table = spec.values[key]
    options = [to_points(raw, spec.where(f"{key}.{option}")) for option, raw in table.items()]
    top = max(high for _, high in options)
    if choice is None:
        return _item(spec, (0, top), facts, reason=f"needs data: {name}")
    points = to_points(table[choice], spec.where(f"{key}.{choice}"))
    return _item(spec, points, facts, value=choice, reason=f"{name} = {choice}")


def _ip_count(spec: Spec, facts: Facts) -> Criterion:
    bands = spec.bands("class2_bands")
    class1_points = spec.points("class1_points")
    class1, class2 = facts.ip_class1, facts.ip_class2
    value = f"Ⅰ类 {class1}; Ⅱ类 {class2}"
    if class1 is not None and class1 >= spec.int("class1_min"):
        return _item(spec, class1_points, facts, value=value, reason="拥有Ⅰ类知识产权")
    if class2 is None:
        top = class1_points[1] if class1 is None else bands.max_points
        missing = ["ip_class2"] + (["ip_class1"] if class1 is None else [])
        return _item(spec, (0, top), facts, value=value, reason="needs data: " + ", ".join(missing))
    band = bands.find(class2)
    low, high = band.points or (0, 0)
    if class1 is None:
        return _item(spec, (low, class1_points[1]), facts, value=value, reason="needs data: ip_class1")
    return _item(
        spec, (low, high), facts, value=value, threshold=band.label, reason=f"无Ⅰ类；Ⅱ类 {class2} 项"
    )


def _rdm(spec: Spec, judged: str | int | None, name: str, facts: Facts) -> Criterion:
    top = spec.int("max")
    if isinstance(judged, int):
        if not 0 <= judged <= top:
            raise RulebookError(f"{name}: {judged} is outside 0–{top}")
        return _item(spec, (judged, judged), facts, value=str(judged), reason=f"{name} = {judged}")
    if judged == "absent":
        return _item(spec, (0, 0), facts, value=judged, reason=f"{name} = absent")
    if judged == "present":
        return _item(spec, (spec.int("present_low"), top), facts, value=judged, reason=f"{name} = present")
    return _item(spec, (0, top), facts, reason=f"needs data: {name}")


def _conversions(spec: Spec, facts: Facts, years: Sequence[int]) -> Criterion:
    bands = spec.bands()
    values, missing = yearly_values(facts, years, "conversions")
    if missing or not years:
        return _item(
            spec, (0, bands.max_points), facts, reason="needs data: " + ", ".join(missing or ["years"])
        )
    average = Fraction(sum(int(value) for value in values), len(years))
    band = bands.find(average)
    criterion = _item(
        spec,
        band.points or (0, 0),
        facts,
        value=ratio_text(average),
        threshold=band.interval,
        reason=f"年均转化 Σ{sum(int(v) for v in values)} ÷ {len(years)} 年",
    )
    better = bands.better_than(band)
    if better is not None and better.lower is not None and better.points is not None:
        more = math.ceil(Fraction(better.lower) * len(years) - sum(int(v) for v in values))
        found = gaps.items(
            spec.code,
            count=more,
            what="项科技成果转化（近三年合计）",
            effect=f"成果转化得分可升至{better.points[0]}–{better.points[1]}分",
            cost=Cost.GROW,
            points_gain=better.points[0] - (band.points or (0, 0))[0],
        )
        if found:
            criterion.gaps.append(found)
    return criterion


def growth(values: Sequence[Number]) -> tuple[Fraction | None, str]:
    """g over the HNTE years and why. None means "0 points" by an edge-case rule (Y2 = 0, one year)."""
    if len(values) >= 3:
        y1, y2, y3 = (Fraction(value) for value in values[-3:])
        if y2 == 0:
            return None, "Y2 = 0 → 0分 (SECONDARY)"
        if y1 == 0:
            return y3 / y2 - 1, "Y1 = 0 → g = Y3 ÷ Y2 − 1 (SECONDARY)"
        return (y2 / y1 + y3 / y2) / 2 - 1, "g = ½ × (Y2 ÷ Y1 + Y3 ÷ Y2) − 1"
    if len(values) == 2:
        y1, y2 = (Fraction(value) for value in values)
        if y1 == 0:
            return None, "经营2年且 Y1 = 0 → 0分 (UNCONFIRMED)"
        return y2 / y1 - 1, "经营2年: g = Y2 ÷ Y1 − 1 (UNCONFIRMED)"
    return None, "经营不足2年 → 0分 (UNCONFIRMED)"


def _growth(spec: Spec, facts: Facts, years: Sequence[int], name: str, what: str) -> Criterion:
    bands = spec.bands()
    values, missing = yearly_values(facts, years, name)
    if missing:
        return _item(spec, (0, bands.max_points), facts, reason="needs data: " + ", ".join(missing))
    shown = " → ".join(str(value) for value in values)
    if any(value < 0 for value in values[-3:-1]):  # Y1 or Y2 (the latest year may be negative)
        return _item(
            spec,
            spec.points("negative_base_points"),
            facts,
            value=shown,
            reason="Y1 或 Y2 为负，需专家判断 (TEAM DESIGN)",
        )
    g, how = growth(values)
    if g is None:
        return _item(spec, (0, 0), facts, value=shown, reason=how)
    band = bands.find(g)
    criterion = _item(
        spec,
        band.points or (0, 0),
        facts,
        value=ratio_text(g),
        threshold=band.interval,
        percent=True,
        reason=f"{shown}; {how}",
    )
    better = bands.better_than(band)
    if len(values) >= 3 and better is not None and better.lower is not None and better.points is not None:
        y1, y2, y3 = (value for value in values[-3:])
        found = gaps.latest_for_growth(
            spec.code,
            y1=y1,
            y2=y2,
            y3=y3,
            target=better.lower,
            what=what,
            inclusive=better.lower_inclusive,
            points_gain=better.points[0] - (band.points or (0, 0))[0],
        )
        if found:
            criterion.gaps.append(found)
    return criterion


def score(result: Result, facts: Facts, years: Sequence[int]) -> tuple[Points, list[Criterion]]:
    """Every sub-item as a criterion (role "item") and the total range, IP capped at its maximum."""
    book = result.book
    ip_items = [
        _mapped(book["IP-1"], "grade_points", facts.ip_advancement, "ip_advancement", facts),
        _mapped(book["IP-2"], "grade_points", facts.ip_core_support, "ip_core_support", facts),
        _ip_count(book["IP-3"], facts),
        _mapped(book["IP-4"], "acquisition_points", facts.ip_acquisition, "ip_acquisition", facts),
        _standards(book["IP-5"], facts),
    ]
    cap = book["IP"].int("total_cap")
    ip_low, ip_high = add_points(*(item.points or (0, 0) for item in ip_items))
    ip_total = (min(ip_low, cap), min(ip_high, cap))
    others = [
        _conversions(book["CONV"], facts, years),
        _rdm(book["RDM-1"], facts.rd_mgmt_system, "rd_mgmt_system", facts),
        _rdm(book["RDM-2"], facts.rd_mgmt_institution, "rd_mgmt_institution", facts),
        _rdm(book["RDM-3"], facts.rd_mgmt_conversion, "rd_mgmt_conversion", facts),
        _rdm(book["RDM-4"], facts.rd_mgmt_talent, "rd_mgmt_talent", facts),
        _growth(book["GR-1"], facts, years, "net_assets", "净资产"),
        _growth(book["GR-2"], facts, years, "sales_revenue", "销售收入"),
    ]
    items = ip_items + others
    for item in items:
        low, high = item.points or (0, 0)
        if low != high:
            result.expert(EXPERT_INPUT[item.code])
    _ip_gaps(book["IP-3"], facts, ip_items[2])
    total = add_points(ip_total, *(item.points or (0, 0) for item in others))
    return total, items


def _standards(spec: Spec, facts: Facts) -> Criterion:
    value = facts.standards_participation
    if value is None:
        return _item(
            spec, (0, spec.points("yes_points")[1]), facts, reason="needs data: standards_participation"
        )
    points = spec.points("yes_points") if value else spec.points("no_points")
    return _item(
        spec,
        points,
        facts,
        value=str(value).lower(),
        reason=f"standards_participation = {str(value).lower()}",
    )


def _ip_gaps(spec: Spec, facts: Facts, item: Criterion) -> None:
    """ "One more Class I IP raises the IP score band"; or enough Class II for the next band."""
    if facts.ip_class1 is None or facts.ip_class1 >= spec.int("class1_min") or item.points is None:
        return
    class1 = spec.points("class1_points")
    low = item.points[0]
    found = gaps.items(
        spec.code,
        count=spec.int("class1_min") - facts.ip_class1,
        what="项Ⅰ类知识产权",
        effect=f"知识产权数量得分可升至{class1[0]}–{class1[1]}分",
        cost=Cost.IP_CLASS1,
        points_gain=class1[0] - low,
    )
    if found:
        item.gaps.append(found)
    bands = spec.bands("class2_bands")
    if facts.ip_class2 is None:
        return
    better = bands.better_than(bands.find(facts.ip_class2))
    if better is not None and better.lower is not None and better.points is not None:
        extra = gaps.items(
            spec.code,
            count=int(better.lower) - facts.ip_class2,
            what="项Ⅱ类知识产权",
            effect=f"知识产权数量得分可升至{better.points[0]}–{better.points[1]}分",
            cost=Cost.IP_CLASS2,
            points_gain=better.points[0] - low,
        )
        if extra:
            item.gaps.append(extra)
