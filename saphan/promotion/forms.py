"""Forms of the promotion pages; services validate again (the API goes through them too)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.forms import ThaiDateField
from saphan.promotion.models import (
    Activity,
    AttachmentKind,
    BudgetLine,
    Commitment,
    Consultant,
    ConsultantContract,
    Fund,
    Project,
    ProjectTask,
    RequestState,
    Service,
    ServiceRequest,
    Skill,
    Team,
    TrainingEvent,
    WorkingGroup,
)


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.working_group.office.code} ({obj.usual_minutes} {_('min')})"


class RequestForm(forms.ModelForm):
    services = ServiceChoiceField(
        Service.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Services")
    )
    preferred_from = ThaiDateField(label=_("Preferred from"), required=False)
    preferred_to = ThaiDateField(label=_("Preferred until"), required=False)

    class Meta:
        model = ServiceRequest
        fields = (
            "needs",
            "services",
            "urgency",
            "preferred_from",
            "preferred_to",
            "preferred_time",
        )
        widgets = {"needs": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "needs": _("What the establishment needs, in its own words."),
        }

    def __init__(self, *args: Any, services: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = services  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["services"] = list(self.instance.items.values_list("service", flat=True))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=pgettext_lazy("service", "Outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_on = ThaiDateField(label=_("Follow-up date"), required=False)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"))


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Establishment, needs or reference"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), ("open", _("Open")), *RequestState.choices],
    )
    skill = forms.ModelChoiceField(
        Skill.objects.order_by("code"),
        label=_("Skill"),
        required=False,
        to_field_name="code",
        empty_label=_("All skills"),
    )
    created_from = ThaiDateField(label=_("Requested from"), required=False)
    created_to = ThaiDateField(label=_("Requested until"), required=False)


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ("code", "name_th", "name_en", "active")


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = (
            "working_group",
            "code",
            "name_th",
            "name_en",
            "description",
            "skill",
            "usual_minutes",
            "active",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, groups: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["working_group"].queryset = groups  # type: ignore[attr-defined]


class SkillsForm(forms.Form):
    skills = forms.ModelMultipleChoiceField(
        Skill.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Skills"),
    )


class LocationForm(forms.Form):
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6
    )


WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class TeamForm(forms.ModelForm):
    members = OfficerChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Officers")
    )
    weekdays = forms.MultipleChoiceField(
        choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple, label=_("Workdays")
    )

    class Meta:
        model = Team
        fields = ("name", "start_office", "day_start", "day_end", "active")
        widgets = {
            "day_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "day_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(
        self, *args: Any, officers: Any = None, offices: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = officers  # type: ignore[attr-defined]
        self.fields["start_office"].queryset = offices  # type: ignore[attr-defined]
        self.initial.setdefault("weekdays", list(self.instance.workdays or "01234"))
        if self.instance.pk:
            self.initial["members"] = list(self.instance.members.values_list("pk", flat=True))

    def team_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["workdays"] = "".join(sorted(self.cleaned_data["weekdays"]))
        return data


class DayOffForm(forms.Form):
    day = ThaiDateField(label=_("Day off"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.office.code}"


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    first_day = ThaiDateField(label=_("First day"))
    last_day = ThaiDateField(label=_("Last day"))
    teams = TeamChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Teams"))

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams  # type: ignore[attr-defined]


class FundForm(forms.ModelForm):
    class Meta:
        model = Fund
        fields = ("name", "source", "source_note", "amount", "fiscal_year", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"fiscal_year": _("Buddhist era, e.g. 2568 (October 2567 – September 2568).")}


class ActivityForm(forms.ModelForm):
    starts_on = ThaiDateField(label=_("Starts"), required=False)
    ends_on = ThaiDateField(label=_("Ends"), required=False)

    class Meta:
        model = Activity
        fields = ("name", "description", "starts_on", "ends_on")
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class OverrideField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Manager's reason to go over the budget"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault(
            "help_text", _("Only when the amount goes past what remains; managers only.")
        )
        super().__init__(**kwargs)


class LineForm(forms.Form):
    name = forms.CharField(label=_("Budget line"), max_length=200)
    planned = forms.DecimalField(label=_("Budget (baht)"), max_digits=14, decimal_places=2)
    override_reason = OverrideField()


class EntryForm(forms.Form):
    line = forms.ModelChoiceField(BudgetLine.objects.none(), label=_("Budget line"))
    on = ThaiDateField(label=_("Date"))
    amount = forms.DecimalField(label=_("Amount (baht)"), max_digits=14, decimal_places=2)
    description = forms.CharField(label=_("Description"), max_length=300)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    commitment = forms.ModelChoiceField(
        Commitment.objects.none(), label=_("Pays commitment"), required=False
    )
    override_reason = OverrideField()

    def __init__(
        self, *args: Any, lines: Any = None, commitments: Any = None, **kwargs: Any
    ) -> None:
        """A payment's form is given the `commitments` it may settle; a commitment's none."""
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines  # type: ignore[attr-defined]
        if commitments is not None:
            self.fields["commitment"].queryset = commitments  # type: ignore[attr-defined]
        else:
            del self.fields["commitment"]


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it reversed?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class TrainingForm(forms.ModelForm):
    starts_on = ThaiDateField(label=_("First day"))
    ends_on = ThaiDateField(label=_("Last day"))

    class Meta:
        model = TrainingEvent
        fields = (
            "topic",
            "skill",
            "activity",
            "starts_on",
            "ends_on",
            "place",
            "trainers",
            "hours",
            "description",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, activities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


class ConsultantForm(forms.ModelForm):
    class Meta:
        model = Consultant
        fields = ("name", "organisation", "expertise", "skills", "phone", "email", "active")
        widgets = {
            "expertise": forms.Textarea(attrs={"rows": 2}),
            "skills": forms.CheckboxSelectMultiple,
        }


class ContractForm(forms.ModelForm):
    signed_on = ThaiDateField(label=_("Signed on"))
    ends_on = ThaiDateField(label=_("Ends on"), required=False)

    class Meta:
        model = ConsultantContract
        fields = ("project", "number", "signed_on", "ends_on", "fee", "scope_of_work")
        widgets = {"scope_of_work": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, projects: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ("name", "fiscal_year", "activity", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, activities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


class TaskForm(forms.ModelForm):
    staff = OfficerChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Officers"), required=False
    )

    class Meta:
        model = ProjectTask
        fields = ("name", "done_by", "consultant", "contract", "effort_hours", "cost", "done")

    def __init__(
        self, *args: Any, officers: Any = None, contracts: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = officers  # type: ignore[attr-defined]
        self.fields["consultant"].queryset = Consultant.objects.filter(  # type: ignore[attr-defined]
            active=True
        ).order_by("name")
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["staff"] = list(self.instance.staff.values_list("pk", flat=True))


class DemandForm(forms.Form):
    year = forms.IntegerField(label=_("Fiscal year"), required=False)
    first_day = ThaiDateField(label=_("From"), required=False)
    last_day = ThaiDateField(label=_("Until"), required=False)
    province = forms.CharField(required=False)
    skill = forms.CharField(required=False)
