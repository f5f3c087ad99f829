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
    """Set the values; the names of the fields whose value differs from what is stored.

    Compared with the database, not with the object: a page's ModelForm bound to the same
    object has already put the new values on it, so the object alone would say "nothing
    changed" and the edit would silently not be saved."""
    model = type(instance)
    fields = {name: model._meta.get_field(name) for name in data}
    stored: dict[str, Any] | None = None
    if instance.pk is not None:
        stored = (
            model._default_manager.filter(pk=instance.pk)
            .values(*[f.attname for f in fields.values()])  # type: ignore[union-attr]
            .first()
        )
    changed = []
    for name, value in data.items():
        attname = fields[name].attname  # type: ignore[union-attr]
        new = value.pk if isinstance(value, Model) else value
        old = stored[attname] if stored is not None else getattr(instance, attname)
        if old != new:
            changed.append(name)
        setattr(instance, name, value)
    return changed
