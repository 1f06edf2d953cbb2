"""`rainforest token create|list|revoke`: bearer tokens for the REST API (sent as `Authorization: Bearer TOKEN`)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.core.models import ApiToken, User
from rainforest.core.services import SECRET_MARK, api_token_create, api_token_revoke


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(_("没有用户名为 {username} 的用户").format(username=username)) from None


def _message(error: ValidationError) -> str:
    return "；".join(str(message) for messages in error.message_dict.values() for message in messages)


class Command(BaseCommand):
    help = _("管理 API 令牌：create 创建（令牌只显示一次）、list 列出、revoke 撤销")

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("为用户创建令牌并打印（只显示这一次）"))
        create.add_argument("--user", required=True, help=_("用户名"))
        create.add_argument("--name", default="", help=_("用途说明"))
        create.add_argument("--days", type=int, default=None, help=_("有效天数（缺省为长期有效）"))
        listing = actions.add_parser("list", help=_("列出用户的令牌"))
        listing.add_argument("--user", required=True, help=_("用户名"))
        revoke = actions.add_parser("revoke", help=_("按前缀撤销令牌"))
        revoke.add_argument("prefix", help=_("令牌前缀（list 显示的 8 位）"))
        revoke.add_argument("--user", default=None, help=_("仅在该用户的令牌中查找"))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                self.create_token(options)
            elif action == "list":
                self.list_tokens(options)
            else:
                self.revoke_token(options)
        except ValidationError as error:
            raise CommandError(_message(error)) from None

    def create_token(self, options: dict[str, Any]) -> None:
        _token, secret = api_token_create(
            user=_user(options["user"]), name=options["name"], days=options["days"]
        )
        # Only the token on stdout, so scripts can capture it: TOKEN=$(rainforest token create --user city)
        self.stdout.write(secret)

    def list_tokens(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        for token in ApiToken.objects.filter(user=_user(options["user"])).order_by("-created_at"):
            if token.revoked_at:
                state = _("已撤销")
            elif token.expires_at and token.expires_at <= now:
                state = _("已过期")
            else:
                state = _("有效")
            self.stdout.write(
                "\t".join(
                    [
                        token.prefix,
                        state,
                        token.name or "-",
                        _("创建 {at}").format(at=_when(token.created_at)),
                        _("到期 {at}").format(at=_when(token.expires_at)),
                        _("最近使用 {at}").format(at=_when(token.last_used_at)),
                    ]
                )
            )

    def revoke_token(self, options: dict[str, Any]) -> None:
        user = _user(options["user"]) if options["user"] else None
        token = api_token_revoke(prefix=options["prefix"], user=user)
        self.stdout.write(
            _("已撤销 {user} 的令牌 {mark}{prefix}…").format(
                user=token.user.username, mark=SECRET_MARK, prefix=token.prefix
            )
        )


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"
