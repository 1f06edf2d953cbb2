"""Pages of the identity controls: sign-in and sign-out, password change and reset, the second factor, one's
own sessions, login locks (system administrator) and the security audit (security and audit administrators).
Views are thin: they parse input, call a service or selector, and render."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from rainforest.accounts import selectors, services, twofactor
from rainforest.accounts.choices import AuditKind, AuditOutcome
from rainforest.accounts.forms import (
    AuditFilterForm,
    CodeForm,
    EnrolForm,
    LoginForm,
    OwnPasswordChangeForm,
    ResetPasswordForm,
)
from rainforest.accounts.gate import PASSWORD, next_step
from rainforest.accounts.models import AuditEntry
from rainforest.accounts.passwords import password_expired
from rainforest.core.models import User
from rainforest.core.policy import Action, access, require
from rainforest.core.xlsx import Book


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _after_step(request: HttpRequest) -> HttpResponse:
    """Where a user goes once a step is done: the next pending step, else where they were going."""
    step = next_step(request, request.user)
    if step == PASSWORD:
        return redirect(reverse("accounts:password_change") + _query_next(request))
    return redirect(_next(request))


def _query_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return (
        f"?next={target}" if target and url_has_allowed_host_and_scheme(target, {request.get_host()}) else ""
    )


# --- sign-in and sign-out -------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["reset_enabled"] = True
        return context


login_view = access.public(LoginView.as_view())
logout_view = access.public(auth_views.LogoutView.as_view())


# --- passwords ------------------------------------------------------------------------------------------


@access.login
def password_change(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = OwnPasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_set(user=user, raw=form.cleaned_data["new_password1"], by=user, request=request)
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改。"))
        return _after_step(request)
    if request.method == "POST":
        services.audit_record(
            kind=AuditKind.PASSWORD_CHANGE,
            user=user,
            request=request,
            outcome=AuditOutcome.FAILURE,
            detail="；".join(f"{name}" for name in form.errors),
        )
    forced = next_step(request, user) == PASSWORD
    context = {
        "form": form,
        "forced": forced,
        "expired": forced and password_expired(user),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/password_change.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        users = list(form.get_users(email))
        response = super().form_valid(form)
        for user in users:
            services.audit_record(kind=AuditKind.PASSWORD_RESET_REQUEST, user=user, request=self.request)
        if not users:
            services.audit_record(
                kind=AuditKind.PASSWORD_RESET_REQUEST,
                request=self.request,
                outcome=AuditOutcome.FAILURE,
                detail=_("没有使用该邮箱的有效账号"),
            )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ResetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # sets the password; the link stops working with it
        services.audit_record(kind=AuditKind.PASSWORD_RESET, user=form.user, request=self.request)
        return response


password_reset = access.public(PasswordResetView.as_view())
password_reset_done = access.public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = access.public(PasswordResetConfirmView.as_view())
password_reset_complete = access.public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


# --- the second factor ----------------------------------------------------------------------------------


@access.login
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if twofactor.enrolled(user) and not user.is_verified():
        return redirect(reverse("accounts:two_factor_verify") + _query_next(request))
    device = twofactor.pending_authenticator(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.enrol_confirm(user=user, code=form.cleaned_data["code"], request=request)
        if codes is not None:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "continue_url": _continue_url(request)},
            )
        form.add_error("code", _("验证码不正确，请核对手机时间后重试"))
    uri = device.config_url
    context = {"form": form, "uri": uri, "qr": twofactor.qr_svg(uri), "next": request.GET.get("next", "")}
    return render(request, "accounts/two_factor_enrol.html", context)


def _continue_url(request: HttpRequest) -> str:
    step = next_step(request, request.user)
    if step == PASSWORD:
        return reverse("accounts:password_change") + _query_next(request)
    return _next(request)


@access.login
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    enrolled = twofactor.enrolled(user)
    form = CodeForm(request.POST or None)
    if enrolled and request.method == "POST" and form.is_valid():
        if twofactor.verify(user=user, code=form.cleaned_data["code"], request=request):
            return _after_step(request)
        form.add_error("code", _("验证码不正确"))
    context = {"form": form, "enrolled": enrolled, "next": request.GET.get("next", "")}
    return render(request, "accounts/two_factor_verify.html", context)


@access.login
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), for a user whose session passed the second factor:
    GET says what a POST does."""
    user: Any = request.user
    ready = twofactor.enrolled(user) and user.is_verified()
    if request.method != "POST" or not ready:
        return render(request, "accounts/recovery_codes_renew.html", {"ready": ready})
    codes = twofactor.recovery_codes_renew(user=user, request=request)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "continue_url": reverse("accounts:sessions")},
    )


