"""What a signed-in user must do before anything else: verify (or enrol) a second factor, then choose a new
password when theirs was set by someone else or is too old. The steps are worked out once at login and
kept in the session, so an ordinary request costs no query."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from rainforest.accounts import twofactor
from rainforest.accounts.passwords import must_change_password

PENDING_KEY = "rf_pending"
TWO_FACTOR = "two_factor"
PASSWORD = "password"


def steps_for(user: Any) -> list[str]:
    steps = []
    if settings.RAINFOREST_SECURITY["TWO_FACTOR_ENABLED"] and (
        twofactor.required_for(user) or twofactor.enrolled(user)
    ):
        steps.append(TWO_FACTOR)
    if must_change_password(user):
        steps.append(PASSWORD)
    return steps


def gate_open(request: HttpRequest, user: Any) -> None:
    """Work out the steps at login."""
    request.session[PENDING_KEY] = steps_for(user)


def next_step(request: HttpRequest, user: Any) -> str | None:
    """The step the user must take now, or None. Steps done are dropped from the session."""
    pending = request.session.get(PENDING_KEY)
    if pending is None:  # a session from before these steps existed
        pending = steps_for(user)
        request.session[PENDING_KEY] = pending
    if not pending:
        return None
    remaining = list(pending)
    if remaining and remaining[0] == TWO_FACTOR and _verified(user):
        remaining.pop(0)
    if remaining and remaining[0] == PASSWORD and not must_change_password(user):
        remaining.pop(0)
    if remaining != pending:
        request.session[PENDING_KEY] = remaining
    return remaining[0] if remaining else None


def _verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False
