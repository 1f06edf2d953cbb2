"""`rainforest demo`: build the deterministic demo city of Jinzhong, print its figures and logins, serve it."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections
from django.db.migrations.executor import MigrationExecutor

from rainforest.core.maintenance import refresh_statistics
from rainforest.demo import organisations, people
from rainforest.demo.builder import DemoSummary, build_demo
from rainforest.demo.plan import SCALES
from rainforest.demo.wipe import Ownership, ownership
from rainforest.enterprises.models import Certificate, Enterprise, YearlyFigures
from rainforest.forest.engine import LAYER_LABELS, Layer
from rainforest.forest.models import LayerSpan, Move

PUBLIC_SCALES = ("city", "province", "national")


class Command(BaseCommand):
    help = (
        "生成演示城市（晋中）：约1,500家企业（2021–2025年）、年度数据、资质证书、晋创谷孵化团队、各角色演示账号，"
        "并计算森林层级。数据库尚未迁移时先执行迁移。先删除上次生成的演示数据（保留区划等基础数据与用户）；"
        "数据库中有不是演示生成的记录（导入或手工录入）时拒绝执行，加 --force 则只删除演示生成的记录及挂在其下的手工记录，"
        "其余保留。同一 --seed 生成完全相同的数据；"
        "所有记录的日期不晚于 2025-06-01（种子报道日期）。规模：city 约1,500家，province 约15,000家，"
        "national 约500,000家（性能测试用，请用 PostgreSQL）。每条演示记录在变更历史中有一条创建记录（原因：演示数据生成），"
        "每次生成另记一条“演示数据生成记录”。不带 --no-serve 时生成后启动服务（rainforest serve）。"
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
        parser.add_argument(
            "--force",
            action="store_true",
            help="数据库中有非演示生成的记录时仍重建：只删除演示生成的记录和挂在其下的手工记录，其余保留",
        )
        parser.add_argument("--host", default="127.0.0.1", help="服务地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="服务端口（默认 8000）")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale not in SCALES:
            raise CommandError(f"--scale 应为 {'、'.join(PUBLIC_SCALES)} 之一，实为 {scale!r}")
        if options["size"] is not None and options["size"] < 20:
            raise CommandError("--size 至少为 20")
        self.migrate()
        found = ownership()
        found.users = people.hand_made_users((*people.CAST, *organisations.INSTITUTION_USERS))
        if (found.foreign or found.users) and not options["force"]:
            raise CommandError(self.refusal(found))
        if found.foreign or found.users:
            self.stdout.write(self.kept_and_deleted(found))
        size = options["size"]
        self.stdout.write(
            f"生成演示城市：规模 {scale}（{size or SCALES[scale]:,} 家企业），随机种子 {options['seed']} …"
        )
        started = time.perf_counter()
        verbose = options["verbosity"] >= 1
        try:
            summary = build_demo(
                seed=options["seed"],
                scale=scale,
                size=size,
                log=self.stdout.write if verbose and (size or SCALES[scale]) > 5000 else None,
            )
        except IntegrityError as error:  # a kept record holds a credit code or name the demo draws
            raise CommandError(
                f"演示数据与保留的记录冲突（{error}），未做任何修改。请通过 DATABASE_URL 指定另一个数据库。"
            ) from error
        # The bulk load left PostgreSQL's statistics stale: plan from fresh ones (core.maintenance).
        refresh_statistics(Enterprise, YearlyFigures, Certificate, LayerSpan, Move)
        self.print_summary(summary, time.perf_counter() - started)
        if not options["no_serve"]:
            sys.stdout.flush()
            call_command("serve", host=options["host"], port=options["port"])

    def migrate(self) -> None:
        """A database that was never migrated (or lags behind the code) is migrated first."""
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("数据库尚未迁移到最新版本，先执行迁移（rainforest migrate）…")
            call_command("migrate", interactive=False, verbosity=0)

    @staticmethod
    def _counts(counts: dict[str, int]) -> str:
        return "、".join(f"{label} {n:,} 条" for label, n in counts.items())

    def refusal(self, found: Ownership) -> str:
        lines = ["数据库中有不是由 rainforest demo 生成的记录（导入或手工录入），未做任何修改："]
        if found.kept:
            lines.append(f"  {self._counts(found.kept)}：加 --force 时保留")
        if found.attached:
            lines.append(f"  {self._counts(found.attached)}：挂在演示记录下，加 --force 时随演示记录一起删除")
        if found.users:
            lines.append(
                f"  用户 {'、'.join(found.users)}：与演示账号同名但不是演示生成的，"
                "加 --force 时原样保留（不改密码、角色和机构），演示不使用它们"
            )
        lines.append(
            "加 --force 只删除演示生成的记录（及上面说明随之删除的记录）后重建演示城市；"
            "或通过 DATABASE_URL 指定另一个数据库。"
        )
        return "\n".join(lines)

    def kept_and_deleted(self, found: Ownership) -> str:
        parts = []
        if found.kept:
            parts.append(f"保留非演示记录：{self._counts(found.kept)}")
        if found.attached:
            parts.append(f"随演示记录删除：{self._counts(found.attached)}")
        if found.users:
            parts.append(f"原样保留同名的非演示用户：{'、'.join(found.users)}")
        return "--force：" + "；".join(parts)

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
