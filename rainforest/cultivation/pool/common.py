"""The pool's vocabulary: its rulebooks, reasons and probability bands, and the row of one candidate
(`Candidate`) with what it lacks (`Shortfall`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rainforest.cultivation.probability import Features
from rainforest.eligibility.facts import fact_labels
from rainforest.eligibility.gaps import Cost
from rainforest.eligibility.result import Result
from rainforest.enterprises.models import Enterprise

HNTE = "hnte"
TECH_SME = "tech-sme"
RULEBOOKS = (HNTE, TECH_SME)
RULEBOOK_LABELS = {HNTE: gettext_lazy("高新技术企业认定"), TECH_SME: gettext_lazy("科技型中小企业评价")}
EXPIRING = "expiring"
RE_REGISTER = "re_register"
REASON_LABELS = {
    EXPIRING: gettext_lazy("高企证书今年到期，须重新认定"),
    RE_REGISTER: gettext_lazy("去年已入库，今年尚未重新评价入库"),
}
NO_KNOWN_FIX = len(Cost) + 1  # the cost tier of a failing condition no gap closes (over a cap, wrong field)
# A ratio passing by less than this share of its threshold passes narrowly (10%: 10.5% staff against 10%);
# the safe line is the threshold raised by it (11%).
NEAR = Fraction(1, 10)
# Margin texts are domain text in Chinese, like the gap texts of eligibility.gaps they embed and sit beside:
# candidates are cached across requests (and languages), so they are not translated when built.
SCORE_LABELS = {"HNTE-7": "创新能力评价得分"}
# Above this many candidates the facts are loaded for the whole city and filtered, rather than by id list.
ID_LIST_LIMIT = 20_000

# Probability bands of the pool's filter: (code, label, low inclusive, high exclusive).
BANDS = (
    ("high", gettext_lazy("较高（≥70%）"), 0.7, 1.01),
    ("medium", gettext_lazy("中等（30%–70%）"), 0.3, 0.7),
    ("low", gettext_lazy("较低（<30%）"), 0.0, 0.3),
)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """What closes one failing condition, the cheapest way (eligibility.gaps order)."""

    code: str
    label: str
    text: str
    cost: int
    yuan: Decimal = Decimal(0)
    persons: int = 0


@dataclass(slots=True)
class Candidate:
    enterprise_id: int
    rulebook: str
    result: Result
    features: Features
    probability: float
    shortfalls: list[Shortfall] = field(default_factory=list)
    reason: str = ""
    enterprise: Enterprise | None = None
    margins: list[Shortfall] = field(default_factory=list)
    to_verify: list[str] = field(default_factory=list)  # fact names (JSON); `to_verify_text` for people

    @property
    def verdict(self) -> str:
        return self.result.eligible

    @property
    def failing(self) -> int:
        return sum(1 for item in self.result.criteria if item.role == "condition" and item.passed is False)

    @property
    def unknown(self) -> int:
        return sum(1 for item in self.result.criteria if item.role == "condition" and item.passed is None)

    @property
    def score_margin(self) -> float:
        if self.result.score is None or self.result.pass_mark is None:
            return 0.0
        low, high = self.result.score
        return (low + high) / 2 - self.result.pass_mark

    @property
    def score_text(self) -> str:
        if self.result.score is None:
            return "—"
        low, high = self.result.score
        return str(low) if low == high else f"{low}–{high}"

    @property
    def yuan_needed(self) -> Decimal:
        return sum((item.yuan for item in self.shortfalls), Decimal(0))

    @property
    def persons_needed(self) -> int:
        return sum(item.persons for item in self.shortfalls)

    @property
    def gap_cost(self) -> int:
        return sum(item.cost for item in self.shortfalls)

    @property
    def margin_yuan(self) -> Decimal:
        return sum((item.yuan for item in self.margins), Decimal(0))

    @property
    def margin_persons(self) -> int:
        return sum(item.persons for item in self.margins)

    @property
    def to_verify_text(self) -> str:
        """ "待核实：是否拥有核心自主知识产权、近一年有无重大安全质量事故…" (empty when nothing is missing)."""
        if not self.to_verify:
            return ""
        return _("待核实：{facts}").format(facts=fact_labels(self.to_verify))

    @property
    def lacks(self) -> list[Shortfall]:
        """What the row says, in order: the failing conditions' gaps, then the margins to make safe."""
        return [*self.shortfalls, *self.margins]

    @property
    def reason_label(self) -> str:
        return str(REASON_LABELS[self.reason]) if self.reason else ""

    def closeness(self) -> tuple[int, int, float, Decimal, int, Decimal, int, float, int]:
        """The sort key of the pool: smaller is closer to passing."""
        return (
            self.failing,
            self.gap_cost,
            -self.score_margin,
            self.yuan_needed,
            self.persons_needed,
            self.margin_yuan,
            self.margin_persons,
            -self.probability,
            self.enterprise_id,
        )
