"""The ledger of a lot: the home-work agreement, materials issued and returned, receipts of sewn
pieces, payments to the group and each member's share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.errors import ApplicationError
from saphan.subcontracting.models.allocation import Lot
from saphan.subcontracting.models.readiness import Member

# Home Workers Protection Act B.E. 2553: the agreement is kept at least two years.
RETENTION_YEARS = 2


class RetentionError(ApplicationError):
    pass


def _retention_error(keep_until: dt.date) -> RetentionError:
    return RetentionError(
        _(
            "A home-work agreement is kept at least two years (Home Workers Protection Act "
            "B.E. 2553): this one may not be deleted before %(date)s."
        ),
        code="agreement_retention",
        status=409,
        params={"date": keep_until.isoformat()},
    )


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def delete(self) -> Any:
        today = timezone.localdate()
        kept = self.filter(keep_until__gt=today).order_by("-keep_until").first()
        if kept is not None:
            raise _retention_error(kept.keep_until)
        return super().delete()


class Agreement(models.Model):
    """The home-work agreement of one lot, with what the Act requires it to state: the parties,
    the type of work, the rate, the quantity and value of the work, and the due date."""

    scope_province_field: ClassVar[str] = "lot__run__province"
    scope_establishment_field: ClassVar[str] = "lot__group_id"

    lot = models.OneToOneField(Lot, on_delete=models.PROTECT, related_name="agreement")
    number = models.CharField(_("number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    employer_name = models.CharField(_("employer"), max_length=300)
    employer_address = models.CharField(_("employer's address"), max_length=500, blank=True)
    employer_id = models.CharField(_("juristic person id"), max_length=13, blank=True)
    worker_name = models.CharField(_("home worker (group)"), max_length=300)
    worker_address = models.CharField(_("group's address"), max_length=500, blank=True)
    worker_id = models.CharField(_("registration code"), max_length=20, blank=True)
    work_type = models.TextField(_("type of work"))
    quality_spec = models.TextField(_("quality specification"), blank=True)
    pieces = models.PositiveIntegerField(_("quantity (pieces)"))
    piece_rate_baht = models.DecimalField(_("rate (baht a piece)"), max_digits=10, decimal_places=2)
    value_baht = models.DecimalField(_("value of the work (baht)"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("due on"))
    schedule_text = models.TextField(_("deliveries"), blank=True)
    delivery_place = models.CharField(_("place of delivery"), max_length=300, blank=True)
    materials = models.TextField(_("materials supplied"), blank=True)
    payment_terms = models.CharField(_("payment"), max_length=300)
    keep_until = models.DateField(_("kept until at least"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-issued_on", "-id"]
        verbose_name = _("home-work agreement")
        verbose_name_plural = _("home-work agreements")

    def __str__(self) -> str:
        return self.number

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.keep_until > timezone.localdate():
            raise _retention_error(self.keep_until)
        return super().delete(*args, **kwargs)


class MaterialKind(models.TextChoices):
    ISSUED = "issued", _("Issued to the group")
    RETURNED = "returned", _("Returned unused")
    SCRAP = "scrap", _("Scrapped or lost")


class MaterialMovement(models.Model):
    """Cut pieces (sets for one garment each) handed to the group or given back."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("movement"), max_length=10, choices=MaterialKind.choices)
    moved_on = models.DateField(_("date"))
    pieces = models.PositiveIntegerField(_("pieces (sets)"), validators=[MinValueValidator(1)])
    description = models.CharField(_("what"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["lot_id", "moved_on", "id"]
        verbose_name = _("material movement")
        verbose_name_plural = _("material movements")

    def __str__(self) -> str:
        return f"{self.kind} {self.pieces}"


class Receipt(models.Model):
    """A partial delivery of sewn pieces: how many were accepted, rejected, sent back for rework."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="receipts")
    received_on = models.DateField(_("received on"))
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rework = models.PositiveIntegerField(_("sent back for rework"), default=0)
    reasons = models.TextField(_("reasons for rejects and rework"), blank=True)
    member_hours = models.DecimalField(
        _("member-hours these pieces took"), max_digits=8, decimal_places=1, null=True,
        blank=True, validators=[MinValueValidator(0)],
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["lot_id", "received_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(accepted__gt=0) | models.Q(rejected__gt=0)
                | models.Q(rework__gt=0),
                name="receipt_not_empty",
            )
        ]  # fmt: skip
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"{self.lot_id} {self.received_on}"


class ReceiptPhoto(models.Model):
    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="subcontracting/receipts/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["receipt_id", "id"]
        verbose_name = _("receipt photo")
        verbose_name_plural = _("receipt photos")

    def __str__(self) -> str:
        return self.caption or str(self.pk)

    def get_absolute_url(self) -> str:
        return reverse("subcontracting-photo", args=[self.pk])


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    PROMPTPAY = "promptpay", _("PromptPay")
    CASH = "cash", _("Cash")
    CHEQUE = "cheque", _("Cheque")


class ShareBasis(models.TextChoices):
    PIECES = "pieces", _("By pieces sewn")
    HOURS = "hours", _("By hours worked")


class Payment(models.Model):
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="payments")
    number = models.CharField(_("number"), max_length=40, unique=True)
    paid_on = models.DateField(_("paid on"))
    amount_baht = models.DecimalField(
        _("amount (baht)"), max_digits=14, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )  # fmt: skip
    method = models.CharField(
        pgettext_lazy("payment", "method"), max_length=10, choices=PaymentMethod.choices
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    share_basis = models.CharField(
        _("members' shares"), max_length=6, choices=ShareBasis.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["lot_id", "paid_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("subcontracting-payment-slip", args=[self.pk])


class MemberShare(models.Model):
    """A member's share of a payment (personal data, like the member)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="shares")
    pieces = models.PositiveIntegerField(_("pieces"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=1, null=True, blank=True)
    amount_baht = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering: ClassVar = ["payment_id", "member__full_name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["payment", "member"], name="share_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.payment_id}/{self.member_id}"
