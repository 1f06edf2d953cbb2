"""The second factor (双因素认证): a TOTP authenticator app (RFC 6238, through django-otp) and single-use
recovery codes for a lost phone. Required for the roles RAINFOREST_SECURITY["TWO_FACTOR_ROLES"] lists,
unless TWO_FACTOR_ENABLED is off (the demo turns it off)."""

from __future__ import annotations

import re
import secrets
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rainforest.accounts.choices import AuditKind, AuditOutcome
from rainforest.accounts.services import audit_record

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def required_for(user: Any) -> bool:
    """True when `user` must sign in with a second factor."""
    security = settings.RAINFOREST_SECURITY
    if not security["TWO_FACTOR_ENABLED"] or not getattr(user, "is_authenticated", False):
        return False
    roles = set(security["TWO_FACTOR_ROLES"])
    return user.role in roles or (user.is_superuser and "system_admin" in roles)


def authenticator(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user: Any) -> TOTPDevice:
    """The authenticator being enrolled: a new secret, kept unconfirmed until the user types a code from it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no image library needed)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    text: str = image.to_string(encoding="unicode")
    # The image is sized in millimetres; show it at a size a phone camera reads from a screen.
    return re.sub(r'^<svg width="[^"]+" height="[^"]+"', '<svg width="240" height="240"', text)


def _new_recovery_codes(user: Any) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = ["-".join(secrets.token_hex(3) for _ in range(2)) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def enrol_confirm(*, user: Any, code: str, request: HttpRequest) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows. On success the session counts as verified and
    the user's new recovery codes are returned (shown once); None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(code.strip().replace(" ", "")):
        audit_record(
            kind=AuditKind.TWO_FACTOR_ENROL,
            user=user,
            request=request,
            outcome=AuditOutcome.FAILURE,
            detail=_("验证码错误"),
        )
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    audit_record(kind=AuditKind.TWO_FACTOR_ENROL, user=user, request=request)
    return codes


@transaction.atomic
def verify(*, user: Any, code: str, request: HttpRequest) -> bool:
    """Check a code from the user's authenticator, or one of their recovery codes (each works once). On
    success the session counts as verified."""
    code = code.strip().replace(" ", "").lower()
    device: Any = authenticator(user)
    used = ""
    if device is not None and code.isdigit() and device.verify_token(code):
        used = _("身份验证器")
    else:
        device = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME, confirmed=True).first()
        if device is not None and code and device.verify_token(code):
            used = _("恢复码（剩余 {n} 个）").format(n=device.token_set.count())
    if not used:
        audit_record(
            kind=AuditKind.TWO_FACTOR_VERIFY, user=user, request=request, outcome=AuditOutcome.FAILURE
        )
        return False
    otp_login(request, device)
    audit_record(kind=AuditKind.TWO_FACTOR_VERIFY, user=user, request=request, detail=used)
    return True


@transaction.atomic
def recovery_codes_renew(*, user: Any, request: HttpRequest) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working."""
    codes = _new_recovery_codes(user)
    audit_record(kind=AuditKind.TWO_FACTOR_ENROL, user=user, request=request, detail=_("重新生成恢复码"))
    return codes


@transaction.atomic
def reset(*, user: Any, actor: Any, request: HttpRequest | None = None) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone): they enrol again at the next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(kind=AuditKind.TWO_FACTOR_RESET, user=user, actor=actor, request=request)
