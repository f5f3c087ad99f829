"""Reference data of the complaints app in the admin (administrators): the holiday calendar,
standards, explainers and response templates. Cases and complainants are not here: they are
handled on the complaints pages, through the scope and the identity log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from saphan.complaints.models import Explainer, Holiday, ResponseTemplate, Standard
from saphan.core.admin import AdministratorsOnly, admin_site


@admin.register(Holiday, site=admin_site)
class HolidayAdmin(AdministratorsOnly):
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
    list_display = ("title", "state", "category", "office", "active")
    list_filter = ("state", "active")
