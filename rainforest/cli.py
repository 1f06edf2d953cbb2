"""The `rainforest` console script: Django's management commands under friendlier names.

rainforest serve [--host H] [--port P]   serve the application (gunicorn)
rainforest demo [--scale city] [--no-serve]
rainforest worker                         run a background task worker (django-tasks-db)
rainforest import|export|template|token|forest …
rainforest user create|list|disable|enable|set-password …   accounts (the first administrator: --password-stdin)
rainforest org create|list|disable|enable …                 organisations
rainforest calls panel --call CODE [--seed N] [--json]     draw (or show) a call's expert panel
rainforest indicators --period 2025Q1 [--district CODE] [--json]   the period's indicator figures
rainforest briefing --period 2025Q1 [--format docx|html] [--out FILE]   write the period's briefing
rainforest <any manage.py command>
"""

from __future__ import annotations

import os
import sys

ALIASES = {"worker": "db_worker", "match-eval": "match_eval"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rainforest.settings")
    from django.core.management import execute_from_command_line

    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    if not args:
        args = ["help"]
    execute_from_command_line(["rainforest", *args])


if __name__ == "__main__":
    main()
