"""Background work of the cultivation app (django-tasks; run by `rainforest worker`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def refresh_kept_pool(rulebook: str, day: str) -> int:
    """Evaluate the whole registry's pool again and keep its probabilities (`pool.kept`); the candidates."""
    from rainforest.cultivation.pool.kept import keep

    return keep(rulebook, date.fromisoformat(day)).candidates
