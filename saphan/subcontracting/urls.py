"""Subcontracting: pages under /subcontracting/."""

from django.urls import URLPattern, URLResolver, path

from saphan.subcontracting.views import allocation, dashboard, ledger, offers, readiness

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard.home, name="subcontracting-home"),
    path("export.<str:fmt>", dashboard.export, name="subcontracting-export"),
    path("my/", dashboard.my_work, name="subcontracting-my"),
    path("wages/", dashboard.wage_list, name="subcontracting-wages"),
    path("wages/<int:pk>/remove/", dashboard.wage_remove, name="subcontracting-wage-remove"),
    path("groups/", readiness.group_list, name="subcontracting-groups"),
    path("groups/<int:pk>/", readiness.group_detail, name="subcontracting-group"),
    path("members/<int:pk>/", readiness.member_edit, name="subcontracting-member"),
    path(
        "members/<int:pk>/withdraw/",
        readiness.member_withdraw,
        name="subcontracting-member-withdraw",
    ),
    path(
        "machines/<int:pk>/remove/",
        readiness.machine_remove,
        name="subcontracting-machine-remove",
    ),
    path(
        "unavailable/<int:pk>/remove/",
        readiness.period_remove,
        name="subcontracting-period-remove",
    ),
    path("companies/", readiness.company_list, name="subcontracting-companies"),
    path("companies/<int:pk>/", readiness.company_detail, name="subcontracting-company"),
    path("offers/", offers.offer_list, name="subcontracting-offers"),
    path("offers/new/", offers.offer_create, name="subcontracting-offer-new"),
    path("offers/<int:pk>/", offers.offer_detail, name="subcontracting-offer"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="subcontracting-offer-edit"),
    path(
        "offers/<int:pk>/<str:action>/",
        offers.offer_action,
        name="subcontracting-offer-action",
    ),
    path("runs/", allocation.run_list, name="subcontracting-runs"),
    path("runs/<int:pk>/", allocation.run_detail, name="subcontracting-run"),
    path("runs/<int:pk>/<str:action>/", allocation.run_action, name="subcontracting-run-action"),
    path("lots/<int:pk>/", ledger.lot_detail, name="subcontracting-lot"),
    path(
        "lots/<int:pk>/review/<str:action>/",
        allocation.lot_review,
        name="subcontracting-lot-review",
    ),
    path(
        "lots/<int:pk>/decide/<str:action>/",
        allocation.lot_decide,
        name="subcontracting-lot-decide",
    ),
    path(
        "lots/<int:pk>/agreement.pdf",
        ledger.agreement_print,
        name="subcontracting-agreement-pdf",
    ),
    path("payments/<int:pk>/slip.pdf", ledger.payment_slip, name="subcontracting-payment-slip"),
    path("payments/<int:pk>/shares/", ledger.payment_shares, name="subcontracting-shares"),
    path("photos/<int:pk>/", ledger.photo, name="subcontracting-photo"),
]
