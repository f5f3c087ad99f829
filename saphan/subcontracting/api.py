"""Subcontracting endpoints under /api/v1/subcontracting/."""

from ninja import Router

router = Router(tags=["subcontracting"])
