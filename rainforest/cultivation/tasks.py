"""Background work of the cultivation app (django-tasks; run by `rainforest worker`).

`refresh_kept_pool` re-evaluates a pool whose kept probabilities went stale; it is declared in
`pool/kept.py`, beside the reading that queues it.
"""

from __future__ import annotations

from rainforest.cultivation.pool.kept import refresh_kept_pool

__all__ = ["refresh_kept_pool"]
