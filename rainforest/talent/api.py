"""The talent app's API operations, mounted under /api/v1/talent."""

from ninja import Router

router = Router(tags=["talent"])
