"""Work offers: a style (its operations with SAM and machine type), how many, what it pays, when,
and the wage check made when it is posted."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.models import Province
from saphan.registry.models import Establishment
from saphan.subcontracting.models.common import MachineType, Operation


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")
    CLOSED = "closed", pgettext_lazy("offer", "Closed")
    CANCELLED = "cancelled", _("Cancelled")


class WorkOffer(models.Model):
    """Work a company (or a group) gives out. `province` is the province whose groups and office
    take it (by default the party's own)."""

    scope_province_field: ClassVar[str] = "province"
    scope_establishment_field: ClassVar[str] = "party_id"

    party = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="subcontracting_offers",
        verbose_name=_("offering party"),
    )  # fmt: skip
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    title = models.CharField(_("style"), max_length=200)
    style_code = models.CharField(_("style code"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    quality_spec = models.TextField(_("quality specification"), blank=True)
    pieces = models.PositiveIntegerField(
        _("pieces"), validators=[MinValueValidator(1), MaxValueValidator(10_000_000)]
    )
    piece_rate_baht = models.DecimalField(
        _("piece rate (baht)"), max_digits=10, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )  # fmt: skip
    materials_supplied = models.TextField(_("materials supplied"), blank=True)
    release_on = models.DateField(_("materials ready on"))
    due_on = models.DateField(_("due on"))
    pickup_point = models.CharField(_("pick-up and delivery point"), max_length=300, blank=True)
    pickup_latitude = models.DecimalField(
        _("pick-up latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )  # fmt: skip
    pickup_longitude = models.DecimalField(
        _("pick-up longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )  # fmt: skip
    min_lot_pieces = models.PositiveIntegerField(
        _("minimum lot (pieces)"), default=1, validators=[MinValueValidator(1)]
    )
    max_groups = models.PositiveSmallIntegerField(
        _("at most this many groups"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    # The wage check, made when the offer is posted (and again when its terms change).
    check_efficiency = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    check_earnings_per_hour = models.DecimalField(
        _("expected earnings per member-hour"), max_digits=10, decimal_places=2, null=True,
        blank=True,
    )  # fmt: skip
    check_floor_per_hour = models.DecimalField(
        _("minimum wage per hour"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    check_floor_per_day = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    check_main_income_per_hour = models.DecimalField(
        _("main occupation income per hour"), max_digits=10, decimal_places=2, null=True,
        blank=True,
    )  # fmt: skip
    checked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["province", "status"], name="offer_province_status"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("release_on")), name="offer_due_after"
            )
        ]
        verbose_name = _("work offer")
        verbose_name_plural = _("work offers")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("subcontracting-offer", args=[self.pk])

    @property
    def below_floor(self) -> bool:
        """Home Workers Protection Act s.16: pays below the minimum wage, or no floor known."""
        if self.check_earnings_per_hour is None:
            return False
        return self.check_floor_per_hour is None or (
            self.check_earnings_per_hour < self.check_floor_per_hour
        )

    @property
    def below_main_income(self) -> bool:
        return (
            self.check_earnings_per_hour is not None
            and self.check_main_income_per_hour is not None
            and self.check_earnings_per_hour < self.check_main_income_per_hour
        )

    @property
    def value_baht(self) -> Decimal:
        return self.piece_rate_baht * self.pieces


class OfferOperation(models.Model):
    """One operation of the style: its skill, its machine type and its SAM minutes."""

    offer = models.ForeignKey(WorkOffer, on_delete=models.CASCADE, related_name="operations")
    position = models.PositiveSmallIntegerField(pgettext_lazy("position", "order"), default=1)
    name = models.CharField(_("operation"), max_length=200, blank=True)
    skill = models.CharField(_("skill"), max_length=20, choices=Operation.choices)
    machine_type = models.CharField(_("machine type"), max_length=20, choices=MachineType.choices)
    sam_minutes = models.DecimalField(
        _("SAM (minutes)"), max_digits=7, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("600"))],
    )  # fmt: skip

    class Meta:
        ordering: ClassVar = ["offer_id", "position", "id"]
        verbose_name = _("operation")
        verbose_name_plural = _("operations")

    def __str__(self) -> str:
        return self.name or self.get_skill_display()


class OfferStage(models.Model):
    """A staged delivery: this many pieces by this date (the stages add up to the offer)."""

    offer = models.ForeignKey(WorkOffer, on_delete=models.CASCADE, related_name="stages")
    due_on = models.DateField(_("due on"))
    pieces = models.PositiveIntegerField(_("pieces"), validators=[MinValueValidator(1)])

    class Meta:
        ordering: ClassVar = ["offer_id", "due_on", "id"]
        verbose_name = _("staged delivery")
        verbose_name_plural = _("staged deliveries")

    def __str__(self) -> str:
        return f"{self.due_on}: {self.pieces}"
