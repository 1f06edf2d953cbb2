"""Login and logout are recorded (issue: users, roles and data scope). This is audit, not domain logic."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from rainforest.core.choices import AccessEventKind
from rainforest.core.models import AccessEvent


def _client(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return request.META.get("REMOTE_ADDR"), request.META.get("HTTP_USER_AGENT", "")[:200]


@receiver(user_logged_in)
def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    ip, agent = _client(request)
    AccessEvent.objects.create(
        user=user, username=user.username, kind=AccessEventKind.LOGIN, ip_address=ip, user_agent=agent
    )


@receiver(user_logged_out)
def record_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    ip, agent = _client(request)
    AccessEvent.objects.create(
        user=user, username=user.username, kind=AccessEventKind.LOGOUT, ip_address=ip, user_agent=agent
    )


@receiver(user_login_failed)
def record_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    ip, agent = _client(request)
    AccessEvent.objects.create(
        username=str(credentials.get("username", ""))[:150],
        kind=AccessEventKind.LOGIN_FAILED,
        ip_address=ip,
        user_agent=agent,
    )
