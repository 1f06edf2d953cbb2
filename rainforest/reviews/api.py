"""The reviews app's API operations, mounted under /api/v1/reviews."""

from ninja import Router

router = Router(tags=["reviews"])
