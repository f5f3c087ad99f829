"""Explainers, response templates and the holiday calendar."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import CaseEvent, Complaint, Explainer, Holiday, ResponseTemplate
from saphan.complaints.services.common import forbidden, holidays_changed
from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for

EXPLAINER_FIELDS = (
    "slug",
    "title_th",
    "title_en",
    "summary_th",
    "summary_en",
    "body_th",
    "body_en",
    "category",
    "is_published",
)
TEMPLATE_FIELDS = (
    "title", "title_en", "state", "category", "body_th", "body_en", "office", "active",
)  # fmt: skip


def _clean_save(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    obj.save()


@transaction.atomic
def explainer_save(*, user: Any, explainer: Explainer | None, data: dict[str, Any]) -> Explainer:
    """Officers write and edit explainers (they speak for the offices: every edit is kept in
    the history)."""
    if not scope_for(user).provinces(Action.CHANGE):
        raise forbidden(_("Only officers edit explainers."))
    explainer = explainer or Explainer()
    for name in EXPLAINER_FIELDS:
        if name in data:
            setattr(explainer, name, data[name])
    explainer.updated_at = timezone.now()
    explainer.updated_by = user
    _clean_save(explainer)
    if explainer.pk:
        # The cached public pages of the cases it is attached to are drawn again (a title
        # changed, an explainer taken back to draft is no longer linked).
        Complaint.objects.filter(
            pk__in=CaseEvent.objects.filter(explainer=explainer).values("complaint_id")
        ).update(updated_at=explainer.updated_at)
    return explainer


def template_editable_by(user: Any, template: ResponseTemplate) -> bool:
    """An office's templates are its officers'; templates for every office are the whole
    country's administrators'."""
    scope = scope_for(user)
    if template.office_id is None:
        return scope.covers_all(Action.ADMINISTER)
    return scope.allows_office(template.office_id, Action.CHANGE)


@transaction.atomic
def template_save(
    *, user: Any, template: ResponseTemplate | None, data: dict[str, Any]
) -> ResponseTemplate:
    """Officers keep their office's templates; templates for every office need an
    administrator for the whole country (a provincial administrator's reach is a province)."""
    if template is not None and not template_editable_by(user, template):
        # Checked on the office it belongs to now, before the data may move it elsewhere.
        raise forbidden(_("This template is another office's, or every office's."))
    template = template or ResponseTemplate()
    for name in TEMPLATE_FIELDS:
        if name in data:
            setattr(template, name, data[name])
    if not template_editable_by(user, template):  # and on the office it is kept for
        raise forbidden(
            _(
                "Templates for every office are kept by an administrator for the whole "
                "country: choose your office."
            )
            if template.office_id is None
            else _("You may keep templates only for your own office.")
        )
    problems = {
        name: [ValidationError(problem, code="template_field")]
        for name in ("body_th", "body_en")
        if (problem := template_problem(getattr(template, name) or ""))
    }
    if problems:
        raise ApplicationError.from_validation_error(ValidationError(problems))
    _clean_save(template)
    return template


TEMPLATE_NAMES = ("code", "category", "office", "expected_date")


def template_problem(body: str) -> str:
    """What keeps a template's text from being filled in, or "": a lone brace, or a field
    other than {code}, {category}, {office}, {expected_date}."""
    allowed = ", ".join("{%s}" % name for name in TEMPLATE_NAMES)  # noqa: UP031
    try:
        names = {field for _text, field, _spec, _conv in string.Formatter().parse(body) if field}
    except ValueError:
        return str(
            _("A brace { or } on its own: write {{ or }} for one, or use a field: %(fields)s.")
            % {"fields": allowed}
        )
    unknown = sorted(names - set(TEMPLATE_NAMES))
    if unknown:
        return str(
            _("Unknown field %(field)s: use %(fields)s.")
            % {"field": "{" + unknown[0] + "}", "fields": allowed}
        )
    return ""


def calendar_editable_by(user: Any) -> bool:
    """The holiday calendar sets every office's deadlines: an administrator for the whole
    country keeps it (not one whose reach is a province or a region)."""
    return scope_for(user).covers_all(Action.ADMINISTER)


def _require_administrator(user: Any) -> None:
    if not calendar_editable_by(user):
        raise forbidden(
            _(
                "The holiday calendar sets every office's deadlines: only an administrator for "
                "the whole country changes it."
            )
        )


@transaction.atomic
def holiday_save(*, user: Any, holiday: Holiday | None, data: dict[str, Any]) -> Holiday:
    _require_administrator(user)
    holiday = holiday or Holiday()
    for name in ("date", "name_th", "name_en"):
        if name in data:
            setattr(holiday, name, data[name])
    _clean_save(holiday)
    return holiday


@transaction.atomic
def holiday_delete(*, user: Any, holiday: Holiday) -> None:
    _require_administrator(user)
    holiday.delete()


@transaction.atomic
def holidays_seed(*, user: Any | None, year: int) -> int:
    """Add the computed Thai public holidays of a year (common era) that are missing. `user`
    None: the command line (`saphan complaints holidays`), which has the server's rights."""
    if user is not None:
        _require_administrator(user)
    from saphan.complaints.holidays import thai_public_holidays

    existing = set(Holiday.objects.filter(date__year=year).values_list("date", flat=True))
    new = [
        Holiday(date=d.date, name_th=d.name_th, name_en=d.name_en)
        for d in thai_public_holidays(year)
        if d.date not in existing
    ]
    Holiday.objects.bulk_create(new)
    holidays_changed()  # a bulk insert sends no signal
    return len(new)
