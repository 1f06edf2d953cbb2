"""`rainforest user create|list|disable|enable|set-password`: accounts from the command line (the first
administrator of a new installation, and scripts). Exit status 0 on success, 1 with a message."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from rainforest.accounts.management.commands.unlock import add_unlock_arguments, unlock
from rainforest.administration import services
from rainforest.administration.services import UserData
from rainforest.core.models import User


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "；".join(str(m) for messages in error.message_dict.values() for m in messages)
    return "；".join(error.messages)


def _user(username: str) -> User:
    found = User.objects.filter(username=username).select_related("organisation").first()
    if found is None:
        raise CommandError(_("用户名：没有用户名为 {username} 的用户").format(username=username))
    return found


def _stdin_password() -> str:
    text = sys.stdin.readline()
    password = text.rstrip("\r\n")
    if not password:
        raise CommandError(_("密码：标准输入中没有密码"))
    return password


class Command(BaseCommand):
    help = _("管理用户账号：create 新建、list 列出、disable 停用、enable 启用、set-password 设置密码")

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create", help=_("新建用户；不带 --password-stdin 时生成临时密码并只显示一次")
        )
        create.add_argument("username", help=_("用户名"))
        create.add_argument("--role", required=True, help=_("角色编码，如 system_admin、city_officer"))
        create.add_argument("--organisation", default="", help=_("所属机构的编码"))
        create.add_argument("--name", default="", help=_("姓名"))
        create.add_argument("--email", default="", help=_("电子邮箱"))
        create.add_argument("--phone", default="", help=_("手机"))
        create.add_argument("--password-stdin", action="store_true", help=_("从标准输入读取密码（一行）"))
        listing = actions.add_parser("list", help=_("列出用户"))
        listing.add_argument("--json", action="store_true", help=_("以 JSON 输出"))
        disable = actions.add_parser("disable", help=_("停用用户：立即结束其会话并撤销其 API 令牌"))
        disable.add_argument("username", help=_("用户名"))
        enable = actions.add_parser("enable", help=_("重新启用用户"))
        enable.add_argument("username", help=_("用户名"))
        password = actions.add_parser("set-password", help=_("从标准输入设置用户的密码"))
        password.add_argument("username", help=_("用户名"))
        password.add_argument(
            "--password-stdin", action="store_true", required=True, help=_("从标准输入读取密码")
        )
        # Login locks are the identity controls' (rainforest.accounts): `user unlock` is theirs.
        add_unlock_arguments(
            actions.add_parser("unlock", help=_("解除登录锁定：按用户名或 --address IP 地址"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                self.create(options)
            elif action == "list":
                self.listing(options)
            elif action == "disable":
                user = services.user_disable(user=_user(options["username"]))
                self.stdout.write(_("已停用用户 {username}").format(username=user.username))
            elif action == "unlock":
                unlock(options, self.stdout)
            elif action == "enable":
                user = services.user_enable(user=_user(options["username"]))
                self.stdout.write(_("已启用用户 {username}").format(username=user.username))
            else:
                user = _user(options["username"])
                services.user_set_password(user=user, raw=_stdin_password())
                self.stdout.write(_("已设置用户 {username} 的密码").format(username=user.username))
        except ValidationError as error:
            raise CommandError(_message(error)) from None

    def create(self, options: dict[str, Any]) -> None:
        code = options["organisation"]
        organisation = services.organisation_by_code(code) if code else None
        password = _stdin_password() if options["password_stdin"] else None
        user, generated = services.user_create(
            username=options["username"],
            data=UserData(
                role=options["role"],
                organisation=organisation,
                display_name=options["name"],
                email=options["email"],
                phone=options["phone"],
            ),
            password=password,
        )
        self.stdout.write(_("已新建用户 {username}（{role}）").format(username=user.username, role=user.role))
        if generated is not None:
            self.stdout.write(
                _("临时密码（只显示这一次，首次登录须修改）：{password}").format(password=generated)
            )

    def listing(self, options: dict[str, Any]) -> None:
        users = list(User.objects.select_related("organisation").order_by("username"))
        if options["json"]:
            rows = [
                {
                    "username": user.username,
                    "role": user.role,
                    "organisation": user.organisation.code if user.organisation else None,
                    "active": user.is_active,
                    "last_login": timezone.localtime(user.last_login).isoformat()
                    if user.last_login
                    else None,
                }
                for user in users
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for user in users:
            when = timezone.localtime(user.last_login).strftime("%Y-%m-%d %H:%M") if user.last_login else "-"
            self.stdout.write(
                "\t".join(
                    [
                        user.username,
                        user.role,
                        user.organisation.code if user.organisation else "-",
                        _("正常") if user.is_active else _("停用"),
                        when,
                    ]
                )
            )
