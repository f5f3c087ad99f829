"""Taking complaints in: the public form, Open311 clients and officers taking a call all go
through `complaint_submit`, which checks everything before writing anything."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import (
    CLOSED_STATES,
    Category,
    Channel,
    Complainant,
    ComplainantRole,
    Complaint,
    EventKind,
    Frequency,
    LocationSource,
    Photo,
    StatePeriod,
    Status,
    TimeOfDay,
)
from saphan.complaints.photos import MAX_PHOTOS, PreparedPhoto, photo_prepare
from saphan.complaints.services.common import (
    coarsen,
    district_province,
    event_add,
    event_new,
    event_saved,
    first_deadlines,
    forbidden,
    in_thailand,
    may_act,
    new_code,
    office_of_province,
    subdistrict_parents,
)
from saphan.complaints.services.episodes import episode_attach
from saphan.complaints.services.keys import complainant_key, new_salt
from saphan.core.errors import ApplicationError
from saphan.core.rows import insert_linked
from saphan.core.scoping import Action, scope_for
from saphan.core.validators import normalize_thai_phone, validate_thai_phone

# Bumped when the wording of the privacy notice changes; each complainant records the one seen.
NOTICE_VERSION = "2026-11"
MAX_DESCRIPTION = 4000
LINE_ID = re.compile(r"^@?[A-Za-z0-9._-]{1,59}$")
# The choices' values, once (the enums build a new list on every `.values`).
_VALUES = {e: frozenset(e.values) for e in (Category, TimeOfDay, Frequency, LocationSource)}


@dataclass
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""
    line_id: str = ""
    wants_updates: bool = True

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.email or self.line_id)


@dataclass
class Intake:
    category: str
    description: str
    time_of_day: str = ""
    frequency: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    location_source: str = LocationSource.ADDRESS
    province_code: str = ""
    district_code: str = ""
    subdistrict_code: str = ""
    address_text: str = ""
    establishment_id: int | None = None
    health_details: str = ""
    health_consent: bool = False
    channel: str = Channel.WEB
    language: str = "th"
    extra_notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    complainant: Complainant
    key: str


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, list[ValidationError]] = {}

    def add(self, name: str, message: Any, rule: str, **params: Any) -> None:
        self.fields.setdefault(name, []).append(
            ValidationError(message, code=rule, params=params or None)
        )

    def add_error(self, name: str, error: ValidationError) -> None:
        self.fields.setdefault(name, []).append(error)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ApplicationError.from_validation_error(ValidationError(self.fields))


def _check_place(intake: Intake, errors: _Errors) -> tuple[str, str | None, str | None]:
    """Province, district and subdistrict codes, each consistent with the next."""
    province, district, sub = intake.province_code, intake.district_code, intake.subdistrict_code
    row = None
    if sub:
        parents = subdistrict_parents(sub)
        row = {"district_id": parents[0], "province_id": parents[1]} if parents else None
        if row is None:
            errors.add(
                "subdistrict", _("No subdistrict has the code %(code)s."), "unknown", code=sub
            )
            return province, district or None, None
        if district and district != row["district_id"]:
            errors.add(
                "subdistrict",
                _("This subdistrict is not in the chosen district."),
                "subdistrict_district",
            )
        district = district or row["district_id"]
        province = province or row["province_id"]
    if row is not None and district == row["district_id"] and province == row["province_id"]:
        return province, district, sub  # all three agree: no more lookups
    if district:
        owner = district_province(district)
        if owner is None:
            errors.add(
                "district", _("No district has the code %(code)s."), "unknown", code=district
            )
        elif province and owner != province:
            errors.add(
                "district", _("This district is not in the chosen province."), "district_province"
            )
        province = province or owner or ""
    if not province:
        errors.add(
            "province",
            _(
                "Choose the province (and district) where it happens, so it reaches the right "
                "office."
            ),
            "required",
        )
    return province, district or None, sub or None


def _check_point(intake: Intake, errors: _Errors) -> None:
    lat, lon = intake.latitude, intake.longitude
    if (lat is None) != (lon is None):
        errors.add("location", _("Give both latitude and longitude, or neither."), "point_half")
        return
    if lat is None or lon is None:
        return
    if not in_thailand(lat, lon):
        errors.add(
            "location",
            _("The point %(lat)s, %(lon)s is outside Thailand: move the pin to the place."),
            "point_outside",
            lat=lat,
            lon=lon,
        )


def contact_check(contact: Contact, errors: _Errors) -> Contact:
    """Clean the contact in place of rules: names trimmed, phone in national form."""
    contact.name = " ".join(contact.name.split())[:200]
    contact.email = contact.email.strip()
    contact.line_id = contact.line_id.strip()
    if contact.phone.strip():
        try:
            validate_thai_phone(contact.phone)
        except ValidationError as exc:
            errors.add_error("phone", exc)
        else:
            contact.phone = normalize_thai_phone(contact.phone)
    else:
        contact.phone = ""
    if contact.email:
        try:
            validate_email(contact.email)
        except ValidationError:
            errors.add("email", _("This is not an e-mail address."), "email_format")
    if contact.line_id and not LINE_ID.match(contact.line_id):
        errors.add(
            "line_id",
            _("A LINE id has letters, digits, dots, dashes or underscores (up to 60)."),
            "line_id_format",
        )
    return contact


def _check(
    intake: Intake, contact: Contact, photos: list[Any], errors: _Errors
) -> list[PreparedPhoto]:
    if intake.category not in _VALUES[Category]:
        errors.add("category", _("Choose what the problem is."), "required")
    description = (intake.description or "").strip()
    if not description:
        errors.add("description", _("Say what happens: what you see, smell or hear."), "required")
    elif len(description) > MAX_DESCRIPTION:
        errors.add(
            "description",
            _("Keep it under %(limit)s characters (now %(length)s)."),
            "too_long",
            limit=MAX_DESCRIPTION,
            length=len(description),
        )
    intake.description = description
    if intake.time_of_day and intake.time_of_day not in _VALUES[TimeOfDay]:
        errors.add("time_of_day", _("Choose a time of day from the list."), "choice")
    if intake.frequency and intake.frequency not in _VALUES[Frequency]:
        errors.add("frequency", _("Choose how often from the list."), "choice")
    if intake.location_source not in _VALUES[LocationSource]:
        intake.location_source = LocationSource.ADDRESS
    if len(intake.address_text) > 300:
        errors.add(
            "address_text",
            _("Keep it under %(limit)s characters (now %(length)s)."),
            "too_long",
            limit=300,
            length=len(intake.address_text),
        )
    if intake.health_details.strip() and not intake.health_consent:
        errors.add(
            "health_consent",
            _(
                "Health details are sensitive: tick the consent box to send them, or leave them "
                "out."
            ),
            "consent_required",
        )
    contact_check(contact, errors)
    if len(photos) > MAX_PHOTOS:
        errors.add(
            "photos",
            _("Send at most %(limit)s photos (you chose %(count)s)."),
            "photo_count",
            limit=MAX_PHOTOS,
            count=len(photos),
        )
        return []
    prepared = []
    for number, upload in enumerate(photos, start=1):
        try:
            prepared.append(photo_prepare(upload, number))
        except ValidationError as exc:
            errors.add_error("photos", exc)
    return prepared


def _establishment_ok(establishment_id: int | None, errors: _Errors) -> None:
    if establishment_id is None:
        return
    from saphan.complaints.selectors.public import establishment_exists

    if not establishment_exists(establishment_id):
        errors.add("establishment", _("This establishment is not in the registry."), "unknown")


def complaint_check(*, intake: Intake, contact: Contact) -> None:
    """Every problem `complaint_submit` would find in these (photos apart), raised at once as
    one ApplicationError; nothing is written. A form that found faults of its own asks for the
    rest, so that a person corrects everything in one round."""
    errors = _Errors()
    _check(intake, contact, [], errors)
    _check_point(intake, errors)
    _check_place(intake, errors)
    _establishment_ok(intake.establishment_id, errors)
    errors.raise_if_any()


def complaint_submit(
    *,
    intake: Intake,
    contact: Contact,
    photos: list[Any] | None = None,
    entered_by: Any = None,
    received_at: Any = None,
    rng: Any = None,
) -> Submitted:
    """A new complaint, routed to the office of the province where it happens. Nothing is
    written unless every field is right; every problem is reported at once."""
    for attempt in range(3):
        code = new_code(rng)
        try:
            return _submit(
                intake=intake,
                contact=contact,
                photos=list(photos or []),
                entered_by=entered_by,
                received_at=received_at,
                code=code,
            )
        except IntegrityError:
            # A tracking code drawn twice (the unique index said so, and the transaction is
            # rolled back): draw again. Any other violation is a real error.
            if attempt == 2 or not Complaint.objects.filter(code=code).exists():
                raise
    raise AssertionError("unreachable")


def _submit(
    *,
    intake: Intake,
    contact: Contact,
    photos: list[Any],
    entered_by: Any,
    received_at: Any,
    code: str,
) -> Submitted:
    errors = _Errors()
    prepared = _check(intake, contact, photos, errors)
    _check_point(intake, errors)
    province, district, sub = _check_place(intake, errors)
    _establishment_ok(intake.establishment_id, errors)
    errors.raise_if_any()
    staff_channels = {Channel.PHONE, Channel.LETTER, Channel.WALK_IN}
    if intake.channel in staff_channels and not scope_for(entered_by).allows(
        province, Action.CHANGE
    ):
        raise forbidden()
    office = office_of_province(province)
    at = received_at or timezone.now()
    complaint = Complaint(
        code=code,
        category=intake.category,
        description=intake.description,
        time_of_day=intake.time_of_day,
        frequency=intake.frequency,
        latitude=intake.latitude,
        longitude=intake.longitude,
        public_lat=coarsen(intake.latitude),
        public_lon=coarsen(intake.longitude),
        location_source=intake.location_source if intake.latitude is not None else "address",
        address_text=intake.address_text.strip(),
        province_id=province,
        district_id=district,
        subdistrict_id=sub,
        office=office,
        establishment_id=intake.establishment_id,
        channel=intake.channel,
        received_at=at,
        public_updated_at=at,
        source_client=entered_by if getattr(entered_by, "is_authenticated", False) else None,
    )
    # Its deadlines and episode go in with it (one history entry, not two).
    complaint.state_due, complaint.expected_date = first_deadlines(at)
    complaint.status, complaint.status_changed_at = Status.RECEIVED, at
    period = StatePeriod(
        complaint=complaint, state=Status.RECEIVED, entered_at=at, due_date=complaint.state_due
    )
    person = Complainant(
        complaint=complaint,
        role=ComplainantRole.REPORTER,
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        line_id=contact.line_id,
        wants_updates=contact.wants_updates,
        health_details=intake.health_details.strip() if intake.health_consent else "",
        health_consent_at=at if intake.health_consent and intake.health_details.strip() else None,
        notice_version=NOTICE_VERSION,
        language=intake.language if intake.language in {"th", "en"} else "th",
        key_salt=new_salt(),
        created_at=at,
    )
    # The case's own timeline records its creation (who, when, through which channel): the
    # audit log keeps the changes that follow.
    event = event_new(
        complaint, EventKind.RECEIVED, public=True, at=at, data={"channel": intake.channel}
    )
    # The case, its state period, the complainant (a table of its own) and the timeline line
    # are one statement on PostgreSQL; alone (not inside a caller's transaction) it needs no
    # BEGIN and COMMIT. More to write (an episode, photos, notes) goes in one transaction.
    alone = connection.vendor == "postgresql" and not (
        prepared or intake.extra_notes or intake.establishment_id or connection.in_atomic_block
    )
    with contextlib.nullcontext() if alone else transaction.atomic():
        if complaint.establishment_id:
            episode_attach(complaint)
        # No entry in the audit log: the timeline's first line records the creation.
        insert_linked(
            complaint,
            [(period, "complaint_id"), (person, "complaint_id"), (event, "complaint_id")],
        )
        for photo in prepared:
            _photo_save(complaint, photo, at=at, staff=None, complainant=person)
        # The first message goes to the reporter only: nothing to send without a way to
        # reach them.
        event_saved(event, notify=contact.wants_updates and bool(contact.email or contact.line_id))
        for note in intake.extra_notes:
            event_add(complaint, EventKind.NOTE, text=note, at=at)
    return Submitted(complaint, person, complainant_key(person))


def _photo_save(
    complaint: Complaint,
    photo: PreparedPhoto,
    *,
    at: Any,
    staff: Any,
    complainant: Complainant | None = None,
) -> Photo:
    record = Photo(
        complaint=complaint,
        width=photo.width,
        height=photo.height,
        size_bytes=len(photo.content),
        added_by_staff=staff if getattr(staff, "is_authenticated", False) else None,
        added_by_complainant=complainant,
        created_at=at,
    )
    record.image.save("photo.jpg", ContentFile(photo.content), save=False)
    record.save()
    return record


@transaction.atomic
def photo_add(
    *,
    complaint: Complaint,
    uploads: list[Any],
    complainant: Complainant | None = None,
    staff: Any = None,
) -> list[Photo]:
    """Photos added later, by the complainant (through their link) or an officer."""
    if staff is not None and not may_act(staff, complaint):
        raise forbidden()
    if staff is None and complainant is None:
        raise forbidden()
    errors = _Errors()
    have = complaint.photos.count()
    if have + len(uploads) > MAX_PHOTOS:
        errors.add(
            "photos",
            _("A complaint holds at most %(limit)s photos; it has %(count)s."),
            "photo_count",
            limit=MAX_PHOTOS,
            count=have,
        )
        errors.raise_if_any()
    prepared = []
    for number, upload in enumerate(uploads, start=have + 1):
        try:
            prepared.append(photo_prepare(upload, number))
        except ValidationError as exc:
            errors.add_error("photos", exc)
    errors.raise_if_any()
    if not prepared:
        raise ApplicationError.from_validation_error(
            ValidationError({"photos": ValidationError(_("Choose a photo."), code="required")})
        )
    now = timezone.now()
    saved = [
        _photo_save(complaint, p, at=now, staff=staff, complainant=complainant) for p in prepared
    ]
    event_add(complaint, EventKind.PHOTO, actor=staff, data={"count": len(saved)})
    return saved


@transaction.atomic
def complaint_follow(*, complaint: Complaint, contact: Contact, language: str = "th") -> Submitted:
    """Someone with the same problem follows an open complaint instead of filing another: a
    supporter, told of each public change (in the page's language) if they left a contact."""
    target = complaint.merged_into or complaint
    if target.status in CLOSED_STATES:
        raise ApplicationError(
            _("This complaint is closed: file a new one if the problem is back."),
            code="complaint_closed",
        )
    errors = _Errors()
    contact_check(contact, errors)
    errors.raise_if_any()
    person = Complainant.objects.create(
        complaint=target,
        role=ComplainantRole.SUPPORTER,
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        line_id=contact.line_id,
        wants_updates=contact.wants_updates,
        notice_version=NOTICE_VERSION,
        language=language if language in {"th", "en"} else "th",
        key_salt=new_salt(),
    )
    event_add(target, EventKind.FOLLOW)
    return Submitted(target, person, complainant_key(person))
