"""The per-call funnel: eligible firms (from the registry) → started → submitted → passed each stage →
approved, in the user's scope, with counts by district.

Speed (issue 10: a call open to every firm of a 500,000-firm registry in under 5 s). Judging every firm is
the costly part: even on the fast paths (`calls.eligibility.eligible_ids`: the rulebook's fast evaluator over
the streamed facts, the CEL condition over the policy facts it reads) it takes tens of seconds at that
scale, mostly loading the facts. So the verdicts of every firm are computed once per call, evaluation day and
state of the registry, and kept in Django's cache (`EligibleSet`: the ids judged "true" and "undetermined",
sorted, and the counts by district):

* the key names the call (code, id, rulebook, condition), the evaluation day and a **registry stamp**
  (`eligibility.stamp.registry_stamp`): the insert/update/delete counters PostgreSQL keeps for every table
  the facts are read from (its statistics views; the current transaction's own changes included) and their
  highest ids. Any write to those tables,
  by a page, an import, a script or COPY, gives a new stamp and so a new key: the next funnel judges every
  firm again (the counters of another session's commit show within seconds, when it flushes them); the
  old entry ages out (`CACHE_SECONDS`);
* only on PostgreSQL (`CACHED_ON`): elsewhere (SQLite: development and tests, small registries) the stamp
  sees rows added or removed and edits that write a change-log row, not a figure corrected in place by
  hand-written SQL, so nothing is cached and each funnel judges every firm;
* one entry serves every user: the city's funnel reads the counts by district, a district officer's the
  firms of their district looked up in the sorted ids;
* where it lives follows the CACHES setting: the default (per-process memory) makes each server process
  judge the registry once per state; a shared cache (database, Redis) makes it once for all processes.
  An entry holds 8 bytes per firm judged "true" or "undetermined" (about 4 MB for 500,000 firms), more
  than memcached takes by default.

The applications are counted on every request (one scoped query). `reference_funnel` is the same funnel
through the per-firm precheck (full criteria and reasons): the slow path the tests compare it with.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext_lazy

from rainforest.calls.choices import State
from rainforest.calls.eligibility import FALSE, TRUE, UNDETERMINED, eligible_ids, precheck
from rainforest.calls.models import Call
from rainforest.calls.selectors import applications_for, evaluation_day
from rainforest.core.choices import Role
from rainforest.core.models import Region
from rainforest.core.policy import Action, restrict, role_of
from rainforest.eligibility.stamp import registry_stamp
from rainforest.enterprises.models import Enterprise

STAGES: tuple[tuple[str, Any], ...] = (
    ("eligible", gettext_lazy("符合条件的企业")),
    ("started", gettext_lazy("已开始填报")),
    ("submitted", gettext_lazy("已提交")),
    ("district_passed", gettext_lazy("县区审核通过")),
    ("formal_passed", gettext_lazy("形式审查通过")),
    ("ranked", gettext_lazy("完成评审排名")),
    ("approved", gettext_lazy("批准或推荐")),
)
# The furthest stage each status shows the application reached.
REACHED: dict[str, str] = {
    State.DRAFT: "started",
    State.WITHDRAWN: "started",
    State.SUBMITTED: "submitted",
    State.RETURNED: "submitted",
    State.DISTRICT_REJECTED: "submitted",
    State.DISTRICT_PASSED: "district_passed",
    State.FORMAL_REJECTED: "district_passed",
    State.EXPERT_REVIEW: "formal_passed",
    State.RANKED: "ranked",
    State.PUBLICITY: "ranked",
    State.PUBLICITY_CLOSED: "ranked",
    State.NOT_APPROVED: "ranked",
    State.APPROVED: "approved",
    State.RECOMMENDED: "approved",
    State.PROJECT: "approved",
}
ORDER = [key for key, _label in STAGES]

CACHE_SECONDS = 24 * 60 * 60
# The databases whose stamp sees every change (in-place edits included): elsewhere nothing is cached.
CACHED_ON: frozenset[str] = frozenset({"postgresql"})
EVERYONE = (Role.CITY_OFFICER, Role.SYSTEM_ADMIN)


@dataclass
class Funnel:
    call: Call
    evaluated_on: date
    totals: dict[str, int]
    by_district: dict[str, dict[str, int]] = field(default_factory=dict)  # district name → stage → count
    undetermined: int = 0

    @property
    def rows(self) -> list[tuple[str, Any, int]]:
        return [(key, label, self.totals.get(key, 0)) for key, label in STAGES]

    @property
    def districts(self) -> list[tuple[str, list[int]]]:
        return [
            (name, [counts.get(key, 0) for key in ORDER]) for name, counts in sorted(self.by_district.items())
        ]


@dataclass(frozen=True)
class EligibleSet:
    """Every firm's verdict for one call on one day: the ids judged "true" and "undetermined" (sorted; the
    others are "false"), and per district id (None: no district) the two counts."""

    evaluated_on: date
    eligible: array[int]
    undetermined: array[int]
    by_district: dict[int | None, tuple[int, int]]

    def verdict(self, pk: int) -> str:
        for ids, verdict in ((self.eligible, TRUE), (self.undetermined, UNDETERMINED)):
            at = bisect_left(ids, pk)
            if at < len(ids) and ids[at] == pk:
                return verdict
        return FALSE

    @classmethod
    def of(cls, day: date, verdicts: Mapping[int, str], district_of: Mapping[int, int | None]) -> EligibleSet:
        eligible = array("q", sorted(pk for pk, verdict in verdicts.items() if verdict == TRUE))
        undetermined = array("q", sorted(pk for pk, verdict in verdicts.items() if verdict == UNDETERMINED))
        counts: dict[int | None, list[int]] = {}
        for column, ids in enumerate((eligible, undetermined)):
            for pk in ids:
                counts.setdefault(district_of.get(pk), [0, 0])[column] += 1
        by_district = {district: (pair[0], pair[1]) for district, pair in counts.items()}
        return cls(evaluated_on=day, eligible=eligible, undetermined=undetermined, by_district=by_district)


# --- the registry stamp and the cache -----------------------------------------------------------------------


def cache_key(call: Call, day: date, stamp: str) -> str:
    what = f"{call.code}|{call.pk}|{call.rulebook.strip()}|{call.condition.strip()}"
    digest = hashlib.sha256(what.encode()).hexdigest()[:24]
    return f"calls:eligible:{digest}:{day.isoformat()}:{stamp}"


def eligible_set(call: Call, day: date | None = None) -> EligibleSet:
    """The verdict of every firm of the registry for `call` on `day` (its evaluation day): from the cache
    when the registry has not changed since it was computed, else computed on the fast paths and kept."""
    day = day or evaluation_day(call)
    key = cache_key(call, day, registry_stamp()) if connection.vendor in CACHED_ON else None
    found = None if key is None else cache.get(key)
    if isinstance(found, EligibleSet):
        return found
    verdicts = eligible_ids(call, day)
    district_of = dict(Enterprise.objects.order_by().values_list("id", "district_id"))
    computed = EligibleSet.of(day, verdicts, district_of)
    if key is not None:
        cache.set(key, computed, CACHE_SECONDS)
    return computed


# --- the funnel ---------------------------------------------------------------------------------------------


def _count_applications(
    call: Call,
    user: Any,
    names: Mapping[int, str],
    totals: Counter[str],
    by_district: dict[str, Counter[str]],
) -> None:
    if call.pk is None:  # an unsaved call (a benchmark's) has no applications
        return
    rows = applications_for(user, call).values_list("status", "submitted_at", "enterprise__district_id")
    for status, submitted_at, district_id in rows:
        reached = REACHED[status]
        if status == State.WITHDRAWN and submitted_at is not None:
            reached = "submitted"
        district = by_district.setdefault(names.get(district_id, "—"), Counter())
        for key in ORDER[1 : ORDER.index(reached) + 1]:
            totals[key] += 1
            district[key] += 1


def _funnel(
    call: Call,
    user: Any,
    day: date,
    verdicts: Iterable[tuple[int | None, str, int]],
    names: Mapping[int, str],
) -> Funnel:
    """The funnel from (district id, verdict, how many firms) rows of the user's scope."""
    totals: Counter[str] = Counter()
    by_district: dict[str, Counter[str]] = {}
    undetermined = 0
    for district_id, verdict, count in verdicts:
        if verdict == TRUE and count:
            totals["eligible"] += count
            name = "—" if district_id is None else names.get(district_id, "—")
            by_district.setdefault(name, Counter())["eligible"] += count
        elif verdict == UNDETERMINED:
            undetermined += count
    _count_applications(call, user, names, totals, by_district)
    return Funnel(
        call=call,
        evaluated_on=day,
        totals=dict(totals),
        by_district={name: dict(counts) for name, counts in by_district.items()},
        undetermined=undetermined,
    )


