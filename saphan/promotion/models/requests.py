"""Service requests of establishments: the services asked for, their state, outcome, rating and
attachments."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.thai import BE_OFFSET
from saphan.promotion.models.catalog import Service


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


URGENCY_RANK = {Urgency.LOW: 0, Urgency.NORMAL: 1, Urgency.HIGH: 2, Urgency.URGENT: 3}
# The routing engine's priority of a request of each urgency: leaving a visit out weighs
# 1 + priority, so each level weighs twice the one below (an urgent visit is kept in place of
# up to three normal ones when the teams' days cannot hold them all; docs/routing.md).
URGENCY_PRIORITY: dict[str, int] = {
    Urgency.LOW: 0,
    Urgency.NORMAL: 1,
    Urgency.HIGH: 3,
    Urgency.URGENT: 7,
}


class RequestState(models.TextChoices):
    NEW = "new", _("New")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed out")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (RequestState.NEW, RequestState.PLANNED, RequestState.IN_PROGRESS)


class TimeOfDay(models.TextChoices):
    ANY = "any", _("Any time")
    MORNING = "morning", _("Morning (08:30–12:00)")
    AFTERNOON = "afternoon", _("Afternoon (13:00–16:30)")


# Minutes after midnight the whole service must fit in.
TIME_WINDOWS: dict[str, tuple[int, int] | None] = {
    TimeOfDay.ANY: None,
    TimeOfDay.MORNING: (8 * 60 + 30, 12 * 60),
    TimeOfDay.AFTERNOON: (13 * 60, 16 * 60 + 30),
}


class Channel(models.TextChoices):
    OFFICER = "officer", _("Entered by an officer")
    REPRESENTATIVE = "representative", _("Entered by the establishment")


class ServiceRequest(models.Model):
    """An establishment asks for one or more services."""

    scope_province_field: ClassVar[str] = "establishment__province"
    # The establishment's representative sees its own requests.
    scope_establishment_field: ClassVar[str] = "establishment"

    establishment = models.ForeignKey(
        "registry.Establishment", on_delete=models.PROTECT, related_name="promotion_requests",
        verbose_name=_("establishment"),
    )  # fmt: skip
    needs = models.TextField(_("needs"), max_length=4000)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    preferred_from = models.DateField(_("preferred from"), null=True, blank=True)
    preferred_to = models.DateField(_("preferred until"), null=True, blank=True)
    preferred_time = models.CharField(
        _("preferred time of day"), max_length=10, choices=TimeOfDay.choices, default=TimeOfDay.ANY
    )
    state = models.CharField(
        _("state"), max_length=12, choices=RequestState.choices, default=RequestState.NEW
    )
    channel = models.CharField(
        _("entered"), max_length=16, choices=Channel.choices, default=Channel.OFFICER
    )
    services = models.ManyToManyField(
        Service, through="RequestItem", related_name="requests", verbose_name=_("services")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("entered by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    planned_at = models.DateTimeField(_("planned at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("client's rating (1–5)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )  # fmt: skip
    rating_comment = models.TextField(_("client's comment"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["state", "created_at"], name="promo_req_state_created"),
            models.Index(fields=["created_at"], name="promo_req_created"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="promotion_request_rating_1_5",
            )
        ]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("promotion:request-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """SR2568-00012: the Buddhist-era year it was made in and its number."""
        year = timezone.localtime(self.created_at).year + BE_OFFSET if self.created_at else 0
        return f"SR{year}-{self.pk or 0:05d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def waiting_days(self, today: dt.date | None = None) -> int:
        """Days from the request to its delivery, or to today while it is open."""
        start = timezone.localtime(self.created_at).date()
        if self.delivered_at is not None:
            end = timezone.localtime(self.delivered_at).date()
        else:
            end = today or timezone.localdate()
        return max(0, (end - start).days)


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("Not yet given")
    DELIVERED = "delivered", _("Delivered")
    FOLLOW_UP = "follow_up", _("Started, needs another visit")
    NOT_DONE = "not_done", _("Not done on the visit")


class RequestItem(models.Model):
    """One service of a request and what came of it."""

    scope_province_field: ClassVar[str] = "request__establishment__province"
    scope_establishment_field: ClassVar[str] = "request__establishment"

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="items")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="items", verbose_name=_("service")
    )
    minutes = models.PositiveIntegerField(
        _("minutes on site"), validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ItemOutcome.choices, default=ItemOutcome.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    visit = models.ForeignKey(
        "promotion.PlannedVisit", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="items", verbose_name=_("visit"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering: ClassVar = ["request_id", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["request", "service"], name="promotion_item_unique")
        ]
        verbose_name = _("requested service")
        verbose_name_plural = _("requested services")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.service}"


class AttachmentKind(models.TextChoices):
    DRAFT = "draft", _("Draft or design")
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is ours (the person's file name is kept in `name`).
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"promotion/requests/{instance.request_id}/{timezone.now():%Y%m%d%H%M%S%f}.{suffix}"


class Attachment(models.Model):
    scope_province_field: ClassVar[str] = "request__establishment__province"
    scope_establishment_field: ClassVar[str] = "request__establishment"

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
