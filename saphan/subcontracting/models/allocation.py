"""Allocation runs (one engine run and its review), the lots they propose, and lot progress."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.models import Job, Province
from saphan.registry.models import Establishment
from saphan.subcontracting.models.offers import WorkOffer


class RunKind(models.TextChoices):
    PLAN = "plan", _("Allocation")
    REALLOCATION = "reallocation", _("Re-allocation of a declined lot")


class RunStatus(models.TextChoices):
    # A re-allocation waits while another run of its province is open, and starts by itself
    # when that run is published or discarded.
    WAITING = "waiting", _("Waiting for the open run")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", pgettext_lazy("allocation run", "Running")
    PROPOSED = "proposed", _("Proposed: to review")
    PUBLISHED = "published", _("Published to the groups")
    DISCARDED = "discarded", _("Discarded")
    FAILED = "failed", _("Failed")


class AllocationRun(models.Model):
    """One run of the allocation engine over a province's posted offers and ready groups.

    Weeks: week 1 starts on `week1_on` (a Monday); week w runs from week1_on + 7(w − 1) to the
    Sunday six days later (see `weeks.py`).
    """

    scope_province_field: ClassVar[str] = "province"

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    kind = models.CharField(_("kind"), max_length=14, choices=RunKind.choices, default=RunKind.PLAN)
    declined_lot = models.ForeignKey(
        "Lot", on_delete=models.PROTECT, null=True, blank=True, related_name="reallocations"
    )
    waits_for = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="waiting_runs",
        verbose_name=_("waits for run"),
    )  # fmt: skip
    week1_on = models.DateField(_("week 1 starts on"))
    horizon_weeks = models.PositiveSmallIntegerField(_("weeks planned"), default=1)
    safety_margin = models.DecimalField(
        _("safety margin"), max_digits=4, decimal_places=2, default=Decimal("0.10")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    engine_status = models.CharField(_("engine status"), max_length=12, blank=True)
    objective = models.JSONField(default=dict, blank=True)
    problem = models.JSONField(default=dict, blank=True)  # the engine's input, for audit
    left_out = models.JSONField(default=list, blank=True)  # groups not sent, with the reason
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("subcontracting-run", args=[self.pk])


class RunOffer(models.Model):
    """An offer in a run and the pieces the run was asked to place (all that was left of it)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="run_offers")
    offer = models.ForeignKey(WorkOffer, on_delete=models.PROTECT, related_name="+")
    pieces = models.PositiveIntegerField()

    class Meta:
        ordering: ClassVar = ["run_id", "offer_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["run", "offer"], name="run_offer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.offer_id}"


class Shortfall(models.Model):
    """Pieces of an offer a run could not place, and why (the engine's reason code)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="shortfalls")
    offer = models.ForeignKey(WorkOffer, on_delete=models.PROTECT, related_name="+")
    pieces = models.PositiveIntegerField()
    code = models.CharField(max_length=30)
    detail = models.CharField(max_length=500, blank=True)  # the engine's English reason, for logs

    class Meta:
        ordering: ClassVar = ["run_id", "offer_id", "code"]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.pieces} ({self.code})"


class LotStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    WITHDRAWN = "withdrawn", _("Taken out in review")
    OFFERED = "offered", _("Offered to the group")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Lots that hold a group's time (capacity) and an offer's pieces.
HOLDING = (LotStatus.PROPOSED, LotStatus.OFFERED, LotStatus.ACCEPTED)
COMMITTED = (LotStatus.OFFERED, LotStatus.ACCEPTED, LotStatus.COMPLETED)


class Lot(models.Model):
    """Pieces of one offer for one group, in weekly tranches: what the group is asked to sew."""

    scope_province_field: ClassVar[str] = "run__province"
    # The group sees its own lots; the offering party's lots are added by the selectors
    # (scope.establishment_q("offer__party_id")).
    scope_establishment_field: ClassVar[str] = "group_id"

    run = models.ForeignKey(AllocationRun, on_delete=models.PROTECT, related_name="lots")
    offer = models.ForeignKey(WorkOffer, on_delete=models.PROTECT, related_name="lots")
    group = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="subcontracting_lots",
        verbose_name=_("group"),
    )  # fmt: skip
    pieces = models.PositiveIntegerField(_("pieces"), validators=[MinValueValidator(1)])
    # [{"week": 1, "pieces": 540, "starts_on": "2025-07-07", "ends_on": "2025-07-13"}, …]
    schedule = models.JSONField(_("weekly tranches"), default=list)
    finish_on = models.DateField(_("expected to finish by"))
    due_on = models.DateField(_("due on"))
    earnings_per_hour = models.DecimalField(
        _("expected earnings per member-hour"), max_digits=10, decimal_places=2
    )
    planning_efficiency = models.DecimalField(max_digits=4, decimal_places=3)
    floor_per_hour = models.DecimalField(
        _("minimum wage per hour"), max_digits=10, decimal_places=2
    )
    main_income_per_hour = models.DecimalField(
        _("main occupation income per hour"), max_digits=10, decimal_places=2, null=True,
        blank=True,
    )  # fmt: skip
    utilisation = models.DecimalField(_("peak use of capacity"), max_digits=5, decimal_places=3)
    km = models.DecimalField(_("distance (km)"), max_digits=8, decimal_places=1, default=0)
    level_before = models.DecimalField(max_digits=8, decimal_places=4, default=0)
    engine_why = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LotStatus.choices, default=LotStatus.PROPOSED
    )
    adjusted = models.BooleanField(_("adjusted in review"), default=False)
    offered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(_("why it was declined"), max_length=300, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["run_id", "offer_id", "group__name_th", "id"]
        indexes: ClassVar = [
            models.Index(fields=["group", "status"], name="lot_group_status"),
            models.Index(fields=["offer", "status"], name="lot_offer_status"),
        ]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("subcontracting-lot", args=[self.pk])

    @property
    def value_baht(self) -> Decimal:
        return self.offer.piece_rate_baht * self.pieces

    @property
    def first_day(self) -> str | None:
        return self.schedule[0]["starts_on"] if self.schedule else None


class ProgressReport(models.Model):
    """The group says how far it has come (from its phone)."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="progress_reports")
    reported_on = models.DateField(_("date"))
    pieces_done = models.PositiveIntegerField(_("pieces sewn so far"))
    member_hours = models.DecimalField(
        _("member-hours worked since the last report"), max_digits=8, decimal_places=1,
        null=True, blank=True, validators=[MinValueValidator(0)],
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["lot_id", "-reported_on", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.lot_id}: {self.pieces_done}"
