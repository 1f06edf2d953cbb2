"""The calls app's API operations, mounted under /api/v1/calls."""

from ninja import Router

router = Router(tags=["calls"])
