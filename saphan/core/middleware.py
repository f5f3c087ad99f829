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
            accept = request.headers.get("Accept-Language", "")
            language = (
                translation.get_supported_language_variant(
                    accept.split(",")[0].split(";")[0].strip() or settings.LANGUAGE_CODE
                )
                if accept
                else settings.LANGUAGE_CODE
            )
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class CurrentOfficeMiddleware:
    """Puts the office the person works for right now on request.office (None if none)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from saphan.core.selectors import office_current_for_user

        request.office = office_current_for_user(  # type: ignore[attr-defined]
            request.user, request.session.get(SESSION_OFFICE_KEY)
        )
        return self.get_response(request)
