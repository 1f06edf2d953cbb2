"""API operations of the matching engine, mounted under /api/v1/matching beside the app's router."""

from ninja import Router

router = Router(tags=["matching"])
