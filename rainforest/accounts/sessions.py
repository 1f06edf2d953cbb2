"""Session lifetimes: an idle timeout and an absolute lifetime (both settings), and the register of a user's
sessions (device, address, last seen) that lets them see and end the others.

The session itself keeps two times, as seconds since the epoch: when the user signed in (`STARTED_KEY`) and
when they were last seen (`SEEN_KEY`). Tests move the clock by rewriting them."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from rainforest.accounts.addresses import client_address
from rainforest.accounts.models import UserSession

STARTED_KEY = "rf_started_at"
SEEN_KEY = "rf_seen_at"
ROW_KEY = "rf_session_row"
# Writing the session and its register row on every request would make each read a write.
SEEN_RESOLUTION_SECONDS = 60


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def session_register(request: HttpRequest, user: Any, now: float | None = None) -> UserSession:
    """Stamp the session with its start and record it in the user's register (called at login, and for a
    session from before the register existed on its first request)."""
    now = time.time() if now is None else now
    session = request.session
    if session.session_key is None:
        session.save()
    session.setdefault(STARTED_KEY, now)
    session[SEEN_KEY] = now
    row, _created = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "created_at": _at(float(session[STARTED_KEY])),
            "last_seen_at": _at(now),
            "ip_address": client_address(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )
    session[ROW_KEY] = row.pk
    return row


def expiry_reason(request: HttpRequest, now: float | None = None) -> str | None:
    """'idle' or 'absolute' when the signed-in session has outlived a limit, else None."""
    now = time.time() if now is None else now
    security = settings.RAINFOREST_SECURITY
    session = request.session
    started = session.get(STARTED_KEY)
    seen = session.get(SEEN_KEY)
    if seen is not None and now - float(seen) > security["SESSION_IDLE_MINUTES"] * 60:
        return "idle"
    if started is not None and now - float(started) > security["SESSION_ABSOLUTE_HOURS"] * 3600:
        return "absolute"
    return None


def session_touch(request: HttpRequest, user: Any, now: float | None = None) -> None:
    """Note that the user was seen now (at most once a minute), keeping the register row in step even when
    the session key changed (Django changes it when a password is changed)."""
    now = time.time() if now is None else now
    session = request.session
    seen = session.get(SEEN_KEY)
    row_id = session.get(ROW_KEY)
    if seen is None or row_id is None:
        session_register(request, user, now)
        return
    if now - float(seen) < SEEN_RESOLUTION_SECONDS:
        return
    session[SEEN_KEY] = now
    updated = UserSession.objects.filter(pk=row_id, user=user).update(
        last_seen_at=_at(now), session_key=session.session_key or ""
    )
    if not updated:
        session_register(request, user, now)


def last_seen(request: HttpRequest) -> datetime:
    seen = request.session.get(SEEN_KEY)
    return _at(float(seen)) if seen is not None else timezone.now()
