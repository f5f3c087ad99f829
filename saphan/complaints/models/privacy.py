"""Who looked at whose identity, data-subject requests, and the public endpoints' rate counters."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models.cases import Complainant, Complaint
from saphan.complaints.models.choices import RequestKind, RequestStatus

# Where an identity was opened, as the log shows it.
ACCESS_CONTEXTS = {
    "page": _("case page"),
    "api": _("API"),
    "request": _("personal-data request"),
}


class IdentityAccess(models.Model):
    """One view of a complainant's identity: who, when, which case, where (page, API, export)."""

    scope_province_field: ClassVar[str] = "complaint__province"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    context = models.CharField(max_length=20)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        verbose_name = _("view of a complainant's identity")
        verbose_name_plural = _("views of complainants' identity")

    def __str__(self) -> str:
        return f"{self.user_id} {self.complaint_id} {self.at:%Y-%m-%d %H:%M}"

    @property
    def context_label(self) -> str:
        return str(ACCESS_CONTEXTS.get(self.context, self.context))


class DataSubjectRequest(models.Model):
    """A complainant's request for a copy or the erasure of their data (PDPA s.30: 30 days)."""

    scope_province_field: ClassVar[str] = "complaint__province"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    complainant = models.ForeignKey(Complainant, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_on = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("answer"), max_length=2000, blank=True)
    # The copy handed to the complainant (JSON), kept until their data is anonymised.
    copy = models.JSONField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["due_on", "id"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")

    def __str__(self) -> str:
        return f"{self.kind} {self.complaint_id}"

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_on < timezone.localdate()


class RateCounter(models.Model):
    """Requests per key and time window on public endpoints. The key is a keyed hash of the
    client address, never the address itself."""

    key = models.CharField(max_length=64)
    slot = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["key", "slot"], name="ratecounter_key_slot")
        ]

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.slot} {self.count}"
