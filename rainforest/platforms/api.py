"""The platforms app's API operations, mounted under /api/v1/platforms."""

from ninja import Router

router = Router(tags=["platforms"])
