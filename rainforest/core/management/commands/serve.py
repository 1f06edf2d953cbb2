"""`rainforest serve`: serve the application with gunicorn (Django's runserver when DEBUG is on)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

MANIFEST = "staticfiles.json"


def default_workers() -> int:
    raw = os.environ.get("WEB_CONCURRENCY", "2")
    try:
        return max(1, int(raw))
    except ValueError as error:
        raise CommandError(f"WEB_CONCURRENCY 应为正整数，实为 {raw!r}") from error


def gunicorn_argv(
    *, host: str, port: int, workers: int, threads: int, timeout: int, max_requests: int
) -> list[str]:
    """The gunicorn command line: access and error logs to stdout/stderr, workers recycled after
    `max_requests` (with jitter) so a slow leak never grows unbounded."""
    argv = [
        sys.executable, "-m", "gunicorn", "rainforest.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--threads", str(threads),
        "--timeout", str(timeout),
        "--access-logfile", "-",
        "--error-logfile", "-",
    ]  # fmt: skip
    if max_requests:
        argv += [
            "--max-requests",
            str(max_requests),
            "--max-requests-jitter",
            str(max(1, max_requests // 10)),
        ]
    return argv


def static_needs_collecting() -> bool:
    """True when STATIC_ROOT has not been collected (no manifest, or an empty folder for plain storage)."""
    root = Path(settings.STATIC_ROOT)
    storages: dict[str, Any] = settings.STORAGES
    backend = str(storages["staticfiles"]["BACKEND"])
    if "Manifest" in backend:
        return not (root / MANIFEST).exists()
    return not root.exists() or not any(root.iterdir())


class Command(BaseCommand):
    help = (
        "启动 Web 服务：gunicorn 运行 rainforest.wsgi，访问日志输出到标准输出；DEBUG 开启时改用 Django runserver。"
        "首次运行（STATIC_ROOT 中没有 staticfiles.json）先执行 collectstatic，静态文件由 WhiteNoise 提供。"
        "生产环境：PostgreSQL（DATABASE_URL=postgres://…），DEBUG=0，SECRET_KEY 与 ALLOWED_HOSTS 由环境变量给出，"
        "反向代理（nginx）终止 HTTPS 并设 BEHIND_PROXY=1 SECURE_HTTPS=1，例如 "
        "`rainforest serve --host 127.0.0.1 --port 8000 --workers 4 --threads 2 --timeout 60`（workers 约为 2×CPU+1，"
        "默认取 WEB_CONCURRENCY 或 2），另起 `rainforest worker` 处理后台任务（导入等）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="监听地址（默认 127.0.0.1；对外服务用 0.0.0.0 并置于反向代理之后）",
        )
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument(
            "--workers", type=int, default=None, help="gunicorn 工作进程数（默认 WEB_CONCURRENCY 或 2）"
        )
        parser.add_argument("--threads", type=int, default=1, help="每个工作进程的线程数（默认 1）")
        parser.add_argument(
            "--timeout", type=int, default=60, help="请求超时秒数，超时的工作进程被重启（默认 60）"
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=1000,
            help="工作进程处理多少请求后重启，0 为不重启（默认 1000）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只打印将执行的命令，不启动")

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"] or default_workers()
        if workers < 1:
            raise CommandError("--workers 至少为 1")
        if static_needs_collecting():
            self.stdout.write("收集静态文件（collectstatic）…")
            if not options["dry_run"]:
                call_command("collectstatic", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        if settings.DEBUG:
            self.stdout.write(f"DEBUG 已开启：使用 Django runserver，http://{host}:{port}/")
            if not options["dry_run"]:
                call_command("runserver", f"{host}:{port}")
            return
        argv = gunicorn_argv(
            host=host,
            port=port,
            workers=workers,
            threads=options["threads"],
            timeout=options["timeout"],
            max_requests=options["max_requests"],
        )
        self.stdout.write(f"启动 gunicorn：http://{host}:{port}/ （{workers} 个工作进程）")
        self.stdout.write(" ".join(argv[1:]))
        if options["dry_run"]:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        # Replace this process: signals (Ctrl-C, SIGTERM from a supervisor) then reach gunicorn directly,
        # and no database connection opened here is inherited by the workers.
        os.execv(sys.executable, argv)
