"""The security gate, after authentication: ends sessions that were idle too long or lived too long, notes
when the user was last seen, and holds a user at the second-factor or password step until it is done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from rainforest.accounts import twofactor
from rainforest.accounts.choices import AuditKind
from rainforest.accounts.gate import PASSWORD, TWO_FACTOR, next_step
from rainforest.accounts.models import UserSession
from rainforest.accounts.services import audit_record
from rainforest.accounts.sessions import expiry_reason, session_touch

# Pages a user may open while a step is pending.
STEP_PAGES = frozenset(
    {
        "logout",
        "set_language",
        "accounts:two_factor_verify",
        "accounts:two_factor_enrol",
        "accounts:recovery_codes",
        "accounts:password_change",
    }
)


def _url_name(request: HttpRequest) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    return match.view_name


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class SecurityGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            refusal = self._check(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> HttpResponseBase | None:
        reason = expiry_reason(request)
        if reason is not None:
            self._expire(request, user, reason)
            return None  # the request goes on as anonymous: pages send it to the login page
        session_touch(request, user)
        step = next_step(request, user)
        if step is None or _url_name(request) in STEP_PAGES:
            return None
        if _is_api(request):
            return JsonResponse({"detail": _("请先在网页上完成登录验证")}, status=403)
        if step == TWO_FACTOR:
            name = "accounts:two_factor_verify" if twofactor.enrolled(user) else "accounts:two_factor_enrol"
        else:
            assert step == PASSWORD
            name = "accounts:password_change"
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)

    def _expire(self, request: HttpRequest, user: Any, reason: str) -> None:
        detail = _("空闲超时") if reason == "idle" else _("超过会话最长时间")
        audit_record(kind=AuditKind.SESSION_EXPIRED, user=user, request=request, detail=detail)
        if request.session.session_key:
            UserSession.objects.filter(session_key=request.session.session_key).delete()
        request.session.flush()
        request.user = AnonymousUser()
        if not _is_api(request):
            messages.info(request, _("会话已过期（{reason}），请重新登录。").format(reason=detail))


def lockout_response(
    request: HttpRequest, original_response: HttpResponseBase | None = None, credentials: Any = None
) -> HttpResponseBase:
    """What django-axes answers when a login is refused because of a lock: the API gets 429 with the lock
    message; a page gets the login page (which already shows the lock message) with status 429."""
    from rainforest.accounts.forms import lock_message

    if _is_api(request) or original_response is None:
        return JsonResponse({"detail": lock_message()}, status=429)
    original_response.status_code = 429
    return original_response
