"""REST endpoints of the cultivation work under /api/v1/cultivation, one module per entity. Thin: parse,
call one selector or service, shape the answer. The same scope as the pages: the bureau and the butlers;
403 for the others. Writes go through `cultivation.services`, which decide who may write."""

from __future__ import annotations

from rainforest.cultivation.api import follow_ups, pool, trainings

router = pool.router
router.add_router("/trainings", trainings.router)
router.add_router("/follow-ups", follow_ups.router)

__all__ = ["router"]
