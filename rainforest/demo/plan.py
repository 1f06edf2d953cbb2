"""The shape of the demo city: the as-of date, the scales, how many firms of each kind, and where they are.

Everything the builder draws is drawn from one `random.Random(seed)` in a fixed order, so a seed always
gives the same city. Every record is dated on or before `AS_OF`, the seed report's date, so the demo city
stays the same whatever the machine's date (tests and screenshots stay stable).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

AS_OF = date(2025, 6, 1)
FIRST_FIGURES_YEAR = 2021
LAST_FIGURES_YEAR = 2024  # 2025 is not closed on AS_OF: no yearly figures for it
TECH_SME_YEARS = (2021, 2022, 2023, 2024, 2025)
BATCH = 5000

# Enterprises per scale. `tiny` is for tests (hidden from the command's help text).
SCALES = {"tiny": 150, "city": 1500, "province": 15000, "national": 500000}
CITY_SIZE = SCALES["city"]

# Kinds of firm ("tracks"): each has its own ranges of figures and its own certificates.
BIG = 0  # large firms: designated leaders and tree candidates
HNTE = 1  # high-tech enterprises (certificates in 3-year cycles)
TSME = 2  # tech-SMEs without a high-tech certificate (the 蓄水池)
PLAIN = 3  # registered firms in no layer (cultivation prospects), some with a lapsed registration
PARK_TEAM = 4  # enterprises founded by an incubated team of 晋创谷 (微成长)
PARK_RESIDENT = 5  # other enterprises resident in 晋创谷 on AS_OF
PARK_LEFT = 6  # enterprises that graduated from 晋创谷 before AS_OF
PARK_NEXT = 7  # enterprises about to enter 晋创谷 (拟入驻)

TRACK_SHARES = {HNTE: 0.225, TSME: 0.22}  # of the firms left after the fixed counts below

# 晋创谷·晋中 on AS_OF, seed S34: 53 resident firms, 29 resident teams, 11 about to enter, 15 in negotiation.
PARK_COUNTS = {
    "resident_firms": 53,
    "team_firms": 14,  # of the 53: founded by incubated teams in 2022-2025
    "graduated_firms": 8,
    "about_to_enter": 11,
    "resident_teams": 29,
    "negotiating_teams": 15,
    "dissolved_teams": 4,
}


@dataclass(frozen=True)
class Plan:
    """How many firms of each kind one build makes."""

    scale: str
    size: int
    big: int
    designated: int  # of the big firms: 龙头 / 科技领军 designations valid on AS_OF
    revenue_trees: int  # of the big firms: high-tech firms with revenue of 5亿 or more
    park: dict[str, int]
    butlers: int
    caseload: int

    @property
    def factor(self) -> float:
        return self.size / CITY_SIZE

    @property
    def park_firms(self) -> int:
        return self.park["resident_firms"] + self.park["graduated_firms"] + self.park["about_to_enter"]


def plan_for(scale: str, size: int | None = None) -> Plan:
    """The plan of a scale; `size` overrides its number of enterprises (tests build small cities)."""
    total = size if size is not None else SCALES[scale]
    factor = total / CITY_SIZE
    # The park is one place: it keeps the seed's counts from city scale up and shrinks only below it.
    park_factor = min(1.0, factor)
    park = {key: max(1, round(value * park_factor)) for key, value in PARK_COUNTS.items()}
    park["team_firms"] = min(park["team_firms"], park["resident_firms"])
    return Plan(
        scale=scale,
        size=total,
        big=max(3, round(15 * factor)),
        designated=max(1, round(6 * factor)),
        revenue_trees=max(1, round(2 * factor)),
        park=park,
        butlers=max(2, min(100, round(8 * factor))),
        caseload=30,
    )


# County-level units of Jinzhong (GB/T 2260) with their weight in the registry: 榆次区 the largest, 太谷区 next.
DISTRICT_WEIGHTS = {
    "140702": 30,  # 榆次区
    "140703": 14,  # 太谷区
    "140781": 9,  # 介休市
    "140728": 8,  # 平遥县
    "140727": 7,  # 祁县
    "140729": 6,  # 灵石县
    "140725": 6,  # 寿阳县
    "140724": 5,  # 昔阳县
    "140722": 5,  # 左权县
    "140723": 5,  # 和顺县
    "140721": 5,  # 榆社县
}
# Big firms sit where heavy industry is.
BIG_DISTRICT_WEIGHTS = {
    "140702": 40,
    "140781": 20,
    "140729": 12,
    "140703": 10,
    "140728": 8,
    "140725": 5,
    "140727": 5,
}
# Share of a host county's firms inside its development zone, by zone short name.
ZONE_SHARE = {"140702": ("晋中开发区", 0.4), "140703": ("农高区", 0.35), "140727": ("祁县开发区", 0.3)}
DISTRICT_SHORT = {
    "140702": "榆次",
    "140703": "太谷",
    "140721": "榆社",
    "140722": "左权",
    "140723": "和顺",
    "140724": "昔阳",
    "140725": "寿阳",
    "140727": "祁县",
    "140728": "平遥",
    "140729": "灵石",
    "140781": "介休",
}
