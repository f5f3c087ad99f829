"""The complaint (the case), the people behind it (kept apart), photos, its timeline and periods."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models.choices import (
    CLOSED_STATES,
    Category,
    Channel,
    ComplainantRole,
    EventKind,
    Frequency,
    LocationSource,
    NotificationStatus,
    ReferralLevel,
    Status,
    TimeOfDay,
)
from saphan.core.models import District, Office, Province, Subdistrict

LATITUDE = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


class Episode(models.Model):
    """Repeat complaints about one establishment, of one category at one time of day."""

    scope_province_field: ClassVar[str] = "province"

    establishment = models.ForeignKey(
        "registry.Establishment", on_delete=models.CASCADE, related_name="complaint_episodes"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    time_of_day = models.CharField(
        _("time of day"), max_length=10, choices=TimeOfDay.choices, blank=True
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    first_received_at = models.DateTimeField(_("first complaint"))
    last_received_at = models.DateTimeField(_("latest complaint"))

    class Meta:
        ordering: ClassVar = ["-last_received_at"]
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")

    def __str__(self) -> str:
        return f"{self.establishment_id} {self.category} {self.time_of_day}"


class Complaint(models.Model):
    """One complaint: what, when and where, who handles it and how far it is. No one's identity:
    that is `Complainant`, shown only to the people allowed to see it."""

    # An establishment never sees complaints about it: no scope_establishment_field here.
    scope_province_field: ClassVar[str] = "province"

    # Unique by a constraint (Meta), not `unique=True`: that would add a second, LIKE-pattern
    # index on PostgreSQL that no query uses and every submission would have to update.
    code = models.CharField(_("tracking code"), max_length=12)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("what happens"), max_length=4000)
    time_of_day = models.CharField(
        _("time of day"), max_length=10, choices=TimeOfDay.choices, blank=True
    )
    frequency = models.CharField(
        _("how often"), max_length=12, choices=Frequency.choices, blank=True
    )
    # The exact point may be someone's home: staff only. The public sees `public_lat/lon`,
    # snapped to a grid cell (settings.SAPHAN_COMPLAINTS_PUBLIC_GRID_DEGREES).
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE,
    )
    public_lat = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    public_lon = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    location_source = models.CharField(
        _("location from"),
        max_length=10,
        choices=LocationSource.choices,
        default=LocationSource.ADDRESS,
    )
    address_text = models.CharField(_("landmark or address"), max_length=300, blank=True)
    # The foreign keys below carry no index of their own where one in Meta starts with them
    # (and none of the LIKE-pattern twins Django adds for a text key): each index is one more
    # write per submission (docs/benchmarks.md, Complaints).
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
        db_index=False,
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subdistrict"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="complaints",
        verbose_name=_("responsible office"),
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("establishment"),
    )
    establishment_confirmed = models.BooleanField(
        _("source confirmed by an officer"), default=False
    )
    episode = models.ForeignKey(
        Episode, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    state_due = models.DateField(_("due in this state"), null=True, blank=True)
    expected_date = models.DateField(_("expected date"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    public_summary = models.TextField(_("public summary"), max_length=1000, blank=True)
    channel = models.CharField(
        _("received through"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )
    referral_level = models.CharField(
        _("referred to"), max_length=12, choices=ReferralLevel.choices, blank=True
    )
    escalated_at = models.DateTimeField(
        _("escalated to the governor's office"), null=True, blank=True
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    open311_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source_client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    assigned = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Assignment",
        through_fields=("complaint", "user"),
        related_name="complaint_assignments",
        blank=True,
        verbose_name=_("assigned officers"),
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Any change, internal ones included: the version the public page is cached by.
    updated_at = models.DateTimeField(auto_now=True)
    # The latest change the public sees (a public timeline line, the public summary, a photo
    # shown, a supporter): what public lists sort by and Open311 gives as updated_datetime, so
    # that officers' internal work on a case is not visible from outside.
    public_updated_at = models.DateTimeField(_("last public change"), default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-received_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["province", "status", "received_at"], name="cmp_prov_status"),
            models.Index(fields=["category", "status", "public_lat"], name="cmp_nearby"),
            models.Index(fields=["office", "status"], name="cmp_office_status"),
            models.Index(fields=["state_due"], name="cmp_state_due"),
            models.Index(fields=["received_at"], name="cmp_received"),
            models.Index(fields=["district"], name="cmp_district"),
            models.Index(fields=["subdistrict"], name="cmp_subdistrict"),
        ]
        constraints: ClassVar = [models.UniqueConstraint(fields=["code"], name="cmp_code")]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("complaint-detail", args=[self.code])

    def get_public_url(self) -> str:
        return reverse("complaint-track", args=[self.code])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATES

    def is_overdue(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return (
            not self.is_closed and self.state_due is not None and self.state_due < today  # type: ignore[operator]
        )


class Complainant(models.Model):
    """Who complained or follows a complaint: personal data, kept apart from the case.

    Shown only to the case's assigned officers and the managers of its responsible office;
    each view is logged (`IdentityAccess`); anonymised a set time after closure."""

    scope_province_field: ClassVar[str] = "complaint__province"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(
        _("role"), max_length=10, choices=ComplainantRole.choices, default=ComplainantRole.REPORTER
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    line_id = models.CharField(_("LINE id"), max_length=60, blank=True)
    health_details = models.TextField(_("health effects"), max_length=2000, blank=True)
    health_consent_at = models.DateTimeField(_("consent to health details"), null=True, blank=True)
    notice_version = models.CharField(_("privacy notice seen"), max_length=20, blank=True)
    wants_updates = models.BooleanField(_("wants updates"), default=True)
    language = models.CharField(_("language of messages"), max_length=5, default="th")
    # The complainant's action link is derived from this (HMAC with SECRET_KEY); clearing it
    # revokes the link. Never shown, never logged.
    key_salt = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and admin lists.
        return f"complainant {self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return not (self.name or self.phone or self.email or self.line_id)


def _photo_path(instance: Photo, filename: str) -> str:
    return f"complaints/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class Photo(models.Model):
    """A photo, re-encoded on arrival: location and camera metadata are gone from the file."""

    scope_province_field: ClassVar[str] = "complaint__province"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()
    # People and homes may be in a picture: public only once an officer says so.
    is_public = models.BooleanField(_("shown publicly"), default=False)
    added_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who sent it (the form, their own link): an erasure of their data takes it with it.
    added_by_complainant = models.ForeignKey(
        "Complainant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"photo {self.pk}"


class StatePeriod(models.Model):
    """A stretch of time a case spent in one state, with that state's deadline."""

    # Indexed by `period_open`, which starts with it.
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="periods", db_index=False
    )
    state = models.CharField(max_length=20, choices=Status.choices)
    entered_at = models.DateTimeField()
    due_date = models.DateField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["entered_at", "id"]
        indexes: ClassVar = [models.Index(fields=["complaint", "left_at"], name="period_open")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.state}"

    @property
    def was_late(self) -> bool:
        if self.due_date is None:
            return False
        end = timezone.localdate(self.left_at) if self.left_at else timezone.localdate()
        return end > self.due_date


class CaseEvent(models.Model):
    """One line of a case's timeline. Public lines are what the complainant and the public read;
    they never name the officer."""

    # Indexed by `event_public`, which starts with it.
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_public = models.BooleanField(default=False)
    text = models.TextField(blank=True, max_length=4000)
    explainer = models.ForeignKey(
        "Explainer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar = ["at", "id"]
        indexes: ClassVar = [models.Index(fields=["complaint", "is_public"], name="event_public")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"

    @property
    def to_state_label(self) -> str:
        return str(Status(self.to_state).label) if self.to_state in Status.values else ""


class Assignment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["complaint", "user"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.user_id}"


class Rating(models.Model):
    """A complainant's stars (1–5) for one closure of the case."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="ratings")
    complainant = models.ForeignKey(Complainant, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField(default=0)  # the case's reopen count when rated
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["complainant", "round"], name="rating_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.stars}"


class Notification(models.Model):
    """What was sent to whom (by record, never by address) and how it went."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    complainant = models.ForeignKey(Complainant, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, null=True, related_name="+")
    channel = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=NotificationStatus.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["event", "complainant", "channel"], name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.status}"
