"""Forms of the complaints pages: they parse; the services decide what is right."""

from __future__ import annotations

import copy
import secrets
import time
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from saphan.complaints import ratelimit
from saphan.complaints.models import (
    Category,
    Explainer,
    Frequency,
    Holiday,
    InspectionKind,
    Measurement,
    OrderStatus,
    ReferralLevel,
    RequestKind,
    ResponseTemplate,
    Standard,
    TimeOfDay,
)
from saphan.core import thai
from saphan.core.forms import AddressPickerMixin, PlaceChoiceField, ThaiDateField
from saphan.core.models import Office, Subdistrict, User

# A person needs a few seconds to fill the form; a robot posting at once is refused.
MIN_SECONDS = 3
FORM_SALT = "complaints.report"
STAMP_SECONDS = 24 * 3600


def form_stamp() -> str:
    """The signed time a form was drawn, with a nonce: a stamp is spent once (`stamp_spend`),
    so two people shown a form in the same second need stamps of their own."""
    return signing.dumps({"t": int(time.time()), "n": secrets.token_hex(6)}, salt=FORM_SALT)


def stamp_age(stamp: str) -> float | None:
    try:
        started = signing.loads(stamp, salt=FORM_SALT, max_age=STAMP_SECONDS)
        # A plain number: a stamp drawn before stamps had a nonce.
        return time.time() - float(started["t"] if isinstance(started, dict) else started)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _stamp_time(stamp: str) -> int | None:
    try:
        started = signing.loads(stamp, salt=FORM_SALT, max_age=STAMP_SECONDS)
        return int(started["t"] if isinstance(started, dict) else started)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def stamp_spend(stamp: str) -> bool:
    """Whether the stamp was still unused, marking it used for as long as it is valid: one
    fetched form is one submission, so a replayed stamp cannot add a supporter again. Kept in
    the rate counters' table, so every server process knows it (a per-process cache did not)."""
    at = _stamp_time(stamp)
    return at is not None and ratelimit.used_once("follow_stamp", stamp, at)


def stamp_refund(stamp: str) -> None:
    """The submission the stamp was spent on was refused: the person sends the form again."""
    at = _stamp_time(stamp)
    if at is not None:
        ratelimit.used_once_forget("follow_stamp", stamp, at)


def spam_trap_error() -> ValidationError:
    return ValidationError(
        _("This looked like an automatic submission. Please check the form and send it again."),
        code="spam_trap",
    )


class _TooLong(MaxLengthValidator):
    """Django's length check with the project's bilingual message (Django's own has no Thai)."""

    message = _("Keep it under %(limit)s characters (now %(length)s).")

    def __call__(self, value: Any) -> None:
        length = self.clean(value)
        if length > self.limit_value:
            raise ValidationError(
                self.message, code=self.code, params={"limit": self.limit_value, "length": length}
            )


