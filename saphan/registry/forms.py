"""Forms of the registry: the establishment with its address picker, details by kind, contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import AddressPickerMixin, ThaiDateField
from saphan.registry.models import (
    EnterpriseProfile,
    Establishment,
    EstablishmentContact,
    EstablishmentKind,
    EstablishmentStatus,
    FactoryLicence,
    MineConcession,
    VillageProfile,
    detail_fields,
)


class EstablishmentForm(AddressPickerMixin, forms.ModelForm):
    class Meta:
        model = Establishment
        fields = (
            "name_th", "name_en", "juristic_id", "activity", "house_no", "moo", "soi", "road",
            "subdistrict", "postal_code", "latitude", "longitude", "status",
        )  # fmt: skip

    field_order = [
        "name_th", "name_en", "juristic_id", "activity", "house_no", "moo", "soi", "road",
        "province", "district", "subdistrict", "postal_code", "latitude", "longitude", "status",
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].required = True
        self.fields["juristic_id"].help_text = _("13 digits; the last is a check digit.")
        self.fields["latitude"].help_text = _("Decimal degrees, e.g. 10.493")
        self.fields["longitude"].help_text = _("Decimal degrees, e.g. 99.180")


class FactoryForm(forms.ModelForm):
    permit_date = ThaiDateField(label=_("permit date"), required=False)

    class Meta:
        model = FactoryLicence
        fields = detail_fields(FactoryLicence)


class MineForm(forms.ModelForm):
    issued_on = ThaiDateField(label=_("issued on"), required=False)
    expires_on = ThaiDateField(label=_("expires on"), required=False)

    class Meta:
        model = MineConcession
        fields = detail_fields(MineConcession)


class EnterpriseForm(forms.ModelForm):
    registered_on = ThaiDateField(label=_("registered on"), required=False)

    class Meta:
        model = EnterpriseProfile
        fields = detail_fields(EnterpriseProfile)


class VillageForm(forms.ModelForm):
    class Meta:
        model = VillageProfile
        fields = detail_fields(VillageProfile)


DETAIL_FORMS: dict[str, type[forms.ModelForm]] = {
    "factory": FactoryForm,
    "mine": MineForm,
    "enterprise": EnterpriseForm,
    "village": VillageForm,
}


class ContactForm(forms.ModelForm):
    class Meta:
        model = EstablishmentContact
        fields = detail_fields(EstablishmentContact)


class RepresentativeForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Only for a new account; hand it to the person, who can change it."),
    )


class EstablishmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EstablishmentKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *EstablishmentStatus.choices],
    )
    province = forms.CharField(label=_("Province"), required=False)
    district = forms.CharField(label=_("District"), required=False)
    type_code = forms.CharField(label=_("Factory type code"), required=False, max_length=5)
    factory_class = forms.TypedChoiceField(
        label=_("Class"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All classes")), (1, "1"), (2, "2"), (3, "3")],
    )
    sort = forms.CharField(required=False)
