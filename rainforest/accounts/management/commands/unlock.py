"""`rainforest unlock USERNAME` / `rainforest unlock --address IP`: lift a login lock (django-axes) before it
ends by itself. Exit status 0 on success, 1 with a message. `rainforest user unlock` does the same through
`add_unlock_arguments` and `unlock` below."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils.translation import gettext as _

from rainforest.accounts.services import account_unlock, address_unlock


def add_unlock_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("username", nargs="?", default="", help=_("要解除锁定的用户名"))
    parser.add_argument("--address", default="", help=_("要解除锁定的 IP 地址"))


def unlock(options: dict[str, Any], stdout: OutputWrapper) -> None:
    """Lift the lock the options name (a username, an address, or both); recorded in the security audit
    with no actor (the command line)."""
    username = (options.get("username") or "").strip()
    address = (options.get("address") or "").strip()
    if not username and not address:
        raise CommandError(_("用户名：请给出要解除锁定的用户名或 --address IP 地址"))
    if username:
        removed = account_unlock(username=username, actor=None)
        stdout.write(
            _("已解除账号 {username} 的锁定（清除 {n} 条失败记录）").format(username=username, n=removed)
        )
    if address:
        removed = address_unlock(ip_address=address, actor=None)
        stdout.write(
            _("已解除地址 {address} 的锁定（清除 {n} 条失败记录）").format(address=address, n=removed)
        )


class Command(BaseCommand):
    help = _("解除登录锁定：按用户名或 --address IP 地址")

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_unlock_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        unlock(options, self.stdout)
