"""Complaints: public pages (no login) — intake, tracking, the public list and map."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