# --- one's own sessions ---------------------------------------------------------------------------------


@access.login
def sessions(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "POST":
        if request.POST.get("end") == "others":
            ended = services.sessions_end(user=user, actor=user, request=request, keep_current=True)
            messages.success(request, _("已结束其他 {n} 个会话。").format(n=ended))
        else:
            try:
                session_id = int(request.POST.get("session", ""))
            except ValueError:
                session_id = 0
            if services.session_end(user=user, session_id=session_id, request=request):
                messages.success(request, _("会话已结束。"))
            else:
                messages.error(request, _("没有这个会话，或它已结束。"))
        return redirect("accounts:sessions")
    context = {
        "sessions": selectors.user_sessions(user),
        "current_key": request.session.session_key,
        "two_factor": twofactor.enrolled(user),
        "idle_minutes": settings.RAINFOREST_SECURITY["SESSION_IDLE_MINUTES"],
        "absolute_hours": settings.RAINFOREST_SECURITY["SESSION_ABSOLUTE_HOURS"],
    }
    return render(request, "accounts/sessions.html", context)


# --- login locks (system administrator) -----------------------------------------------------------------


@access.model(AccessAttempt, Action.VIEW)
def locks(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        require(request.user, Action.DELETE, AccessAttempt)
        actor: Any = request.user
        if username := request.POST.get("username", "").strip():
            services.account_unlock(username=username, actor=actor, request=request)
            messages.success(request, _("已解除账号 {username} 的锁定。").format(username=username))
        elif address := request.POST.get("ip_address", "").strip():
            services.address_unlock(ip_address=address, actor=actor, request=request)
            messages.success(request, _("已解除地址 {address} 的锁定。").format(address=address))
        return redirect("accounts:locks")
    return render(request, "accounts/locks.html", {"locks": selectors.current_locks()})


# --- the security audit (security and audit administrators) -----------------------------------------------


def _audit_filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters


@access.model(AuditEntry, Action.VIEW)
def audit(request: HttpRequest) -> HttpResponse:
    form, filters = _audit_filters(request)
    entries = selectors.audit_entries(filters) if not form.errors else AuditEntry.objects.none()
    page = Paginator(entries, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"form": form, "page": page})


AUDIT_COLUMNS = (
    _("时间"),
    _("事件"),
    _("结果"),
    _("用户名"),
    _("操作人"),
    _("IP 地址"),
    _("设备"),
    _("说明"),
)


@access.model(AuditEntry, Action.EXPORT)
def audit_export(request: HttpRequest) -> HttpResponseBase:
    form, filters = _audit_filters(request)
    if form.errors:
        return render(request, "accounts/audit.html", {"form": form, "page": None}, status=400)
    book = Book()
    sheet = book.sheet(_("安全审计"))
    sheet.append([str(column) for column in AUDIT_COLUMNS])
    for entry in selectors.audit_entries(filters).iterator(chunk_size=2000):
        sheet.append(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.get_kind_display(),
                entry.get_outcome_display(),
                entry.username,
                entry.actor_username,
                entry.ip_address or "",
                entry.user_agent,
                entry.detail,
            ]
        )
    services.audit_record(
        kind=AuditKind.AUDIT_EXPORT,
        user=request.user if isinstance(request.user, User) else None,
        request=request,
    )
    response = HttpResponse(
        book.bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response
