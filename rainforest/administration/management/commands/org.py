"""`rainforest org create|list|disable|enable`: organisations from the command line. Exit status 0 on
success, 1 with a message."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rainforest.administration import services
from rainforest.administration.management.commands.user import _message
from rainforest.administration.services import OrganisationData
from rainforest.core.models import DevelopmentZone, Organisation, Region


def _region(code: str) -> Region:
    found = Region.objects.filter(code=code.strip()).first()
    if found is None:
        raise ValidationError({"region": _("所辖区划：没有代码为 {code} 的行政区划").format(code=code)})
    return found.current


def _zone(name: str) -> DevelopmentZone:
    found = (
        DevelopmentZone.objects.filter(name=name.strip()).first()
        or DevelopmentZone.objects.filter(short_name=name.strip()).first()
    )
    if found is None:
        raise ValidationError({"zone": _("所辖园区：没有名为 {name} 的开发区").format(name=name)})
    return found


class Command(BaseCommand):
    help = _("管理机构：create 新建、list 列出、disable 停用、enable 启用")

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("新建机构"))
        create.add_argument("code", help=_("机构编码，如 jz-yuci"))
        create.add_argument("--name", required=True, help=_("机构名称"))
        create.add_argument(
            "--kind",
            required=True,
            help=_("机构类型：city_bureau、district_bureau、park、university、bank、service、enterprise"),
        )
        create.add_argument("--parent", default="", help=_("上级机构的编码"))
        create.add_argument("--region", default="", help=_("所辖区划的6位代码，如 140702"))
        create.add_argument("--zone", default="", help=_("所辖开发区的名称或简称"))
        create.add_argument("--credit-code", default="", help=_("统一社会信用代码"))
        listing = actions.add_parser("list", help=_("列出机构"))
        listing.add_argument("--json", action="store_true", help=_("以 JSON 输出"))
        for name, text in (("disable", _("停用机构")), ("enable", _("启用机构"))):
            parser_ = actions.add_parser(name, help=text)
            parser_.add_argument("code", help=_("机构编码"))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                self.create(options)
            elif action == "list":
                self.listing(options)
            else:
                organisation = services.organisation_by_code(options["code"], "code")
                services.organisation_set_status(organisation=organisation, active=action == "enable")
                done = _("已启用机构 {code}") if action == "enable" else _("已停用机构 {code}")
                self.stdout.write(done.format(code=organisation.code))
        except ValidationError as error:
            raise CommandError(_message(error)) from None

    def create(self, options: dict[str, Any]) -> None:
        organisation = services.organisation_create(
            data=OrganisationData(
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                parent=services.organisation_by_code(options["parent"], "parent")
                if options["parent"]
                else None,
                region=_region(options["region"]) if options["region"] else None,
                zone=_zone(options["zone"]) if options["zone"] else None,
                credit_code=options["credit_code"],
            )
        )
        self.stdout.write(
            _("已新建机构 {code}（{name}）").format(code=organisation.code, name=organisation.name)
        )

    def listing(self, options: dict[str, Any]) -> None:
        organisations = Organisation.objects.select_related("parent", "region", "zone").order_by(
            "sort_order", "code"
        )
        rows = [
            {
                "code": o.code,
                "name": o.name,
                "kind": o.kind,
                "parent": o.parent.code if o.parent else None,
                "region": o.region.code if o.region else None,
                "zone": o.zone.name if o.zone else None,
                "active": o.is_active,
            }
            for o in organisations
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                "\t".join(
                    [
                        str(row["code"]),
                        str(row["name"]),
                        str(row["kind"]),
                        str(row["parent"] or "-"),
                        str(row["region"] or "-"),
                        _("正常") if row["active"] else _("停用"),
                    ]
                )
            )
