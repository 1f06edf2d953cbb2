"""Shared argument handling of the import, template and export commands."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from rainforest.imports.base import RecordType
from rainforest.imports.registry import RECORD_TYPES


def record_type_named(name: str) -> RecordType:
    try:
        return RECORD_TYPES[name]
    except KeyError:
        raise CommandError(
            _("未知的数据类型“{name}”，可选：{names}").format(name=name, names=", ".join(RECORD_TYPES))
        ) from None


def user_named(username: str | None) -> Any:
    if not username:
        return None
    try:
        return get_user_model().objects.select_related("organisation").get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(_("用户“{name}”不存在").format(name=username)) from None
