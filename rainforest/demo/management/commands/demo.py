"""`rainforest demo`: build the deterministic demo city of Jinzhong, print its figures and logins, serve it."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rainforest.core.maintenance import refresh_statistics
from rainforest.demo.builder import DemoSummary, build_demo
from rainforest.demo.plan import SCALES
from rainforest.demo.wipe import holds_foreign_data
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.forest.engine import LAYER_LABELS, Layer
from rainforest.forest.models import LayerSpan, Move

PUBLIC_SCALES = ("city", "province", "national")


class Command(BaseCommand):
    help = (
        "生成演示城市（晋中）：约1,500家企业（2021–2025年）、年度数据、资质证书、晋创谷孵化团队、各角色演示账号，"
        "并计算森林层级。先删除上次生成的演示数据（保留区划等基础数据与用户）。同一 --seed 生成完全相同的数据；"
        "所有记录的日期不晚于 2025-06-01（种子报道日期）。规模：city 约1,500家，province 约15,000家，"
        "national 约500,000家（性能测试用，请用 PostgreSQL）。批量写入的数据不逐条记录变更历史，"
        "每次生成记一条“演示数据生成记录”。不带 --no-serve 时生成后启动服务（rainforest serve）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="随机种子（默认 2025）")
        # `tiny` (150 firms) exists for tests and stays out of the help text.
        parser.add_argument(
            "--scale",
            default="city",
            metavar="{city,province,national}",
            help="规模：city、province、national",
        )
        parser.add_argument(
            "--size", type=int, default=None, help=argparse.SUPPRESS
        )  # tests: any number of firms
        parser.add_argument("--no-serve", action="store_true", help="生成后退出，不启动服务")
        parser.add_argument("--force", action="store_true", help="数据库中已有非演示生成的企业时也删除并重建")
        parser.add_argument("--host", default="127.0.0.1", help="服务地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="服务端口（默认 8000）")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale not in SCALES:
            raise CommandError(f"--scale 应为 {'、'.join(PUBLIC_SCALES)} 之一，实为 {scale!r}")
        if options["size"] is not None and options["size"] < 20:
            raise CommandError("--size 至少为 20")
        if holds_foreign_data() and not options["force"]:
            raise CommandError(
                "数据库中已有不是由 rainforest demo 生成的企业数据，演示生成会将其全部删除。"
                "确认删除请加 --force，或通过 DATABASE_URL 指定另一个数据库。"
            )
        size = options["size"]
        self.stdout.write(
            f"生成演示城市：规模 {scale}（{size or SCALES[scale]:,} 家企业），随机种子 {options['seed']} …"
        )
        started = time.perf_counter()
        verbose = options["verbosity"] >= 1
        summary = build_demo(
            seed=options["seed"],
            scale=scale,
            size=size,
            log=self.stdout.write if verbose and (size or SCALES[scale]) > 5000 else None,
        )
        # The bulk load left PostgreSQL's statistics stale: plan from fresh ones (core.maintenance).
        refresh_statistics(Enterprise, YearlyFigures, Certificate, LayerSpan, Move)
        self.print_summary(summary, time.perf_counter() - started)
        if not options["no_serve"]:
            sys.stdout.flush()
            call_command("serve", host=options["host"], port=options["port"])

    def print_summary(self, summary: DemoSummary, seconds: float) -> None:
        out = self.stdout.write
        out(self.style.SUCCESS(f"演示城市已生成，用时 {seconds:.1f} 秒（基准日期 {summary.as_of:%Y-%m-%d}）"))
        out(f"  企业 {summary.enterprises:,} 家，孵化团队 {summary.teams:,} 个")
        out(f"  {summary.as_of:%Y-%m-%d} 有效的科技型中小企业登记：{summary.tech_smes_valid:,} 家")
        out(f"  {summary.as_of:%Y-%m-%d} 有效的高新技术企业证书：{summary.hntes_valid:,} 家")
        layers = "，".join(
            f"{LAYER_LABELS[layer]} {summary.layers[layer.code]:,}" for layer in reversed(Layer)
        )
        out(f"  森林层级（{summary.as_of:%Y-%m-%d}）：{layers}")
        park = summary.park
        out(
            f"  晋创谷·晋中：入驻企业 {park['resident_firms']} 家，科创团队 {park['resident_teams']} 个，"
            f"拟入驻 {park['about_to_enter']} 家，在谈项目 {park['negotiating']} 个"
        )
        out(f"  科技管家服务关系 {summary.assignments:,} 条")
        out(f"  各步用时（秒）：{summary.timings}")
        out("演示账号（仅供演示环境使用）：")
        width = max(len(login.username) for login in summary.logins)
        for login in summary.logins:
            out(
                f"  {login.username:<{width}}  密码 {login.password:<32} {login.label}（{login.organisation}）"
            )
