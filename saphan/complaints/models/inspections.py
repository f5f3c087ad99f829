"""Inspection visits, the measurements taken, and orders to an establishment."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models.cases import Complaint
from saphan.complaints.models.choices import (
    AveragingPeriod,
    InspectionKind,
    OrderStatus,
    Pollutant,
    Unit,
    Where,
)
from saphan.core.models import Office, Province


class Inspection(models.Model):
    scope_province_field: ClassVar[str] = "province"

    kind = models.CharField(
        _("kind"), max_length=10, choices=InspectionKind.choices, default=InspectionKind.COMPLAINT
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint_inspections",
        verbose_name=_("establishment"),
    )
    complaints = models.ManyToManyField(
        Complaint, related_name="inspections", blank=True, verbose_name=_("complaints")
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    visited_at = models.DateTimeField(_("visited"))
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("inspectors")
    )
    findings = models.TextField(_("findings (internal)"), max_length=8000, blank=True)
    public_summary = models.TextField(_("what the public is told"), max_length=2000, blank=True)
    follow_up_of = models.ForeignKey(
        "Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-visited_at", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"inspection {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("inspection-detail", args=[self.pk])


class Measurement(models.Model):
    scope_province_field: ClassVar[str] = "inspection__province"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="measurements"
    )
    pollutant = models.CharField(_("pollutant"), max_length=12, choices=Pollutant.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    averaging_period = models.CharField(
        _("averaging period"), max_length=8, choices=AveragingPeriod.choices
    )
    method = models.CharField(_("method"), max_length=200, blank=True)
    where = models.CharField(_("where"), max_length=10, choices=Where.choices)
    instrument = models.CharField(_("instrument"), max_length=200, blank=True)
    measured_at = models.DateTimeField(_("measured at"))
    note = models.CharField(_("note"), max_length=400, blank=True)

    class Meta:
        ordering: ClassVar = ["measured_at", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.pollutant} {self.value} {self.unit}"


class Order(models.Model):
    """An order to an establishment to remedy something, with its deadline."""

    scope_province_field: ClassVar[str] = "province"

    establishment = models.ForeignKey(
        "registry.Establishment",
        on_delete=models.PROTECT,
        related_name="complaint_orders",
        verbose_name=_("establishment"),
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("after inspection"),
    )
    complaints = models.ManyToManyField(Complaint, related_name="orders", blank=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("issued on"))
    description = models.TextField(_("what must be done"), max_length=4000)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=14, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-issued_on", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return f"order {self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == OrderStatus.OPEN and self.deadline < timezone.localdate()
