"""Password rules (身份鉴别) as Django password validators, listed in AUTH_PASSWORD_VALIDATORS, so that every
form and service that sets a password applies the same rules:

- at least `min_length` characters (Django's MinimumLengthValidator with a Chinese message, 10 by default);
- at least three of four character classes: lower-case letters, upper-case letters, digits, other signs;
- not the username (and not too similar to it, Django's UserAttributeSimilarityValidator);
- not one of the last `history` passwords of the user;
- not in Django's list of 20,000 common passwords (CommonPasswordValidator).

`PasswordHistoryValidator.password_changed` also records each new password's hash and the time it was set:
Django calls it whenever a user with a new password is saved, whatever set the password."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    """How many of the four classes (lower, upper, digit, other) `password` uses."""
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule in the interface's language: Django 5.2's own message has no Chinese yet."""

    def get_error_message(self) -> str:
        return _("密码至少需要 {n} 个字符").format(n=self.min_length)

    def get_help_text(self) -> str:
        return _("至少 {n} 个字符").format(n=self.min_length)


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含小写字母、大写字母、数字、符号四类中的 {n} 类").format(n=self.min_classes),
                code="password_too_few_classes",
            )

    def get_help_text(self) -> str:
        return _("至少包含小写字母、大写字母、数字、符号中的 {n} 类").format(n=self.min_classes)


class NotUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        username = getattr(user, "username", "") or ""
        if username and password.strip().lower() in (username.lower(), username.lower()[::-1]):
            raise ValidationError(_("密码不能与用户名相同"), code="password_is_username")

    def get_help_text(self) -> str:
        return _("不能与用户名相同")


def _history_size() -> int:
    return int(settings.RAINFOREST_SECURITY["PASSWORD_HISTORY"])


class PasswordHistoryValidator:
    """Refuses the user's current password and the ones before it, `history` in all."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from rainforest.accounts.models import PasswordHistory

        size = _history_size()
        if size <= 0:
            return
        earlier = list(
            PasswordHistory.objects.filter(user_id=user.pk).values_list("encoded", flat=True)[:size]
        )
        current = (
            get_user_model()._default_manager.filter(pk=user.pk).values_list("password", flat=True).first()
        )
        if current and current not in earlier:
            earlier = [current, *earlier][:size]
        if any(encoded and check_password(password, encoded) for encoded in earlier):
            raise ValidationError(_("不能使用最近 {n} 次用过的密码").format(n=size), code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from rainforest.accounts.models import AccountState, PasswordHistory

        now = timezone.now()
        PasswordHistory.objects.create(user_id=user.pk, encoded=user.password, created_at=now)
        keep = max(_history_size(), 1)
        stale = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[keep:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        AccountState.objects.update_or_create(
            user_id=user.pk, defaults={"password_changed_at": now, "must_change_password": False}
        )

    def get_help_text(self) -> str:
        return _("不能使用最近 {n} 次用过的密码").format(n=_history_size())


def password_expired(user: Any, now: Any = None) -> bool:
    """True when the user's password is older than PASSWORD_MAX_AGE_DAYS (0: passwords never expire). A
    user whose password was never set through Rainforest since this rule exists has no known age."""
    days = int(settings.RAINFOREST_SECURITY["PASSWORD_MAX_AGE_DAYS"])
    if days <= 0:
        return False
    from rainforest.accounts.models import AccountState

    changed = (
        AccountState.objects.filter(user_id=user.pk).values_list("password_changed_at", flat=True).first()
    )
    if changed is None:
        return False
    return changed + timedelta(days=days) <= (now or timezone.now())


def must_change_password(user: Any) -> bool:
    """True when the user must choose a new password before doing anything else: the account was created
    or its password set by someone else, or the password is too old."""
    from rainforest.accounts.models import AccountState

    forced = AccountState.objects.filter(user_id=user.pk, must_change_password=True).exists()
    return forced or password_expired(user)
