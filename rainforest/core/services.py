"""Writes of core records. Today: API tokens (created and revoked by `rainforest token`)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.core.models import ApiToken, User

PREFIX_LENGTH = 8
SECRET_MARK = "rf_"


def token_prefix(token_or_prefix: str) -> str:
    """The stored prefix of a token: the first characters after its `rf_` mark."""
    text = token_or_prefix.strip()
    if text.startswith(SECRET_MARK):
        text = text[len(SECRET_MARK) :]
    return text[:PREFIX_LENGTH]


@transaction.atomic
def api_token_create(*, user: User, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """Create a bearer token for `user`, valid for `days` days (for ever when None). Returns the stored row
    and the token itself, which is never stored (only its SHA-256 digest) and so can be shown only once."""
    if not user.is_active:
        raise ValidationError(
            {"user": _("用户 {username} 已停用，不能创建令牌").format(username=user.username)}
        )
    if days is not None and days < 1:
        raise ValidationError({"days": _("有效天数须至少为 1 天，实为 {days}").format(days=days)})
    secret = ApiToken.new_secret()
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name,
        prefix=token_prefix(secret),
        digest=ApiToken.digest_of(secret),
        created_at=now,
        expires_at=now + timedelta(days=days) if days is not None else None,
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, prefix: str, user: User | None = None) -> ApiToken:
    """Revoke the one active token whose prefix is `prefix` (optionally only among `user`'s tokens).
    An unknown or ambiguous prefix revokes nothing."""
    wanted = token_prefix(prefix)
    if len(wanted) < PREFIX_LENGTH:
        raise ValidationError({"prefix": _("令牌前缀应为 {n} 位").format(n=PREFIX_LENGTH)})
    candidates = ApiToken.objects.active().select_for_update().filter(prefix=wanted)
    if user is not None:
        candidates = candidates.filter(user=user)
    found = list(candidates[:2])
    if not found:
        raise ValidationError({"prefix": _("没有前缀为 {prefix} 的有效令牌").format(prefix=wanted)})
    if len(found) > 1:
        raise ValidationError(
            {"prefix": _("前缀 {prefix} 对应多个令牌，请同时指定用户").format(prefix=wanted)}
        )
    token = found[0]
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
