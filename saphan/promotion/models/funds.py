"""Funds (e.g. the Pracharath fund), the activities they pay for, budget lines, commitments and
spending (corrected by reversal entries, never deleted); a manager's override when a figure
would go past what is there."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.models import Office

POSITIVE = [MinValueValidator(Decimal("0.01"))]
FISCAL_YEAR_VALIDATORS = [MinValueValidator(2500), MaxValueValidator(2700)]


class FundSource(models.TextChoices):
    PRACHARATH = "pracharath", _("Pracharath fund")
    ANNUAL = "annual", _("Annual government budget")
    PROVINCE = "province", _("Province or province-cluster budget")
    OTHER = "other", _("Other source")


class Fund(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="promotion_funds",
        verbose_name=_("owning office"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=12, choices=FundSource.choices)
    source_note = models.CharField(_("source in words"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (baht)"), validators=POSITIVE, max_digits=14, decimal_places=2
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (Buddhist era)"), validators=FISCAL_YEAR_VALIDATORS
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-fiscal_year", "name", "id"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("promotion:fund-detail", args=[self.pk])


class Activity(models.Model):
    """What a fund pays for, e.g. training provincial staff in product and packaging design."""

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="activities", verbose_name=_("fund")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["fund_id", "starts_on", "id"]
        verbose_name = _("funded activity")
        verbose_name_plural = _("funded activities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("promotion:activity-detail", args=[self.pk])


class BudgetLine(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="lines", verbose_name=_("funded activity")
    )
    name = models.CharField(_("budget line"), max_length=200)
    planned = models.DecimalField(
        _("budget (baht)"), validators=POSITIVE, max_digits=14, decimal_places=2
    )

    class Meta:
        ordering: ClassVar = ["activity_id", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """A commitment or a payment. A wrong one is never deleted nor changed: it is reversed by
    an entry of the opposite amount that names it (`reverses`) and says why, so the history
    keeps both and the figures net them out."""

    on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    description = models.CharField(_("description"), max_length=300)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    reason = models.TextField(_("reason for the reversal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"

    def clean(self) -> None:
        super().clean()
        if self.amount is None:
            return
        original = self.reverses  # type: ignore[attr-defined]
        if original is None and self.amount <= 0:
            raise ValidationError(
                {"amount": ValidationError(_("The amount must be more than zero."), "min_value")}
            )
        if original is not None and self.amount != -original.amount:
            raise ValidationError(
                {"amount": ValidationError(_("A reversal is the opposite amount."), "reversal")}
            )

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None  # type: ignore[attr-defined]


class Commitment(Entry):
    """Money promised (an order, a contract) and not yet paid."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="commitments",
        verbose_name=_("budget line"),
    )  # fmt: skip
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal",
        verbose_name=_("reverses"),
    )  # fmt: skip

    class Meta:
        ordering: ClassVar = ["on", "id"]
        verbose_name = pgettext_lazy("budget", "commitment")
        verbose_name_plural = _("commitments")


class Spending(Entry):
    """Money paid; when it pays a commitment, that commitment is settled by as much."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="spendings",
        verbose_name=_("budget line"),
    )  # fmt: skip
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="spendings",
        verbose_name=_("pays commitment"),
    )  # fmt: skip
    reference = models.CharField(_("receipt or reference"), max_length=60, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal",
        verbose_name=_("reverses"),
    )  # fmt: skip

    class Meta:
        ordering: ClassVar = ["on", "id"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")


class OverrideKind(models.TextChoices):
    ALLOCATION = "allocation", _("Budget lines above the fund")
    COMMITMENT = "commitment", _("Commitment above the budget line")
    SPENDING = "spending", _("Spending above the budget line")


class BudgetOverride(models.Model):
    """A manager let a figure go past what remained, and said why (kept for the record)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="overrides")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="overrides")
    kind = models.CharField(_("kind"), max_length=12, choices=OverrideKind.choices)
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)
    over_by = models.DecimalField(_("over by (baht)"), max_digits=14, decimal_places=2)
    reason = models.TextField(_("reason"))
    commitment = models.OneToOneField(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="override"
    )
    spending = models.OneToOneField(
        Spending, on_delete=models.PROTECT, null=True, blank=True, related_name="override"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-approved_at", "-id"]
        verbose_name = _("budget override")
        verbose_name_plural = _("budget overrides")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} +{self.over_by}"
