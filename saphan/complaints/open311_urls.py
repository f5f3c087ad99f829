"""Open311 GeoReport v2 at /open311/v2/."""

from django.urls import URLPattern, URLResolver, re_path

from saphan.complaints import open311

FMT = r"\.(?P<fmt>[a-z0-9]+)$"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^discovery" + FMT, open311.discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, open311.services, name="open311-services"),
    re_path(
        r"^services/(?P<code>[a-z_]+)" + FMT, open311.service_definition, name="open311-service"
    ),
    re_path(r"^requests" + FMT, open311.requests, name="open311-requests"),
    re_path(
        r"^requests/(?P<code>[A-Za-z0-9-]+)" + FMT, open311.request_detail, name="open311-request"
    ),
    re_path(r"^tokens/(?P<token_id>[A-Za-z0-9-]+)" + FMT, open311.token, name="open311-token"),
]
