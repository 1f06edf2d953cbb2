"""Authentication events into the security audit (安全审计), and the session register. This is audit
bookkeeping, not domain logic: Django and django-axes announce the events, these receivers write them down."""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rainforest.accounts.choices import AuditKind, AuditOutcome
from rainforest.accounts.gate import gate_open
from rainforest.accounts.models import UserSession
from rainforest.accounts.services import audit_record
from rainforest.accounts.sessions import session_register
from rainforest.core.models import User

logger = logging.getLogger("rainforest.accounts")

# Set in the credentials of a failure reported by the API's bearer-token check.
API_TOKEN_CHANNEL = "api_token"


@receiver(user_logged_in)
def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(kind=AuditKind.LOGIN, user=user, request=request)
    if request is not None and hasattr(request, "session"):
        session_register(request, user)
        gate_open(request, user)


@receiver(user_logged_out)
def record_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(kind=AuditKind.LOGOUT, user=user, request=request)
    key = request.session.session_key if request is not None and hasattr(request, "session") else None
    if key:
        UserSession.objects.filter(session_key=key).delete()


def _refused_during_lock(request: HttpRequest | None) -> bool:
    # django-axes marks a request refused because of an existing lock with axes_locked_out and no failure
    # count; the failure that causes a lock carries its count.
    return bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )


@receiver(user_login_failed)
def record_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")[:150]
    token = credentials.get("channel") == API_TOKEN_CHANNEL
    refused = _refused_during_lock(request)
    audit_record(
        kind=AuditKind.TOKEN_FAILED if token else AuditKind.LOGIN_FAILED,
        user=User.objects.filter(username=username).first() if username else None,
        username=username,
        request=request,
        outcome=AuditOutcome.REFUSED if refused else AuditOutcome.FAILURE,
        detail=_("账号或地址已锁定") if refused else "",
    )


@receiver(user_locked_out)
def record_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    if _refused_during_lock(request):
        return  # an attempt during an existing lock: recorded as a refused failure, not as a new lock
    logger.warning("login lock: account %r, address %s", username, ip_address)
    audit_record(
        kind=AuditKind.LOCKOUT,
        user=User.objects.filter(username=username).first() if username else None,
        username=username or "",
        request=request,
        outcome=AuditOutcome.FAILURE,
        detail=_("连续 {n} 次登录失败后锁定（账号 {username}，地址 {address}）").format(
            n=getattr(request, "axes_failures_since_start", "") or "",
            username=username or "-",
            address=ip_address or "-",
        ),
    )
