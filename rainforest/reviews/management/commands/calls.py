"""`rainforest calls panel --call CODE [--seed N] [--json]`: draw a call's expert panel by its rules (or show
the one drawn) and print it with the experts excluded and why; exit 1 with a message on errors."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rainforest.calls.models import Call
from rainforest.core.policy import OPERATOR
from rainforest.reviews.services import panel_draw


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "；".join(str(m) for messages in error.message_dict.values() for m in messages)
    return "；".join(str(m) for m in error.messages)


class Command(BaseCommand):
    help = "申报通知：panel 抽取（或查看已抽取的）评审专家组"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["panel"])
        parser.add_argument("--call", required=True, help="申报通知编号，如 demo-review")
        parser.add_argument("--seed", type=int, default=None, help="抽取种子（缺省为通知的内部编号）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args: Any, **options: Any) -> None:
        call = Call.objects.filter(code=options["call"]).first()
        if call is None:
            raise CommandError(f"没有编号为“{options['call']}”的申报通知")
        try:
            draw = panel_draw(user=OPERATOR, call=call, seed=options["seed"])
        except ValidationError as error:
            raise CommandError(_message(error)) from error
        out = {
            "call": call.code,
            "experts": [
                {
                    "id": expert.pk,
                    "organisation": expert.organisation.name,
                    "technical": expert.technical,
                    "financial": expert.financial,
                }
                for expert in draw.experts
            ],
            "excluded": [{"id": row.expert.pk, "reason": row.reason} for row in draw.excluded],
        }
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(f"{call.code} {call.title}: {len(draw.experts)} experts (seed {draw.panel.seed})")
        for expert in draw.experts:
            kinds = "/".join(
                k for k, on in (("technical", expert.technical), ("financial", expert.financial)) if on
            )
            self.stdout.write(f"  {expert.pk}\t{expert.name}\t{expert.organisation.name}\t{kinds}")
        for row in draw.excluded:
            self.stdout.write(f"  excluded {row.expert.pk}\t{row.expert.name}\t{row.reason}")
