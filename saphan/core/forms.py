"""Forms: a Buddhist-era date field, the address picker fields, office editing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saphan.core import thai
from saphan.core.models import District, Office, Province, Subdistrict
from saphan.core.thai import local_name, place_key, places_in_order
from saphan.core.validators import validate_postal_code


class ThaiDateInput(forms.TextInput):
    input_type = "text"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return thai.format_numeric_date(value)
        return super().format_value(value)


class ThaiDateField(forms.Field):
    """Accepts 16/01/2563, 2020-01-16, 16 มกราคม 2563 …; shows 16/01/2563."""

    widget = ThaiDateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("Day/month/year, Buddhist or common era: 16/01/2020 or 16/01/2563")
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "16/01/2563")
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            value = value.strip()  # only spaces: nothing typed
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        return thai.parse_date(str(value))


class PlacesInOrder(ModelChoiceIterator):
    """A place select's options in the page's order: Thai dictionary order (เชียงใหม่ under ช),
    or A–Z of the English names."""

    def ordered(self, rows: Any) -> list[Any]:
        return places_in_order(rows)

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for place in self.ordered(self.queryset):
            yield self.choice(place)


class SubdistrictsByDistrict(PlacesInOrder):
    """Subdistricts of a province, district by district, each in the page's order."""

    def ordered(self, rows: Any) -> list[Any]:
        rows = rows.select_related("district")
        return sorted(rows, key=lambda s: (place_key(s.district), place_key(s), s.pk))


class PlaceChoiceField(forms.ModelChoiceField):
    """A province, district or subdistrict, named in the page's language and in its order."""

    iterator = PlacesInOrder

    def label_from_instance(self, obj: Any) -> str:
        return local_name(obj)


class AddressPickerMixin(forms.Form):
    """Province → district → subdistrict selects, with a postal code that narrows them.

    The template `core/partials/address_picker.html` draws them; HTMX fills the next select.
    """

    province = PlaceChoiceField(Province.objects.all(), label=_("Province"), required=False)
    district = PlaceChoiceField(District.objects.none(), label=_("District"), required=False)
    subdistrict = PlaceChoiceField(
        Subdistrict.objects.none(), label=_("Subdistrict"), required=False
    )
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=5, required=False, validators=[validate_postal_code]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse("geo-districts"),
                "hx-target": "#id_district",
                "hx-trigger": "change",
            }
        )
        self.fields["district"].widget.attrs.update(
            {
                "hx-get": reverse("geo-subdistricts"),
                "hx-target": "#id_subdistrict",
                "hx-trigger": "change",
            }
        )
        self.fields["postal_code"].widget.attrs.update(
            {
                "hx-get": reverse("geo-postal"),
                "hx-target": "#postal-matches",
                "hx-trigger": "input changed delay:300ms",
                "inputmode": "numeric",
                "autocomplete": "postal-code",
            }
        )
        data = self.data if self.is_bound else {}
        initial_sub = self.initial.get("subdistrict")
        province_code = data.get("province") or (
            initial_sub.province_id if isinstance(initial_sub, Subdistrict) else None
        )
        district_code = data.get("district") or (
            initial_sub.district_id if isinstance(initial_sub, Subdistrict) else None
        )
        if isinstance(initial_sub, Subdistrict):
            self.initial.setdefault("province", initial_sub.province_id)
            self.initial.setdefault("district", initial_sub.district_id)
        if province_code:
            self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
                province_id=province_code
            )
        if district_code:
            self.fields["subdistrict"].queryset = Subdistrict.objects.filter(  # type: ignore[attr-defined]
                district_id=district_code
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sub: Subdistrict | None = cleaned.get("subdistrict")
        district: District | None = cleaned.get("district")
        province: Province | None = cleaned.get("province")
        postal = thai.to_arabic_digits(cleaned.get("postal_code") or "").strip()
        cleaned["postal_code"] = postal
        if district and province and district.province_id != province.code:
            self.add_error(
                "district",
                ValidationError(
                    _("This district is not in the chosen province."), code="district_province"
                ),
            )
        if sub and district and sub.district_id != district.code:
            self.add_error(
                "subdistrict",
                ValidationError(
                    _("This subdistrict is not in the chosen district."),
                    code="subdistrict_district",
                ),
            )
        if sub and postal and postal not in sub.postal_codes.split():
            self.add_error(
                "postal_code",
                ValidationError(
                    _("Postal code %(code)s does not belong to %(name)s (its codes: %(codes)s)."),
                    code="postal_code_subdistrict",
                    params={"code": postal, "name": sub.name_th, "codes": sub.postal_codes},
                ),
            )
        return cleaned


class OfficeForm(AddressPickerMixin, forms.ModelForm):
    class Meta:
        model = Office
        fields = ("name_th", "name_en", "address", "subdistrict", "postal_code", "phone", "email")
        labels = {"address": _("Address (number, road)")}

    field_order = ["name_th", "name_en", "address", "province", "district", "subdistrict",
                   "postal_code", "phone", "email"]  # fmt: skip


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
