"""The router every module of the registry's API adds its operations to."""

from ninja import Router

router = Router(tags=["enterprises"])
