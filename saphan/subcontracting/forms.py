"""Forms of the subcontracting pages; each hands a plain dict to one service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.forms import ThaiDateField
from saphan.subcontracting.models import (
    MachineCondition,
    MachineType,
    MaterialKind,
    Operation,
    PaymentMethod,
    ShareBasis,
    UnavailableReason,
)

SEWING_MACHINES = [(v, label) for v, label in MachineType.choices if v != MachineType.HAND]


class ProfileForm(forms.Form):
    intent_signed_on = ThaiDateField(label=_("intent signed on"), required=False)
    intent_signed_by = forms.CharField(
        label=_("signed by (name and position)"), max_length=200, required=False
    )
    intent_note = forms.CharField(
        label=_("commitment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    work_place = forms.CharField(label=_("where the group sews"), max_length=300, required=False)
    latitude = forms.DecimalField(
        label=_("latitude"), max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("longitude"), max_digits=9, decimal_places=6, required=False
    )
    availability_checked_on = ThaiDateField(label=_("availability confirmed on"), required=False)


class LeaveForm(forms.Form):
    left_on = ThaiDateField(label=_("left the programme on"))
    left_reason = forms.CharField(label=_("why the group left"), max_length=300)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("name"), max_length=200)
    skills = forms.MultipleChoiceField(
        label=_("skills"),
        choices=Operation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    main_occupation = forms.CharField(label=_("main occupation"), max_length=200, required=False)
    main_income_baht_per_day = forms.DecimalField(
        label=_("main occupation income (baht per day)"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    hours_per_day = forms.DecimalField(
        label=_("hours a day for sewing"), max_digits=4, decimal_places=1, initial=6
    )
    days_per_week = forms.DecimalField(
        label=_("days a week for sewing"), max_digits=3, decimal_places=1, initial=5
    )
    consent_on = ThaiDateField(label=_("consent given on"), required=False)


class MachineForm(forms.Form):
    machine_type = forms.ChoiceField(label=_("machine type"), choices=SEWING_MACHINES)
    condition = forms.ChoiceField(label=_("condition"), choices=MachineCondition.choices)
    count = forms.IntegerField(
        label=_("number of machines"),
        min_value=0,
        max_value=500,
        help_text=_("0 removes the line."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class PeriodForm(forms.Form):
    starts_on = ThaiDateField(label=_("from"))
    ends_on = ThaiDateField(label=_("to"))
    reason = forms.ChoiceField(label=_("reason"), choices=UnavailableReason.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class WillingnessForm(forms.Form):
    willing = forms.BooleanField(label=_("willing to give work to groups"), required=False)
    signed_on = ThaiDateField(label=_("confirmed on"), required=False)
    signed_by = forms.CharField(label=_("confirmed by"), max_length=200, required=False)
    products = forms.CharField(label=_("products it gives out"), max_length=300, required=False)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OfferForm(forms.Form):
    province = forms.ChoiceField(
        label=_("province whose groups take the work"),
        required=False,
        help_text=_("The office of this province allocates it (by default the party's own)."),
    )
    title = forms.CharField(label=_("style"), max_length=200)
    style_code = forms.CharField(label=_("style code"), max_length=60, required=False)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    quality_spec = forms.CharField(
        label=_("quality specification"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    pieces = forms.IntegerField(label=_("pieces"), min_value=1, max_value=10_000_000)
    piece_rate_baht = forms.DecimalField(
        label=_("piece rate (baht)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    materials_supplied = forms.CharField(
        label=_("materials supplied"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    release_on = ThaiDateField(label=_("materials ready on"))
    due_on = ThaiDateField(label=_("due on"))
    pickup_point = forms.CharField(
        label=_("pick-up and delivery point"), max_length=300, required=False
    )
    pickup_latitude = forms.DecimalField(
        label=_("pick-up latitude"), max_digits=9, decimal_places=6, required=False
    )
    pickup_longitude = forms.DecimalField(
        label=_("pick-up longitude"), max_digits=9, decimal_places=6, required=False
    )
    min_lot_pieces = forms.IntegerField(label=_("minimum lot (pieces)"), min_value=1, initial=100)
    max_groups = forms.IntegerField(
        label=_("at most this many groups"), min_value=1, max_value=100, initial=3
    )

    def __init__(self, *args: Any, provinces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = provinces  # type: ignore[attr-defined]


class OperationForm(forms.Form):
    name = forms.CharField(label=_("operation"), max_length=200, required=False)
    skill = forms.ChoiceField(label=_("skill"), choices=Operation.choices)
    machine_type = forms.ChoiceField(label=_("machine type"), choices=MachineType.choices)
    sam_minutes = forms.DecimalField(
        label=_("SAM (minutes)"), max_digits=7, decimal_places=2, min_value=Decimal("0.01")
    )


class StageForm(forms.Form):
    due_on = ThaiDateField(label=_("due on"))
    pieces = forms.IntegerField(label=_("pieces"), min_value=1)


OperationFormSet = forms.formset_factory(OperationForm, extra=1, can_delete=True, max_num=40)
StageFormSet = forms.formset_factory(StageForm, extra=1, can_delete=True, max_num=20)


class RunForm(forms.Form):
    week1_on = ThaiDateField(
        label=_("week 1 starts on"),
        required=False,
        help_text=_("A Monday; another day starts week 1 on the next Monday. Blank: next Monday."),
    )
    safety_margin = forms.DecimalField(
        label=_("safety margin"),
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=Decimal("0.5"),
        initial=Decimal("0.10"),
        help_text=_("Share of each group's capacity kept free: 0.10 is 10%."),
    )


class AdjustForm(forms.Form):
    pieces = forms.IntegerField(label=_("pieces"), min_value=1)


class MoveForm(forms.Form):
    group_id = forms.IntegerField(label=_("to the group"), min_value=1)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("why the group declines"), max_length=300)


class ProgressForm(forms.Form):
    reported_on = ThaiDateField(label=_("date"))
    pieces_done = forms.IntegerField(label=_("pieces sewn so far"), min_value=0)
    member_hours = forms.DecimalField(
        label=_("member-hours worked since the last report"),
        max_digits=8,
        decimal_places=1,
        min_value=0,
        required=False,
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("movement"), choices=MaterialKind.choices)
    moved_on = ThaiDateField(label=_("date"))
    pieces = forms.IntegerField(label=_("pieces (sets)"), min_value=1)
    description = forms.CharField(label=_("what"), max_length=300, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ReceiptForm(forms.Form):
    received_on = ThaiDateField(label=_("received on"))
    accepted = forms.IntegerField(label=_("accepted"), min_value=0, initial=0)
    rejected = forms.IntegerField(label=_("rejected"), min_value=0, initial=0)
    rework = forms.IntegerField(label=_("sent back for rework"), min_value=0, initial=0)
    reasons = forms.CharField(
        label=_("reasons for rejects and rework"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    member_hours = forms.DecimalField(
        label=_("member-hours these pieces took"),
        max_digits=8,
        decimal_places=1,
        min_value=0,
        required=False,
    )
    photos = MultipleFileField(label=_("photos"), required=False)


class PaymentForm(forms.Form):
    paid_on = ThaiDateField(label=_("paid on"))
    amount_baht = forms.DecimalField(
        label=_("amount (baht)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    method = forms.ChoiceField(
        label=pgettext_lazy("payment", "method"), choices=PaymentMethod.choices
    )
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class SharesForm(forms.Form):
    """One number per member (pieces or hours)."""

    basis = forms.ChoiceField(label=_("members' shares"), choices=ShareBasis.choices)

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for m in members:
            self.fields[f"m{m.pk}"] = forms.DecimalField(
                label=m.full_name, required=False, min_value=0, max_digits=8, decimal_places=1
            )

    def quantities(self) -> dict[int, Decimal]:
        return {
            m.pk: self.cleaned_data[f"m{m.pk}"]
            for m in self.members
            if self.cleaned_data.get(f"m{m.pk}")
        }


class WageForm(forms.Form):
    province = forms.ChoiceField(label=_("province"))
    effective_from = ThaiDateField(label=_("in force from"))
    baht_per_day = forms.DecimalField(
        label=_("baht per day"), max_digits=8, decimal_places=2, min_value=1
    )
    source = forms.CharField(label=_("source"), max_length=300)

    def __init__(self, *args: Any, provinces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = provinces  # type: ignore[attr-defined]
