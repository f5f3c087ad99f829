"""Saphan's URLs: the shell, the API, the admin (administrators only)."""

from django.urls import include, path

from saphan.api import api
from saphan.core.admin import admin_site

urlpatterns = [
    path("admin/", admin_site.urls),
    path("api/v1/", api.urls),
    path("registry/", include("saphan.registry.urls")),
    path("complaints/", include("saphan.complaints.urls")),
    path("open311/v2/", include("saphan.complaints.open311_urls")),
    path("subcontracting/", include("saphan.subcontracting.urls")),
    path("promotion/", include("saphan.promotion.urls")),
    # Public pages (no login): complaint intake and tracking.
    path("", include("saphan.complaints.public_urls")),
    path("", include("saphan.core.urls")),
]
