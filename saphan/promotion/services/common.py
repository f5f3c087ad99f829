"""What every promotion service shares: errors naming the field and rule, permission on an
office through the one scope, full_clean before save."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.models import Office
from saphan.core.scoping import Action, scope_for


def invalid(field: str, message: Any, rule: str, **params: Any) -> ApplicationError:
    """A 422 naming `field` and the rule that failed (Thai and English through the envelope)."""
    return ApplicationError.from_validation_error(
        ValidationError({field: ValidationError(message, code=rule, params=params or None)})
    )


def forbidden(message: Any = None) -> ApplicationError:
    return ApplicationError(
        message or _("You may not do this for this office or establishment."),
        code="permission_denied",
        status=403,
    )


def office_allowed(user: Any, office: Office | int, action: Action) -> bool:
    """The person may take `action` on records owned by the office: one of their own offices
    with a high enough role, or an office wholly inside their scope (a regional center's
    manager acts for its provincial offices)."""
    office_id = office if isinstance(office, int) else office.pk
    scope = scope_for(user)
    if scope.allows_office(office_id, action):
        return True
    return scope.filter_offices(Office.objects.filter(pk=office_id), action).exists()


def require_office(user: Any, office: Office | int, action: Action) -> None:
    if not office_allowed(user, office, action):
        raise forbidden()


def clean(instance: Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc


def unknown_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s"),
            code="fields_not_editable",
            params={"fields": ", ".join(sorted(unknown))},
        )


def assign(instance: Model, data: dict[str, Any]) -> list[str]:
    """Set the values that differ; the names of the fields changed."""
    changed = [name for name, value in data.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, data[name])
    return changed
