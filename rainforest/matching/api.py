"""The matching app's API operations, mounted under /api/v1/matching."""

from ninja import Router

router = Router(tags=["matching"])
