"""`rainforest cultivation calibrate [--years 2022-2024] [--dry-run] [--output-dir DIR]`
`rainforest cultivation keep-pool [--day YYYY-MM-DD] [--rulebook hnte|tech-sme]`

keep-pool evaluates the whole registry's pools on the day (the data's as-of day by default) and keeps their
pass probabilities (cultivation/pool/kept.py), which the targets' summaries read: run it after a large
import, or nightly, so that the cockpit and the briefing never wait for a national pool.

Refits the pool's pass-probability model (cultivation/probability.py) on the records: for each year Y, the
facts of every candidate on 1 January Y against whether it won the certificate in Y. Prints, per rulebook,
the coefficients, the calibration table (predicted against observed, by decile of the prediction) and the
Brier score, then writes them as the next `pass-probability-N.toml` unless they equal the newest file's.
"""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rainforest.core.models import data_as_of, today
from rainforest.cultivation.pool import RULEBOOKS, calibration_history, keep
from rainforest.cultivation.probability import (
    DATA_DIR,
    TERMS,
    Model,
    ModelSet,
    brier,
    calibration_table,
    fit,
    model_files,
    read_models,
    write_models,
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"expected a date such as 2025-06-01, got {text!r}") from None


def _years(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise CommandError(f"--years: expected e.g. 2022-2024 or 2022,2023, got {text!r}") from None


class Command(BaseCommand):
    help = "企业培育：calibrate 按历史记录重新拟合培育库通过概率模型；keep-pool 测算并保存培育库通过概率"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        calibrate = sub.add_parser("calibrate", help="按历史记录拟合通过概率模型并打印校准表")
        calibrate.add_argument("--years", default="2022-2024", help="历史年度，如 2022-2024")
        calibrate.add_argument("--dry-run", action="store_true", help="只打印，不写模型文件")
        calibrate.add_argument("--output-dir", default=str(DATA_DIR), help="模型文件目录")
        keep_pool = sub.add_parser(
            "keep-pool", help="测算全市培育库每家候选企业的通过概率并保存（供目标预测使用）"
        )
        keep_pool.add_argument(
            "--day", type=_day, default=None, help="评价日期，如 2025-06-01（默认数据截止日）"
        )
        keep_pool.add_argument(
            "--rulebook", choices=RULEBOOKS, action="append", help="只测算这一规则（可重复）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "calibrate":
            self.calibrate(_years(options["years"]), options["dry_run"], Path(options["output_dir"]))
        elif options["action"] == "keep-pool":
            day = options["day"] or data_as_of()
            for rulebook in options["rulebook"] or RULEBOOKS:
                row = keep(rulebook, day)
                self.stdout.write(
                    f"{rulebook} {day}: {row.candidates} candidates kept in {row.seconds} s "
                    f"(model v{row.model_version})"
                )

    def calibrate(self, years: list[int], dry_run: bool, directory: Path) -> None:
        models: dict[str, Model] = {}
        for rulebook in RULEBOOKS:
            history = calibration_history(rulebook, years)
            positives = sum(1 for row in history if row.won)
            self.stdout.write(
                f"\n== {rulebook}: {len(history)} firm-years {years[0]}–{years[-1]}, {positives} won"
            )
            if not history or positives in (0, len(history)):
                raise CommandError(f"{rulebook}: the history needs both winners and others to fit a model")
            coefficients = fit([(row.features, row.won) for row in history])
            model = Model(rulebook, coefficients, observations=len(history), positives=positives)
            predicted = [model.probability(row.features) for row in history]
            observed = [row.won for row in history]
            score = brier(predicted, observed)
            base = positives / len(history)
            models[rulebook] = Model(
                rulebook, coefficients, observations=len(history), positives=positives, brier=round(score, 6)
            )
            self.stdout.write("coefficients: " + ", ".join(f"{t} {coefficients[t]:+.4f}" for t in TERMS))
            self.stdout.write("decile  firms  predicted  observed  range")
            for row in calibration_table(predicted, observed):
                self.stdout.write(
                    f"{row.decile:>6}  {row.count:>5}  {row.predicted:>9.3f}  {row.observed:>8.3f}  "
                    f"{row.low:.3f}–{row.high:.3f}"
                )
            reference = brier([base] * len(history), observed)
            self.stdout.write(f"Brier score {score:.4f} (base rate {base:.3f} alone: {reference:.4f})")
        files = model_files(directory)
        if files:
            newest = read_models(files[-1][1])
            same = all(
                family in newest.models
                and all(
                    abs(newest.models[family].coefficients[t] - model.coefficients[t]) < 5e-7 for t in TERMS
                )
                for family, model in models.items()
            )
            if same:
                self.stdout.write(f"\nunchanged: {files[-1][1].name} holds these coefficients")
                return
        version = files[-1][0] + 1 if files else 1
        if dry_run:
            self.stdout.write(f"\n--dry-run: pass-probability-{version}.toml not written")
            return
        source = f"calibrated on the records of {years[0]}–{years[-1]} (rainforest cultivation calibrate)"
        path = write_models(ModelSet(version, today(), source, models), directory)
        self.stdout.write(f"\nwrote {path}")
