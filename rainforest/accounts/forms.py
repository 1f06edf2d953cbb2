"""Forms of the sign-in, password and second-factor pages, and the audit filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rainforest.accounts.choices import AuditKind, AuditOutcome


def lock_message() -> str:
    minutes = int(settings.RAINFOREST_SECURITY["LOGIN_LOCKOUT_MINUTES"])
    return gettext(
        "登录失败次数过多，该账号或该地址已被锁定 {minutes} 分钟。请稍后再试，或请系统管理员解除锁定。"
    ).format(minutes=minutes)


class LoginForm(AuthenticationForm):
    """The sign-in form. A wrong password, an unknown username and a disabled account get the same answer;
    a locked account or address gets the lock message whatever password is given."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("用户名或密码不正确。"),
    }

    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lock_message(), code="locked")
        return super().get_invalid_login_error()


class OwnPasswordChangeForm(PasswordChangeForm):
    """Change one's own password: the current one, then the new one twice (checked by the password rules).
    The view stores it through `password_set`; this form only validates."""

    def save(self, commit: bool = True) -> Any:  # pragma: no cover - the view stores through the service
        raise NotImplementedError("use rainforest.accounts.services.password_set")


class ResetPasswordForm(SetPasswordForm):
    """The new password chosen from an e-mailed reset link."""


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=20,
        help_text=_("身份验证器显示的 6 位数字，或一个恢复码"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=10,
        help_text=_("扫码后身份验证器显示的 6 位数字"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class AuditFilterForm(forms.Form):
    """Filters of the security-audit page and its export."""

    username = forms.CharField(label=_("用户名"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("事件"), required=False, choices=[("", _("全部")), *AuditKind.choices])
    outcome = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部")), *AuditOutcome.choices]
    )
    ip_address = forms.GenericIPAddressField(label=_("IP 地址"), required=False)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error(
                "until", gettext("截止日期 {until} 早于起始日期 {since}").format(until=until, since=since)
            )
        return data
