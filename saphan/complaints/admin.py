"""Reference data of the complaints app in the admin (administrators): the holiday calendar,
standards, explainers and response templates. Cases and complainants are not here: they are
handled on the complaints pages, through the scope and the identity log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from saphan.complaints.models import Explainer, Holiday, ResponseTemplate, Standard
from saphan.core.admin import (
    AdministratorsOnly,
    admin_site,
    administrable_offices,
    covers_all,
)


class WholeCountryOnly(AdministratorsOnly):
    """Seen by every administrator; changed only by one for the whole country."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and covers_all(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return super().has_change_permission(request, obj) and covers_all(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return super().has_delete_permission(request, obj) and covers_all(request)


@admin.register(Holiday, site=admin_site)
class HolidayAdmin(WholeCountryOnly):
    """The calendar sets every office's deadlines (`services.content.calendar_editable_by`)."""

    list_display = ("date", "name_th", "name_en")
    date_hierarchy = "date"
    search_fields = ("name_th", "name_en")


class StandardAdminForm(forms.ModelForm):
    """The admin applies the rules the standards page does (`standard_problems`): no negative
    or too-long limit, no second standard in force for the same case on the same day."""

    class Meta:
        model = Standard
        fields = (
            "pollutant", "where", "averaging_period", "limit", "unit", "legal_source",
            "effective_from", "effective_until", "to_confirm", "note",
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        from saphan.complaints.services.inspections import standard_problems

        data = super().clean() or {}
        candidate = Standard(pk=self.instance.pk)
        for name, value in data.items():
            setattr(candidate, name, value)
        for name, errors in standard_problems(candidate).items():
            for error in errors:
                self.add_error(name if name in self.fields else None, error)
        return data


@admin.register(Standard, site=admin_site)
class StandardAdmin(AdministratorsOnly):
    form = StandardAdminForm
    list_display = (
        "pollutant",
        "where",
        "averaging_period",
        "limit",
        "unit",
        "effective_from",
        "effective_until",
        "to_confirm",
    )
    list_filter = ("pollutant", "where", "to_confirm")


@admin.register(Explainer, site=admin_site)
class ExplainerAdmin(AdministratorsOnly):
    list_display = ("title_th", "slug", "category", "is_published", "updated_at")
    list_filter = ("is_published", "category")
    search_fields = ("title_th", "title_en", "slug")


@admin.register(ResponseTemplate, site=admin_site)
class ResponseTemplateAdmin(AdministratorsOnly):
    """Templates of the offices the administrator administers, and those for every office
    (changed only by an administrator for the whole country: `template_editable_by`)."""

    list_display = ("title", "title_en", "state", "category", "office", "active")
    list_filter = ("state", "active")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ResponseTemplate]:
        mine = administrable_offices(request).values("pk")
        return super().get_queryset(request).filter(Q(office__isnull=True) | Q(office__in=mine))

    def _may_change(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None:
            return True
        if obj.office_id is None:
            return covers_all(request)
        return administrable_offices(request).filter(pk=obj.office_id).exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "office" and field is not None:
            field.queryset = administrable_offices(request)
            # "Every office" (empty) only for the whole country's administrators.
            field.required = not covers_all(request)
        return field
