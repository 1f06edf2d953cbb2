"""The finance app's API operations, mounted under /api/v1/finance."""

from ninja import Router

router = Router(tags=["finance"])