class PublicText(forms.CharField):
    """Text typed by the public. Line breaks count as one character each, as the browser's
    `maxlength` counts them (the form sends CRLF, two), and a text too long is told in the
    project's words."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            _TooLong(v.limit_value) if isinstance(v, MaxLengthValidator) else v
            for v in self.validators
        ]

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


class SpamTrapMixin(forms.Form):
    """A field people never see (bots fill it) and a signed start time (bots are instant)."""

    website = forms.CharField(required=False, label=_("Leave this empty"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1", "class": "trap"}
        )
        if not self.is_bound:
            # A page kept in a cache brings its own mark, replaced by a fresh stamp per response.
            self.initial.setdefault("started", form_stamp())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        age = stamp_age(cleaned.get("started") or "")
        if cleaned.get("website") or age is None or age < MIN_SECONDS:
            raise spam_trap_error()
        return cleaned


class ContactFields(forms.Form):
    name = PublicText(label=_("Your name"), max_length=200, required=False)
    phone = PublicText(label=_("Phone"), max_length=20, required=False)
    email = PublicText(label=_("E-mail"), max_length=254, required=False)
    line_id = PublicText(label=_("LINE id"), max_length=60, required=False)
    wants_updates = forms.BooleanField(
        label=_("Tell me about each step (by e-mail or LINE)"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
        self.fields["line_id"].widget.attrs.update({"autocomplete": "off"})


class _PlaceCode(PlaceChoiceField):
    """Drawn as the address picker's select, named in the page's language and in its order;
    on submission it keeps the code as sent, which the service checks against its
    per-process geography (no query per field)."""

    def to_python(self, value: Any) -> Any:
        return "" if value in self.empty_values else str(value).strip()[:8]

    def validate(self, value: Any) -> None:
        return None


class _CodedPlaces(AddressPickerMixin):
    """The picker with codes for values: the service checks that province, district and
    subdistrict agree; here only a typed postal code is checked against the subdistrict."""

    def clean(self) -> dict[str, Any]:
        cleaned = forms.Form.clean(self) or {}
        postal = thai.to_arabic_digits(cleaned.get("postal_code") or "").strip()
        cleaned["postal_code"] = postal
        sub = cleaned.get("subdistrict")
        if postal and sub:
            row = Subdistrict.objects.filter(code=sub).values_list("name_th", "postal_codes")
            found = row.first()
            if found is not None and postal not in found[1].split():
                self.add_error(
                    "postal_code",
                    ValidationError(
                        _(
                            "Postal code %(code)s does not belong to %(name)s (its codes: "
                            "%(codes)s)."
                        ),
                        code="postal_code_subdistrict",
                        params={"code": postal, "name": found[0], "codes": found[1]},
                    ),
                )
        return cleaned


class ReportForm(SpamTrapMixin, ContactFields, _CodedPlaces):
    category = forms.ChoiceField(
        label=_("What is the problem?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = PublicText(
        label=_("What happens?"),
        help_text=_(
            "What you see, smell or hear, and where it seems to come from. Please do not "
            "write names or phone numbers here."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
        max_length=4000,
    )
    time_of_day = forms.ChoiceField(
        label=_("When does it happen?"),
        choices=[("", _("Choose…")), *TimeOfDay.choices],
        required=False,
    )
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=[("", _("Choose…")), *Frequency.choices], required=False
    )
    latitude = forms.DecimalField(
        max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput
    )
    location_source = forms.CharField(required=False, widget=forms.HiddenInput)
    address_text = PublicText(
        label=_("Landmark or road (optional)"), max_length=300, required=False
    )
    establishment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    photos = MultiplePhotoField(
        label=_("Photos (up to 5)"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP. We remove the location and camera details from every photo."
        ),
    )
    health_details = PublicText(
        label=_("Health effects (optional)"),
        help_text=_("For example coughing, sore eyes, a child with asthma."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        max_length=2000,
        required=False,
    )
    health_consent = forms.BooleanField(
        label=_("I agree that the office keeps these health details to handle my complaint."),
        required=False,
    )

    field_order = [
        "category",
        "description",
        "time_of_day",
        "frequency",
        "postal_code",
        "province",
        "district",
        "subdistrict",
        "address_text",
        "photos",
        "health_details",
        "health_consent",
        "name",
        "phone",
        "email",
        "line_id",
        "wants_updates",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs.update({"accept": "image/*"})
        # The service names every missing or wrong field at once, with the domain's words.
        for name in ("province", "category", "description"):
            self.fields[name].required = False
        for name in ("province", "district", "subdistrict"):
            field = self.fields[name]
            self.fields[name] = _PlaceCode(
                field.queryset,  # type: ignore[attr-defined]
                label=field.label,
                required=False,
                widget=field.widget,
            )

    # One unbound form per process and class whose fields every lean form shares (read only).
    _prototypes: dict[type, ReportForm] = {}

    @classmethod
    def lean(cls, data: Any = None, files: Any = None) -> ReportForm:
        """The form bound to `data` and `files` with the same fields, rules and `clean` as
        `cls(data, files)`, but on fields built once per process: no copy of 25 fields with
        their widgets and no address-picker lookups per request. For checking only: a form to
        draw (the picker narrowed by the data) comes from `drawable()`, with these errors."""
        prototype = cls._prototypes.get(cls)
        if prototype is None:
            prototype = cls._prototypes[cls] = cls()
        form = copy.copy(prototype)
        form.is_bound = data is not None or files is not None
        form.data = MultiValueDict() if data is None else data
        form.files = MultiValueDict() if files is None else files
        form.initial = {}
        # Django's per-form state, fresh for this data (the prototype's is never used).
        vars(form).update(_errors=None, _bound_fields_cache={}, _lean=(data, files))
        return form

    def _clean_fields(self) -> None:
        """What Django's `_clean_fields` does, field by field (`clean_<field>` methods
        included), without a bound field per field. A disabled field (its value is the
        initial one) is left to Django's own."""
        if "_lean" not in self.__dict__ or any(f.disabled for f in self.fields.values()):
            super()._clean_fields()  # type: ignore[misc]
            return
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                if isinstance(field, forms.FileField):
                    value = field.clean(value, self.get_initial_for_field(field, name))
                else:
                    value = field.clean(value)
                self.cleaned_data[name] = value
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as e:
                self.add_error(name, e)

    def drawable(self) -> ReportForm:
        """The full form of the same data, carrying the errors already found (not checked
        again); the form itself when it is not lean."""
        lean = self.__dict__.get("_lean")
        if lean is None:
            return self
        full = type(self)(*lean)
        vars(full)["_errors"] = vars(self)["_errors"]
        if hasattr(self, "cleaned_data"):
            full.cleaned_data = self.cleaned_data
        return full


