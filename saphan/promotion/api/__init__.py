"""Industrial promotion endpoints under /api/v1/promotion/: catalog, requests, demand, joint
visits, funds, training, projects. Every one reads and writes through the app's selectors and
services, so the scope applies as on the pages."""

from ninja import Router

from saphan.promotion.api import catalog, money, planning

router = Router(tags=["promotion"])
router.add_router("", catalog.router)
router.add_router("", planning.router)
router.add_router("", money.router)