def funnel(call: Call, user: Any, *, eligible: Mapping[int, str] | None = None) -> Funnel:
    """Eligible firms (every firm's verdict, from `eligible_set`) → started → submitted → passed each stage →
    approved, in the user's scope, with counts by district. `eligible` ({firm id: verdict}) replaces the
    eligibility pass when the caller has it."""
    day = evaluation_day(call)
    names = dict(Region.objects.values_list("id", "name"))
    if eligible is None and role_of(user) in EVERYONE:
        found = eligible_set(call, day)
        rows = [
            (district_id, verdict, pair[column])
            for district_id, pair in found.by_district.items()
            for column, verdict in enumerate((TRUE, UNDETERMINED))
        ]
        return _funnel(call, user, day, rows, names)
    scoped = restrict(Enterprise.objects.all(), user, Action.VIEW).order_by()
    if eligible is None:
        judged = eligible_set(call, day)
        verdict_of = judged.verdict
    else:
        verdict_of = lambda pk: eligible.get(pk, FALSE)  # noqa: E731
    return _funnel(
        call,
        user,
        day,
        ((district_id, verdict_of(pk), 1) for pk, district_id in scoped.values_list("id", "district_id")),
        names,
    )


def reference_funnel(call: Call, user: Any) -> Funnel:
    """The same funnel through the reference path: the per-firm precheck (full criteria and reasons) of every
    firm in the user's scope, nothing cached. Slow by design: the tests and the benchmark compare with it."""
    day = evaluation_day(call)
    names = dict(Region.objects.values_list("id", "name"))
    scoped = restrict(Enterprise.objects.all(), user, Action.VIEW).order_by("pk")
    rows = ((firm.district_id, precheck(call, firm, day)["eligible"], 1) for firm in scoped)
    return _funnel(call, user, day, rows, names)
