"""What the pages, the API and the commands ask of the engine, for one user: every result is a record the
user may see (the policy's restrict, through the app's selectors), with its explanation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rainforest.core.policy import Action, may
from rainforest.matching import selectors
from rainforest.matching.engine.ranker import Match
from rainforest.matching.engine.store import Kind, engine_for, field_of
from rainforest.matching.models import Achievement, Demand

DEFAULT_TOP = 10
MAX_TOP = 100


@dataclass
class Result:
    """One match shown to a user: the record (an Achievement or a Demand) and why it matched."""

    record: Any
    match: Match

    @property
    def score(self) -> float:
        return round(float(self.match.score), 2)

    @property
    def reasons(self) -> list[str]:
        return self.match.reasons()

    @property
    def explanation(self) -> str:
        return self.match.explanation()


@dataclass
class Firm:
    """An enterprise whose demands match an achievement: its best score and those demands."""

    enterprise: Any
    score: float
    demands: list[Result] = field(default_factory=list)


def _visible(kind: Kind, user: Any) -> Any:
    def allowed(ids: list[str]) -> set[str]:
        keys = [int(i) for i in ids if i.isdigit()]
        if kind == "achievements":
            return {str(pk) for pk in selectors.visible_achievements(user, keys)}
        return {str(pk) for pk in selectors.visible_demands(user, keys)}

    return allowed


def _results(kind: Kind, user: Any, matches: list[Match]) -> list[Result]:
    keys = [int(m.id) for m in matches]
    found = (
        selectors.visible_achievements(user, keys)
        if kind == "achievements"
        else selectors.visible_demands(user, keys)
    )
    return [Result(found[int(m.id)], m) for m in matches if int(m.id) in found]


def search(
    user: Any, text: str, *, kind: Kind = "achievements", field: str = "", top: int = DEFAULT_TOP
) -> list[Result]:
    """Ad-hoc text against achievements (problem → technique) or demands (technique → problem)."""
    text = (text or "").strip()
    model = Achievement if kind == "achievements" else Demand
    if not text or not may(user, Action.VIEW, model):
        return []
    top = max(1, min(top, MAX_TOP))
    matches = engine_for(kind).search(text, field=field, top=top, allowed=_visible(kind, user))
    return _results(kind, user, matches)


def demand_text(demand: Demand) -> str:
    return f"{demand.title} {demand.description}"


def achievement_text(achievement: Achievement) -> str:
    return " ".join([achievement.title, " ".join(achievement.keywords or []), achievement.abstract])


def for_demand(user: Any, demand: Demand, *, top: int = DEFAULT_TOP) -> list[Result]:
    """The achievements that answer a demand (the caller fetched `demand` through restrict)."""
    return search(user, demand_text(demand), kind="achievements", field=field_of(demand), top=top)


def for_achievement(
    user: Any, achievement: Achievement, *, top: int = DEFAULT_TOP
) -> tuple[list[Result], list[Firm]]:
    """The demands an achievement answers, and the firms behind them (best demand first)."""
    demands = search(
        user, achievement_text(achievement), kind="demands", field=field_of(achievement), top=top
    )
    firms: dict[int, Firm] = {}
    for result in demands:
        enterprise = result.record.enterprise
        firm = firms.setdefault(enterprise.pk, Firm(enterprise, result.score))
        firm.demands.append(result)
        firm.score = max(firm.score, result.score)
    return demands, sorted(firms.values(), key=lambda f: (-f.score, f.enterprise.name))
