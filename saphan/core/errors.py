"""One application error, and how any error becomes the API's envelope in Thai and English.

Envelope: {"error": {"code", "message", "message_th", "message_en", "fields"}} where `message`
is in the language of the request and `fields` maps a field name to a list of
{"code", "message", "message_th", "message_en"} naming the rule that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from pydantic_core import PydanticCustomError

Text = str | Promise


class ApplicationError(Exception):
    """A request that cannot be done as asked; `status` is the HTTP status it maps to."""

    def __init__(
        self,
        message: Text,
        *,
        code: str = "invalid",
        status: int = 400,
        fields: dict[str, list[ValidationError]] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message) % params if params else str(message))
        self.message = message
        self.code = code
        self.status = status
        self.fields = fields or {}
        self.params = params or {}

    @classmethod
    def from_validation_error(
        cls, error: ValidationError, message: Text | None = None
    ) -> ApplicationError:
        from django.utils.translation import gettext_lazy as _

        if hasattr(error, "error_dict"):
            fields = {name: list(errors) for name, errors in error.error_dict.items()}
        else:
            fields = {"__all__": list(error.error_list)}
        return cls(
            message or _("Some fields are not valid: see each field."),
            code="validation_error",
            status=422,
            fields=fields,
        )


def in_languages(render: Callable[[], str]) -> dict[str, str]:
    """Render a message once per language."""
    out: dict[str, str] = {}
    for language in ("th", "en"):
        with translation.override(language):
            out[language] = str(render())
    return out


def _message_of(error: ValidationError) -> str:
    message = str(error.message)
    return message % error.params if error.params else message


def envelope(
    code: str,
    message: Text,
    fields: dict[str, list[ValidationError]] | None = None,
    params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    def top() -> str:
        text = str(message)
        return text % params if params else text

    texts = in_languages(top)
    field_out: dict[str, list[dict[str, str]]] = {}
    for name, errors in (fields or {}).items():
        items = []
        for err in errors:
            per = in_languages(partial(_message_of, err))
            items.append(
                {
                    "code": err.code or "invalid",
                    "message": per[translation.get_language() or "th"],
                    "message_th": per["th"],
                    "message_en": per["en"],
                }
            )
        field_out[name] = items
    return {
        "error": {
            "code": code,
            "message": texts.get(translation.get_language() or "th", texts["th"]),
            "message_th": texts["th"],
            "message_en": texts["en"],
            "fields": field_out,
        }
    }


def rule_error(error: ValidationError) -> PydanticCustomError:
    """A rule of ours broken inside a schema's validator, to raise there: the API's error
    handler answers with its code and its words in both languages (pydantic keeps the rule in
    the error's context; a plain ValueError's text would be in the request's language only)."""
    return PydanticCustomError(
        str(error.code or "invalid"), "{message}", {"message": error.messages[0], "rule": error}
    )