class FollowForm(SpamTrapMixin, ContactFields):
    def stamp_spend(self) -> bool:
        """Whether the valid form's stamp was unused: a replayed one is refused as a robot's,
        so that one fetched page adds one supporter at most."""
        if stamp_spend(self.cleaned_data["started"]):
            return True
        self.add_error(None, spam_trap_error())
        return False

    def stamp_refund(self) -> None:
        stamp_refund(self.cleaned_data["started"])

    def restamp(self) -> None:
        """A refused form is drawn again with a fresh stamp (the one sent may be spent)."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["started"] = form_stamp()
        self.data = data


class RateForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("How well was it handled?"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = PublicText(
        label=_("Comment (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(forms.Form):
    reason = PublicText(
        label=_("What is still wrong?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhotoForm(forms.Form):
    photos = MultiplePhotoField(label=_("Add photos"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs.update({"accept": "image/*"})


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you ask for: a copy of your data or its erasure.")
        },
    )


class LookupForm(forms.Form):
    code = PublicText(label=_("Tracking code"), max_length=20)


# --- Staff -----------------------------------------------------------------------------------


def _explainer_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Explainer.objects.filter(is_published=True).order_by("title_th"),
        label=_("Attach an explainer (optional)"),
        required=False,
    )


class StatusForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New status"), choices=[])
    text = forms.CharField(
        label=_("What the complainant and the public read"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    explainer = _explainer_field()

    def __init__(self, *args: Any, states: list[tuple[str, Any]] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["to_state"].choices = states or []  # type: ignore[attr-defined]


class UpdateForm(forms.Form):
    template = forms.ModelChoiceField(
        ResponseTemplate.objects.none(), required=False, label=_("Start from a template")
    )
    text = forms.CharField(
        label=_("Public update"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    explainer = _explainer_field()


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (officers only)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class ForwardForm(forms.Form):
    office: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Office.objects.none(), label=_("Forward to office")
    )
    reason = forms.CharField(
        label=_("Reason (shown publicly)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReferForm(forms.Form):
    agency = forms.CharField(label=_("Agency"), max_length=200)
    level = forms.ChoiceField(label=_("Kind of agency"), choices=ReferralLevel.choices)
    reason = forms.CharField(
        label=_("Why it is theirs (shown publicly)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the governor's office should take it up"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Tracking code of the complaint that stays"), max_length=20)
    text = forms.CharField(
        label=_("Message to this complaint's people (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EstablishmentLinkForm(forms.Form):
    establishment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(label=_("The source is confirmed"), required=False)


class PlaceForm(forms.Form):
    subdistrict: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Subdistrict.objects.none(), label=_("Subdistrict"), required=False
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, required=False
    )


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Public summary"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    officer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Officer")
    )


class StaffIntakeForm(ReportForm):
    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[
            ("phone", _("Telephone")),
            ("letter", _("Letter")),
            ("walk_in", _("At the office")),
        ],
    )
    message_language = forms.ChoiceField(
        label=_("Messages to the complainant in"),
        choices=[("th", _("Thai")), ("en", _("English"))],
        initial="th",
        required=False,  # Thai when not said
    )

    def clean(self) -> dict[str, Any]:
        # Officers typing a call are neither robots nor in a hurry to be filtered.
        return forms.Form.clean(self) or {}


class StaffText(PublicText):
    """Text typed by officers: the length told in the project's words in Thai and English
    (Django's own message has no Thai), line breaks counted as the browser counts them."""


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    visited_on = ThaiDateField(label=_("Date of the visit"))
    visited_time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    complaints = StaffText(
        label=_("Complaints (tracking codes, comma-separated)"), required=False, max_length=500
    )
    establishment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    follow_up_of = forms.IntegerField(label=_("Follow-up of order number"), required=False)
    findings = StaffText(
        label=_("Findings (internal)"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public_summary = StaffText(
        label=_("What the complainants and the public are told"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _limits_checked_by_the_service(field: forms.Field) -> None:
    """The service checks a number's digits and decimals and says so in Thai and English;
    Django's own messages for them are English only."""
    from django.core.validators import DecimalValidator

    field.validators = [v for v in field.validators if not isinstance(v, DecimalValidator)]


class MeasurementForm(forms.ModelForm):
    measured_on = ThaiDateField(label=_("Date"))
    measured_time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    class Meta:
        model = Measurement
        fields = (
            "pollutant",
            "value",
            "unit",
            "averaging_period",
            "where",
            "method",
            "instrument",
            "note",
        )
        field_classes = {"method": StaffText, "instrument": StaffText, "note": StaffText}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs.update({"inputmode": "decimal", "step": "any"})
        _limits_checked_by_the_service(self.fields["value"])

    def _post_clean(self) -> None:
        """No model validation here: `measurement_add` checks the measurement, naming the field
        and the rule in both languages."""


class OrderForm(forms.Form):
    establishment = forms.IntegerField(widget=forms.HiddenInput)
    description = StaffText(
        label=_("What must be done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    issued_on = ThaiDateField(label=_("Issued on"), required=False)
    deadline = ThaiDateField(label=_("Deadline"))
    inspection = forms.IntegerField(label=_("After inspection number"), required=False)
    complaints = StaffText(
        label=_("Complaints (tracking codes, comma-separated)"), required=False, max_length=500
    )


class OrderCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in OrderStatus.choices if c[0] != OrderStatus.OPEN],
    )


class StandardForm(forms.ModelForm):
    effective_from = ThaiDateField(label=_("In force from"), required=False)
    effective_until = ThaiDateField(label=_("In force until"), required=False)

    class Meta:
        model = Standard
        fields = (
            "pollutant",
            "where",
            "averaging_period",
            "limit",
            "unit",
            "legal_source",
            "effective_from",
            "effective_until",
            "to_confirm",
            "note",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limits_checked_by_the_service(self.fields["limit"])

    def _post_clean(self) -> None:
        """No model validation here: `standard_save` checks the record, naming the field and
        the rule in both languages (the model's check names its constraint, in English)."""


class ExplainerForm(forms.ModelForm):
    class Meta:
        model = Explainer
        fields = (
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
        widgets = {
            "body_th": forms.Textarea(attrs={"rows": 14}),
            "body_en": forms.Textarea(attrs={"rows": 14}),
        }


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ResponseTemplate
        fields = (
            "title", "title_en", "state", "category", "body_th", "body_en", "office", "active",
        )  # fmt: skip


class HolidayForm(forms.ModelForm):
    date = ThaiDateField(label=_("Date"))

    class Meta:
        model = Holiday
        fields = ("date", "name_th", "name_en")


class DashboardForm(forms.Form):
    since = ThaiDateField(label=_("From"), required=False)
    until = ThaiDateField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        from django.utils import timezone

        from saphan.complaints.selectors.dashboard import period_errors

        data = super().clean() or {}
        # Left empty, "to" is today.
        problems = period_errors(data.get("since"), data.get("until") or timezone.localdate())
        for name, errors in problems.items():
            for error in errors:
                if name == "until" and not data.get("until") and error.code == "before_since":
                    # Nothing typed in "to": the date to mend is "from".
                    error = ValidationError(
                        _("The “from” date is after today (the “to” date left empty)."),
                        code="after_today",
                    )
                    name = "since"
                self.add_error(name, error)
        return data


def decimal_or_none(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


class UndoClosingForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the closing is taken back (the complainants read this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
