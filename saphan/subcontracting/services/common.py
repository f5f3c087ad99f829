"""What every subcontracting service shares: its errors and model validation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.thai import format_date

# A date as an error's parameter: shown in the language each message is written in (the API's
# envelope writes both).
lazy_date = lazy(format_date, str)


def forbidden() -> ApplicationError:
    return ApplicationError(
        _("You may not do this for this record."), code="permission_denied", status=403
    )


def invalid(field: str, message: Any, rule: str, **params: Any) -> ApplicationError:
    """A bad value: names the field and the rule, in Thai and English."""
    return ApplicationError.from_validation_error(
        ValidationError({field: ValidationError(message, code=rule, params=params or None)})
    )


def state_error(message: Any, rule: str, **params: Any) -> ApplicationError:
    """The record is not in a state that allows this (HTTP 409)."""
    return ApplicationError(message, code=rule, status=409, params=params or None)


def full_clean(instance: Any, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc


def only_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s"),
            code="fields_not_editable",
            params={"fields": ", ".join(sorted(unknown))},
        )
