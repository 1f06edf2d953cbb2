"""Background rebuild of a large index (django-tasks; run by `rainforest worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def rebuild_index(kind: str) -> int:
    """Rebuild the index of `kind` ("achievements" or "demands") from the records; its document count."""
    from rainforest.matching.engine import store

    if kind not in store.KINDS:
        raise ValueError(f"unknown index {kind!r}")
    return len(store.build(kind).index)  # type: ignore[arg-type]
