"""Identity controls around the core user: password state and history, the sessions a user holds, and the
security audit trail (安全审计) that nobody can edit or delete."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rainforest.accounts.choices import AuditKind, AuditOutcome


class AccountState(models.Model):
    """Password facts of one user: when the password was last set, and whether it must be changed at the
    next login (an account created or reset by someone else)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="account_state",
    )
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码设置时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号状态")
        verbose_name_plural = _("账号状态")

    def __str__(self) -> str:
        return str(self.user)


class PasswordHistory(models.Model):
    """A password a user had (its hash only), so that none of the last few can be chosen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    encoded = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """A signed-in browser session of a user, so that the user sees their other sessions (device, address,
    last seen) and can end them. The session itself lives in Django's session store under `session_key`."""

    session_key = models.CharField(_("会话标识"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="sessions"
    )
    created_at = models.DateTimeField(_("登录时间"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("最近活动"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("设备"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class AuditEntryImmutable(Exception):
    """Raised on any attempt to change or delete a security-audit entry."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AuditEntryImmutable("security-audit entries cannot be changed or deleted")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    # Bulk changes are refused too; the database refuses them as well (see the migration's triggers).
    update = _refuse  # type: ignore[assignment]
    delete = _refuse  # type: ignore[assignment]
    bulk_update = _refuse  # type: ignore[assignment]
    update_or_create = _refuse  # type: ignore[assignment]


class AuditEntry(models.Model):
    """One security-relevant event: who (the user it is about and the actor, when someone else acted), when,
    from which client address, what, and with which outcome. Entries are written once and never changed:
    the model refuses updates and deletes, and the database refuses them with triggers.

    The user columns carry no foreign-key constraint, so that an entry outlives the account it names; the
    username is stored beside it for the same reason."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("事件"), max_length=30, choices=AuditKind.choices, db_index=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=AuditOutcome.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(_("操作人用户名"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("设备"), max_length=200, blank=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.username} {self.kind} {self.outcome} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("update_fields"):
            _refuse()
        kwargs["force_insert"] = True  # never an UPDATE, even with a primary key given
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()
