"""`rainforest forest rebuild` recomputes every stored layer span and move from the records;
`rainforest forest layers --as-of DATE` counts the layers on a date straight from the records
(`forest.selectors.layers_on`, no stored span involved) beside the stored spans, to cross-check them, and
checks that every stored move agrees with the stored spans: the moves of a date lead from the layer on
the day before to the layer on the day (`forest.engine.move_contradictions`)."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rainforest.core.maintenance import refresh_statistics
from rainforest.core.models import data_as_of
from rainforest.forest import selectors
from rainforest.forest.choices import CODE_OF_LAYER, LAYER_CODES, LayerChoice
from rainforest.forest.models import LayerSpan, Move
from rainforest.forest.services import forest_refresh


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of: 日期格式应为 YYYY-MM-DD，收到 {value!r}") from error


class Command(BaseCommand):
    help = "The forest: rebuild the stored layer spans and moves, or count the layers on a date from the records."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,layers}")
        commands.add_parser("rebuild", help="Recompute every layer span and move from the records.")
        layers = commands.add_parser(
            "layers", help="Count enterprises by layer on a date from the records, beside the stored spans."
        )
        layers.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: today)")
        layers.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        layers.add_argument(
            "--check",
            action="store_true",
            help="Exit with status 1 when the two counts differ or a stored move contradicts the spans.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            self.rebuild()
        else:
            day = _day(options["as_of"]) if options["as_of"] else data_as_of()
            self.layers(day, as_json=options["json"], check=options["check"])

    def rebuild(self) -> None:
        started = time.perf_counter()
        spans, moves = forest_refresh()
        refresh_statistics(LayerSpan, Move)
        self.stdout.write(
            f"rebuilt the forest: {spans} layer spans, {moves} moves in {time.perf_counter() - started:.1f} s"
        )

    def layers(self, day: date, *, as_json: bool, check: bool) -> None:
        computed_by_id = {pk: int(layer) for pk, layer in selectors.layers_on(day).items()}
        stored_by_id = dict(
            selectors.spans_on(day).filter(enterprise__isnull=False).values_list("enterprise_id", "layer")
        )
        computed = Counter(CODE_OF_LAYER[layer] for layer in computed_by_id.values())
        stored = Counter(CODE_OF_LAYER[layer] for layer in stored_by_id.values())
        mismatched = sorted(
            pk
            for pk in computed_by_id.keys() | stored_by_id.keys()
            if computed_by_id.get(pk) != stored_by_id.get(pk)
        )
        contradictions = selectors.move_contradictions_stored()
        codes = list(LAYER_CODES)
        if as_json:
            report = {
                "as_of": day.isoformat(),
                "computed": {code: computed[code] for code in codes},
                "stored": {code: stored[code] for code in codes},
                "mismatched_enterprise_ids": mismatched,
                "moves_contradicting_spans": {
                    str(pk): [str(problem) for problem in problems] for pk, problems in contradictions.items()
                },
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stdout.write(f"enterprises by layer on {day} (computed from records | stored spans)")
            for code in codes:
                label = str(LayerChoice(LAYER_CODES[code]).label)
                self.stdout.write(f"  {code:<6} {label:<4} {computed[code]:>9} | {stored[code]:>9}")
            self.stdout.write(
                f"  {'total':<6} {'':<4} {sum(computed.values()):>9} | {sum(stored.values()):>9}"
            )
            self.stdout.write(f"mismatched enterprises: {len(mismatched)}")
            if mismatched:
                self.stdout.write("  first ids: {ids}".format(ids=", ".join(map(str, mismatched[:20]))))
            self.stdout.write(f"enterprises whose moves contradict their spans: {len(contradictions)}")
            for pk, problems in list(contradictions.items())[:20]:
                self.stdout.write(f"  {pk}: " + "; ".join(str(problem) for problem in problems))
        if check and mismatched:
            raise CommandError(
                f"{len(mismatched)} enterprises differ between the records and the stored spans: run `rainforest forest rebuild`"
            )
        if check and contradictions:
            raise CommandError(
                f"{len(contradictions)} enterprises have moves that contradict their layer spans"
            )
