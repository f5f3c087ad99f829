"""Industrial promotion: staff pages under /promotion/."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
