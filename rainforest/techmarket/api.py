"""The techmarket app's API operations, mounted under /api/v1/techmarket."""

from ninja import Router

router = Router(tags=["techmarket"])
