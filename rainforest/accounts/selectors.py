"""Reads of the identity controls: the audit trail with its filters, current login locks, a user's sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from rainforest.accounts.models import AuditEntry, UserSession


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Audit entries, newest first, narrowed by the cleaned filters of AuditFilterForm: username (exact, of
    the user or the actor), kind, outcome, client address, and a date range in the bureau's time zone
    (both days included)."""
    entries = AuditEntry.objects.all()
    if username := (filters.get("username") or "").strip():
        entries = entries.filter(username=username) | entries.filter(actor_username=username)
    if kind := filters.get("kind"):
        entries = entries.filter(kind=kind)
    if outcome := filters.get("outcome"):
        entries = entries.filter(outcome=outcome)
    if address := filters.get("ip_address"):
        entries = entries.filter(ip_address=address)
    if since := filters.get("since"):
        entries = entries.filter(at__gte=_day_start(since))
    if until := filters.get("until"):
        entries = entries.filter(at__lt=_day_start(until + timedelta(days=1)))
    return entries.order_by("-at", "-pk")


@dataclass(frozen=True)
class Lock:
    """A current login lock: on an account (`username`) or on a client address (`ip_address`)."""

    username: str
    ip_address: str
    failures: int
    last_failure: datetime
    until: datetime


def current_locks() -> list[Lock]:
    """Accounts and addresses locked now (at least LOGIN_FAILURE_LIMIT failures within the lock time)."""
    security = settings.RAINFOREST_SECURITY
    limit = int(security["LOGIN_FAILURE_LIMIT"])
    window = timedelta(minutes=int(security["LOGIN_LOCKOUT_MINUTES"]))
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - window)
    locks: list[Lock] = []
    by_user = (
        recent.exclude(username__isnull=True)
        .exclude(username="")
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=limit)
        .order_by("username")
    )
    for row in by_user:
        locks.append(Lock(row["username"], "", row["failures"], row["last"], row["last"] + window))
    by_address = (
        recent.exclude(ip_address__isnull=True)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=limit)
        .order_by("ip_address")
    )
    for row in by_address:
        locks.append(Lock("", row["ip_address"], row["failures"], row["last"], row["last"] + window))
    return locks


def user_sessions(user: Any) -> QuerySet[UserSession]:
    """The user's own signed-in sessions, most recently seen first."""
    return UserSession.objects.filter(user=user).order_by("-last_seen_at", "-pk")
