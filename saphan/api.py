"""The HTTP API at /api/v1/: one NinjaAPI, session or token authentication, one error envelope."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from saphan.complaints.api import router as complaints_router
from saphan.core.api import router as core_router
from saphan.core.errors import ApplicationError, envelope
from saphan.core.services import api_token_authenticate
from saphan.promotion.api import router as promotion_router
from saphan.registry.api import router as registry_router
from saphan.subcontracting.api import router as subcontracting_router

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """Authorization: Bearer sph_…"""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    """X-API-Key: sph_… (for clients that cannot set Authorization)."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = api_token_authenticate(key) if key else None
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Saphan API",
    version="1",
    description=(
        "Saphan (สะพาน): registry, complaints, subcontracting and promotion services of Thailand's "
        'provincial industry offices. Errors: {"error": {code, message, message_th, message_en, '
        "fields}}. Send `Accept-Language: en` or `?lang=en` for English messages."
    ),
    # Tokens first: a token client sends no session cookie nor CSRF token, and ninja's session
    # check refuses a write without CSRF before it looks for the session (ending the chain).
    # A request with no token header goes on to the session, CSRF-checked as before.
    auth=[TokenAuth(), TokenHeaderAuth(), SessionAuth()],
    urls_namespace="api-1",
)
api.add_router("/", core_router)
api.add_router("/registry/", registry_router)
api.add_router("/complaints/", complaints_router)
api.add_router("/subcontracting/", subcontracting_router)
api.add_router("/promotion/", promotion_router)

_PYDANTIC_MESSAGES = {
    "missing": _("This field is required."),
    "string_too_long": _("This value is too long."),
    "string_too_short": _("This value is too short."),
    "int_parsing": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "decimal_parsing": _("Enter a number."),
    "bool_parsing": _("Enter true or false."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "uuid_parsing": _("Enter a valid identifier."),
    "json_invalid": _("The request body is not valid JSON."),
    "greater_than_equal": _("This value is too small."),
    "less_than_equal": _("This value is too large."),
    "greater_than": _("This value is too small."),
    "less_than": _("This value is too large."),
}


def _respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _respond(request, exc.status, envelope(exc.code, exc.message, exc.fields, exc.params))


@api.exception_handler(NinjaValidationError)
def _request_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[ValidationError]] = {}
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", []) if p not in ("body", "query", "path", "payload")]
        name = ".".join(loc) or "__all__"
        kind = str(item.get("type", "invalid"))
        rule = (item.get("ctx") or {}).get("rule")
        if isinstance(rule, ValidationError):  # a rule of ours (core.errors.rule_error)
            fields.setdefault(name, []).append(rule)
            continue
        message: Any = _PYDANTIC_MESSAGES.get(kind)
        if message is None:
            # A rule of ours raised inside a schema validator carries its own text.
            message = str(item.get("msg", "")).removeprefix("Value error, ") or _("Invalid value.")
        fields.setdefault(name, []).append(ValidationError(message, code=kind))
    return _respond(
        request,
        422,
        envelope("validation_error", _("Some fields are not valid: see each field."), fields),
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(
        request, 401, envelope("not_authenticated", _("Sign in or send a valid API token."))
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(request, 403, envelope("permission_denied", _("You may not do this.")))


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _respond(request, 404, envelope("not_found", _("Not found, or not yours to see.")))


@api.exception_handler(ValidationError)
def _model_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _application_error(request, ApplicationError.from_validation_error(exc))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403 and "CSRF" in str(exc):
        return _respond(
            request,
            403,
            envelope(
                "csrf_failed",
                _(
                    "A signed-in browser's change needs the page's CSRF token (the X-CSRFToken "
                    "header); a program sends its API token instead."
                ),
            ),
        )
    return _respond(request, exc.status_code, envelope("http_error", str(exc)))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return _respond(
        request, 500, envelope("server_error", _("Something went wrong on our side; it is logged."))
    )
