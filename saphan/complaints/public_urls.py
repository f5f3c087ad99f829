"""Complaints: public pages (no login) — intake, tracking, the public list and map, explainers."""

from django.urls import URLPattern, URLResolver, path

from saphan.complaints.views import public

urlpatterns: list[URLPattern | URLResolver] = [
    path("report/", public.report, name="complaint-report"),
    path("report/nearby/", public.nearby, name="complaint-nearby"),
    path(
        "report/establishments/", public.establishment_search, name="complaint-establishment-search"
    ),
    path("report/receipt/<str:code>/", public.receipt, name="complaint-receipt"),
    path("track/", public.lookup, name="complaint-lookup"),
    path("track/<str:code>/", public.track, name="complaint-track"),
    path("track/<str:code>/follow/", public.follow, name="complaint-follow"),
    path("track/<str:code>/k/<str:key>/", public.act, name="complaint-act"),
    path("public/complaints/", public.public_list, name="complaint-public-list"),
    path("public/complaints/map/", public.public_map, name="complaint-public-map"),
    path("public/complaints/points.json", public.public_points, name="complaint-public-points"),
    path("public/photos/<int:pk>.jpg", public.public_photo, name="complaint-public-photo"),
    path("explainers/", public.explainer_list, name="explainer-list"),
    path("explainers/<slug:slug>/", public.explainer_detail, name="explainer-detail"),
    path("privacy/complaints/", public.privacy_notice, name="complaint-privacy"),
]
