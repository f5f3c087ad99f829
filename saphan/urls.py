"""Saphan's URLs: the shell, the API, the admin (administrators only)."""

from django.urls import include, path

from saphan.api import api
from saphan.core.admin import admin_site

urlpatterns = [
    path("admin/", admin_site.urls),
    path("api/v1/", api.urls),
    path("registry/", include("saphan.registry.urls")),
    path("", include("saphan.core.urls")),
]
