"""Readiness of villagers' groups (intent, members, machines, availability) and the willingness of
the companies that give work — the three criteria of the source story, plus capacity."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.registry.models import Establishment
from saphan.subcontracting.models.common import MachineCondition, MachineType, UnavailableReason


class GroupProfile(models.Model):
    """A group's subcontracting profile: its signed intent, where it works, whether it left."""

    scope_province_field: ClassVar[str] = "establishment__province"
    scope_establishment_field: ClassVar[str] = "establishment_id"

    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, related_name="subcontracting_group"
    )
    intent_signed_on = models.DateField(_("intent signed on"), null=True, blank=True)
    # Who signed for the group (name and position): personal data, shown like members.
    intent_signed_by = models.CharField(_("signed by"), max_length=200, blank=True)
    intent_note = models.TextField(_("commitment"), blank=True)
    work_place = models.CharField(_("where the group sews"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )  # fmt: skip
    availability_checked_on = models.DateField(
        _("availability confirmed on"), null=True, blank=True
    )
    left_on = models.DateField(_("left the programme on"), null=True, blank=True)
    left_reason = models.CharField(_("why the group left"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("group readiness")
        verbose_name_plural = _("group readiness")

    def __str__(self) -> str:
        return str(self.establishment_id)


class Member(models.Model):
    """A member of a group. PERSONAL DATA: officers of the province and the group's own
    representative see it; never public, exported or shown to companies. Not kept in the
    change history, so that withdrawing consent really erases it."""

    scope_province_field: ClassVar[str] = "group__province"
    scope_establishment_field: ClassVar[str] = "group_id"

    group = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="subcontracting_members"
    )
    full_name = models.CharField(_("name"), max_length=200)
    skills = models.JSONField(_("skills"), default=list, blank=True)  # Operation values
    main_occupation = models.CharField(_("main occupation"), max_length=200, blank=True)
    main_income_baht_per_day = models.DecimalField(
        _("main occupation income (baht per day)"), max_digits=8, decimal_places=2,
        null=True, blank=True, validators=[MinValueValidator(0)],
    )  # fmt: skip
    hours_per_day = models.DecimalField(
        _("hours a day for sewing"), max_digits=4, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(12)],
    )  # fmt: skip
    days_per_week = models.DecimalField(
        _("days a week for sewing"), max_digits=3, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(7)],
    )  # fmt: skip
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["group_id", "full_name", "id"]
        indexes: ClassVar = [models.Index(fields=["group", "active"], name="member_group_active")]
        verbose_name = _("member")
        verbose_name_plural = pgettext_lazy("people", "members")

    def __str__(self) -> str:
        return self.full_name

    @property
    def counts(self) -> bool:
        """Counts in capacity: active and consenting."""
        return self.active and self.consent_on is not None


class Machine(models.Model):
    scope_province_field: ClassVar[str] = "group__province"
    scope_establishment_field: ClassVar[str] = "group_id"

    group = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="subcontracting_machines"
    )
    machine_type = models.CharField(_("machine type"), max_length=20, choices=MachineType.choices)
    count = models.PositiveSmallIntegerField(
        _("number of machines"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    condition = models.CharField(
        _("condition"), max_length=14, choices=MachineCondition.choices,
        default=MachineCondition.GOOD,
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["group_id", "machine_type", "condition"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["group", "machine_type", "condition"], name="machine_unique_kind"
            )
        ]
        verbose_name = _("machine")
        verbose_name_plural = _("machines")

    def __str__(self) -> str:
        return f"{self.get_machine_type_display()} × {self.count}"


class Unavailability(models.Model):
    """Days the group cannot sew (harvest, festivals)."""

    scope_province_field: ClassVar[str] = "group__province"
    scope_establishment_field: ClassVar[str] = "group_id"

    group = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="subcontracting_unavailable"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=10, choices=UnavailableReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["group_id", "starts_on"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="unavailability_ordered",
            )
        ]
        verbose_name = _("unavailable period")
        verbose_name_plural = _("unavailable periods")

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class CompanyProfile(models.Model):
    """A company's (or an offering group's) willingness to give work: the third criterion."""

    scope_province_field: ClassVar[str] = "establishment__province"
    scope_establishment_field: ClassVar[str] = "establishment_id"

    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, related_name="subcontracting_company"
    )
    willing = models.BooleanField(_("willing to give work to groups"), default=True)
    signed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    signed_by = models.CharField(_("confirmed by"), max_length=200, blank=True)
    products = models.CharField(_("products it gives out"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("company willingness")
        verbose_name_plural = _("company willingness")

    def __str__(self) -> str:
        return str(self.establishment_id)
