"""`rainforest token create|list|revoke`: bearer tokens for the REST API (sent as `Authorization: Bearer TOKEN`)."""

from __future__ import annotations

import sys
from argparse import SUPPRESS, ArgumentParser, Namespace
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.accounts.choices import AuditKind
from rainforest.core.models import ApiToken, User
from rainforest.core.services import SECRET_MARK, api_token_create, api_token_revoke


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(_("没有用户名为 {username} 的用户").format(username=username)) from None


def _audit(kind: str, token: ApiToken) -> None:
    # The security audit lives above core (rainforest.accounts); the command line is its caller here.
    from rainforest.accounts.services import audit_record

    detail = _("令牌 {mark}{prefix}…（命令行）").format(mark=SECRET_MARK, prefix=token.prefix)
    audit_record(kind=kind, user=token.user, detail=detail)


def _message(error: ValidationError) -> str:
    return "；".join(str(message) for messages in error.message_dict.values() for message in messages)


def _dash_prefix_as_value(args: list[str]) -> list[str]:
    """A token's characters include `-`, so a prefix may begin with one (`-x4Tq0Zb`); argparse would read
    it as an unknown option. After `revoke`, an argument that begins with `-` and is no option of the
    command is the prefix: it is passed as `--prefix=VALUE`, which argparse reads as a value."""
    if "revoke" not in args:
        return args
    at = args.index("revoke")
    options = {"--user", "-h", "--help", "--prefix"}
    rewritten = list(args)
    for index in range(at + 1, len(args)):
        value = args[index]
        if value == "--":
            break
        if value.startswith("-") and value.split("=", 1)[0] not in options and not _takes_value(args, index):
            rewritten[index] = "--prefix=" + value
    return rewritten


def _takes_value(args: list[str], index: int) -> bool:
    """Whether args[index] is the value of the option before it (`--user -bob` stays the user)."""
    return index > 0 and args[index - 1] in {"--user", "--prefix"}


class Command(BaseCommand):
    help = _("管理 API 令牌：create 创建（令牌只显示一次）、list 列出、revoke 撤销")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parse_args = parser.parse_args

        def parse(args: Sequence[str] | None = None, namespace: Namespace | None = None) -> Namespace:
            return parse_args(_dash_prefix_as_value(list(sys.argv[1:] if args is None else args)), namespace)

        # Both call_command and the command line reach the arguments through parse_args.
        setattr(parser, "parse_args", parse)  # noqa: B010
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("为用户创建令牌并打印（只显示这一次）"))
        create.add_argument("--user", required=True, help=_("用户名"))
        create.add_argument("--name", default="", help=_("用途说明"))
        create.add_argument("--days", type=int, default=None, help=_("有效天数（缺省为长期有效）"))
        listing = actions.add_parser("list", help=_("列出用户的令牌"))
        listing.add_argument("--user", required=True, help=_("用户名"))
        revoke = actions.add_parser("revoke", help=_("按前缀撤销令牌"))
        revoke.add_argument(
            "prefix", nargs="?", help=_("令牌前缀（list 显示的 8 位，可带 rf_），或 create 打印的整个令牌")
        )
        # Where a prefix begins with "-" it arrives here (see _dash_prefix_as_value).
        revoke.add_argument("--prefix", dest="dash_prefix", default=None, help=SUPPRESS)
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
        token, secret = api_token_create(
            user=_user(options["user"]), name=options["name"], days=options["days"]
        )
        _audit(AuditKind.TOKEN_CREATE, token)
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
        prefix = options["dash_prefix"] or options["prefix"]
        if not prefix:
            raise CommandError(_("请给出要撤销的令牌前缀"))
        token = api_token_revoke(prefix=prefix, user=user)
        _audit(AuditKind.TOKEN_REVOKE, token)
        self.stdout.write(
            _("已撤销 {user} 的令牌 {mark}{prefix}…").format(
                user=token.user.username, mark=SECRET_MARK, prefix=token.prefix
            )
        )


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"
