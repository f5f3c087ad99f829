"""Subcontracting endpoints under /api/v1/subcontracting/ (one router per part)."""

from ninja import Router

from saphan.subcontracting.api import allocation, ledger, measures, offers, readiness

router = Router(tags=["subcontracting"])
for part in (readiness, offers, allocation, ledger, measures):
    router.add_router("", part.router)
