"""Writes of the identity controls: passwords, unlocking, sessions, second factors and the audit trail.

Other apps call these (the user-administration pages and commands, the token command):
- `password_set(user=, raw=, by=, force_change=, request=)` sets a password under the password rules;
- `audit_record(kind=, user=, actor=, request=, detail=, outcome=)` writes one security-audit entry;
- `sessions_end(user=, actor=, request=, keep_current=)` ends a user's browser sessions (at once);
- `account_unlock(username=, actor=, request=)` lifts a login lock on an account."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.accounts.addresses import client_address
from rainforest.accounts.choices import AuditKind, AuditOutcome
from rainforest.accounts.models import AccountState, AuditEntry, UserSession
from rainforest.core.models import User


def _authenticated(user: Any) -> User | None:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def audit_record(
    *,
    kind: str,
    user: User | None = None,
    username: str = "",
    actor: User | None = None,
    request: HttpRequest | None = None,
    detail: str = "",
    outcome: str = AuditOutcome.SUCCESS,
) -> AuditEntry:
    """Write one security-audit entry. `user` is the account the event is about (or only its `username`, for
    a name that matches no account); `actor` is who acted, when not the user themselves (an administrator,
    or None for the command line); `request` gives the client address and device. Entries are never changed."""
    if kind not in AuditKind.values:
        raise ValueError(f"unknown audit kind {kind!r}")
    if outcome not in AuditOutcome.values:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    actor = _authenticated(actor)
    entry = AuditEntry(
        at=timezone.now(),
        kind=kind,
        outcome=outcome,
        user=user,
        username=(user.username if user is not None else username)[:150],
        actor=actor,
        actor_username=actor.username if actor is not None else "",
        ip_address=client_address(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200] if request is not None else "",
        detail=detail[:500],
    )
    entry.save()
    return entry


@transaction.atomic
def password_set(
    *,
    user: User,
    raw: str,
    by: User | None,
    force_change: bool = False,
    request: HttpRequest | None = None,
) -> None:
    """Give a saved `user` the password `raw`, checked against the password rules (length, character classes,
    not the username, not one of the last ones, not a common password). `by` is who sets it: the user
    themselves, an administrator, or None for the command line. `force_change=True` makes the user choose a
    new password at their next login (use it whenever someone other than the user chose the password).
    A refused password raises ValidationError({"password": [...]}) and changes nothing."""
    if user.pk is None:
        raise ValueError("password_set needs a saved user")
    try:
        password_validation.validate_password(raw, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(raw)
    user.save(update_fields=["password"])
    AccountState.objects.update_or_create(
        user=user, defaults={"must_change_password": force_change, "password_changed_at": timezone.now()}
    )
    by = _authenticated(by)
    own = by is not None and by.pk == user.pk
    audit_record(
        kind=AuditKind.PASSWORD_CHANGE if own else AuditKind.PASSWORD_SET,
        user=user,
        actor=None if own else by,
        request=request,
        detail=_("下次登录须修改密码") if force_change else "",
    )


def sessions_end(
    *, user: User, actor: User | None = None, request: HttpRequest | None = None, keep_current: bool = False
) -> int:
    """End the browser sessions of `user` at once (all of them, or all but the one of `request` when
    `keep_current`). Returns how many were ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    current = request.session.session_key if (keep_current and request is not None) else None
    ended = 0
    for row in UserSession.objects.filter(user=user).exclude(session_key=current or ""):
        store().delete(row.session_key)
        row.delete()
        ended += 1
    if ended:
        audit_record(
            kind=AuditKind.SESSION_ENDED,
            user=user,
            actor=actor if actor is not None and actor.pk != user.pk else None,
            request=request,
            detail=_("结束 {n} 个会话").format(n=ended),
        )
    return ended


def session_end(*, user: User, session_id: int, request: HttpRequest | None = None) -> bool:
    """End one of `user`'s own sessions, found among their sessions only. False when there is none such."""
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        return False
    import_module(settings.SESSION_ENGINE).SessionStore().delete(row.session_key)
    row.delete()
    audit_record(
        kind=AuditKind.SESSION_ENDED,
        user=user,
        request=request,
        detail=_("结束会话：{agent}，{address}").format(
            agent=row.user_agent or "-", address=row.ip_address or "-"
        ),
    )
    return True


def account_unlock(*, username: str, actor: User | None, request: HttpRequest | None = None) -> int:
    """Lift the login lock of an account (its failed attempts are forgotten). Returns the number of
    failure records removed; 0 when the account was not locked."""
    from axes.handlers.proxy import AxesProxyHandler

    removed = AxesProxyHandler.reset_attempts(username=username)
    user = User.objects.filter(username=username).first()
    audit_record(
        kind=AuditKind.UNLOCK,
        user=user,
        username=username,
        actor=actor,
        request=request,
        detail=_("解除账号锁定，清除 {n} 条失败记录").format(n=removed),
    )
    return int(removed)


def address_unlock(*, ip_address: str, actor: User | None, request: HttpRequest | None = None) -> int:
    """Lift the login lock of a client address. Returns the number of failure records removed."""
    from axes.handlers.proxy import AxesProxyHandler

    removed = AxesProxyHandler.reset_attempts(ip_address=ip_address)
    audit_record(
        kind=AuditKind.UNLOCK,
        actor=actor,
        request=request,
        detail=_("解除地址 {address} 的锁定，清除 {n} 条失败记录").format(address=ip_address, n=removed),
    )
    return int(removed)
