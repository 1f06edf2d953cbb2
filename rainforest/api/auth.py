"""How API callers prove who they are: `Authorization: Bearer TOKEN` for scripts, or the browser's
session (with its CSRF token) so that pages can call the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from rainforest.core.models import ApiToken, User

# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _with_failures(tokens: QuerySet[ApiToken], request: HttpRequest) -> QuerySet[ApiToken]:
    """The tokens annotated with the recent login failures (django-axes' records within the lock time) of
    the client address and of the token's account, in the same query as the token itself."""
    from axes.models import AccessAttempt

    from rainforest.accounts.addresses import client_address

    window = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    address = client_address(request)
    by_address: Any = Value(0)
    if address:
        recent = window.filter(ip_address=address).order_by().values("ip_address")
        by_address = Coalesce(Subquery(recent.annotate(n=Sum("failures_since_start")).values("n")), 0)
    recent_account = window.filter(username=OuterRef("user__username")).order_by().values("username")
    by_account = Coalesce(Subquery(recent_account.annotate(n=Sum("failures_since_start")).values("n")), 0)
    return tokens.annotate(address_failures=by_address, account_failures=by_account)


def _failed(request: HttpRequest) -> None:
    """A wrong token counts as a failed login from the client address (django-axes, and the audit)."""
    from rainforest.accounts.signals import API_TOKEN_CHANNEL

    user_login_failed.send(sender=__name__, credentials={"channel": API_TOKEN_CHANNEL}, request=request)


class ApiTokenAuth(HttpBearer):
    """Checks the bearer token against the stored SHA-256 digests of active (not revoked, not expired)
    tokens of active users. Anything else gets 401, and counts as a failed login from the client address:
    as many wrong tokens as the login failure limit lock the address, and a locked address (or a token whose
    account is locked) gets 429 whatever token it sends."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        token = token.strip()
        if not token:
            _failed(request)
            return None
        found: Any = _with_failures(
            ApiToken.objects.active()
            .select_related("user", "user__organisation")
            .filter(digest=ApiToken.digest_of(token)),
            request,
        ).first()
        if found is None or not found.user.is_active:
            _failed(request)  # django-axes answers 429 once the address reaches the limit
            return None
        if max(found.address_failures, found.account_failures) >= settings.AXES_FAILURE_LIMIT:
            request.axes_locked_out = True  # type: ignore[attr-defined]  # django-axes answers 429
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
