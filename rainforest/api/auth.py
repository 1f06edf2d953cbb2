"""How API callers prove who they are: `Authorization: Bearer TOKEN` for scripts, or the browser's
session (with its CSRF token) so that pages can call the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from rainforest.core.models import ApiToken, User

# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuth(HttpBearer):
    """Checks the bearer token against the stored SHA-256 digests of active (not revoked, not expired)
    tokens of active users. Anything else gets 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        token = token.strip()
        if not token:
            return None
        found = (
            ApiToken.objects.active()
            .select_related("user", "user__organisation")
            .filter(digest=ApiToken.digest_of(token))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or found.last_used_at <= now - LAST_USED_RESOLUTION:
            stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
            ApiToken.objects.filter(pk=found.pk).filter(stale).update(last_used_at=now)
        # Code below the API (and simple-history's fallback) reads request.user.
        request.user = found.user
        return found.user


token_auth = ApiTokenAuth()
session_auth = SessionAuth(csrf=True)


class AuthenticatedRequest(HttpRequest):
    """For type checkers: what an endpoint receives once one of the authenticators above accepted it."""

    auth: User
