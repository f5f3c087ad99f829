"""Complaints endpoints under /api/v1/complaints/."""

from ninja import Router

router = Router(tags=["complaints"])
