"""Language (Thai by default; cookie, then the person's preference) and the current office."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SESSION_OFFICE_KEY = "saphan_office_id"


class LanguageMiddleware:
    """Thai unless the person chose otherwise: ?lang=, then the cookie, then Accept-Language
    only for API clients. Pages ignore the browser's language: officers expect Thai."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported and request.path.startswith(("/api/", "/open311/")):
            # API clients may ask with Accept-Language; pages stay Thai unless the person chose.
            language = translation.get_language_from_request(request)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class CurrentOfficeMiddleware:
    """Puts the person's offices on request.my_offices and the one they work for right now
    (chosen in this session, else their first) on request.office (None if none)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from saphan.core.selectors import office_list_of_user

        offices = office_list_of_user(request.user)
        chosen = request.session.get(SESSION_OFFICE_KEY)
        request.my_offices = offices  # type: ignore[attr-defined]
        request.office = next(  # type: ignore[attr-defined]
            (o for o in offices if o.pk == chosen), offices[0] if offices else None
        )
        return self.get_response(request)
