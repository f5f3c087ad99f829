"""Industrial promotion endpoints under /api/v1/promotion/."""

from ninja import Router

router = Router(tags=["promotion"])
