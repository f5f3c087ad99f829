"""Open311 GeoReport v2 at /open311/v2/. Any path under it answers in the spec's error list
(the views check codes and formats themselves; an address no route takes is a 404 list)."""

from django.urls import URLPattern, URLResolver, re_path

from saphan.complaints import open311

FMT = r"\.(?P<fmt>[^./]+)$"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^discovery" + FMT, open311.discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, open311.services, name="open311-services"),
    re_path(
        r"^services/(?P<code>[^/]+?)" + FMT, open311.service_definition, name="open311-service"
    ),
    re_path(r"^requests" + FMT, open311.requests, name="open311-requests"),
    re_path(r"^requests/(?P<code>[^/]+?)" + FMT, open311.request_detail, name="open311-request"),
    re_path(r"^tokens/(?P<token_id>[^/]+?)" + FMT, open311.token, name="open311-token"),
    re_path(r"^.*$", open311.not_found, name="open311-not-found"),
]
