"""The indicators app's API operations, mounted under /api/v1/indicators."""

from ninja import Router

router = Router(tags=["indicators"])
