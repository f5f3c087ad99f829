"""Offices, people and their roles, Thai geography, and background-job records."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saphan.core.validators import validate_postal_code, validate_thai_phone


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering: ClassVar = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name_th


class District(models.Model):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name_th


class Subdistrict(models.Model):
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="subdistricts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    # Space-separated: a subdistrict may span post-office zones. PostalCode is the lookup table.
    postal_codes = models.CharField(_("postal codes"), max_length=60, blank=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")

    def __str__(self) -> str:
        return self.name_th


class PostalCode(models.Model):
    code = models.CharField(_("postal code"), max_length=5, db_index=True)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.CASCADE, related_name="postal_code_rows"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["code", "subdistrict"], name="postalcode_unique_pair")
        ]
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self) -> str:
        return self.code


class OfficeKind(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial industry office")
    REGIONAL = "regional", _("Regional industrial promotion center")
    DEPARTMENT = "department", _("Department")
    MINISTRY = "ministry", _("Ministry")


class Office(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OfficeKind.choices)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    # Department and ministry offices cover the whole country whatever this lists.
    provinces = models.ManyToManyField(
        Province, related_name="offices", blank=True, verbose_name=_("provinces covered")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subdistrict"),
    )
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[validate_postal_code]
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_thai_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering: ClassVar = ["kind", "code"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name_th

    def get_absolute_url(self) -> str:
        return reverse("office-detail", args=[self.code])

    @property
    def covers_all_provinces(self) -> bool:
        return self.kind in {OfficeKind.DEPARTMENT, OfficeKind.MINISTRY}


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("Officer")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")


# Higher rank includes every right of the lower ones.
ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 1,
    Role.OFFICER: 2,
    Role.MANAGER: 3,
    Role.ADMINISTRATOR: 4,
}


class AccountKind(models.TextChoices):
    STAFF = "staff", _("Office staff")
    # Outside accounts (a company's or a group's representative) act only for their own
    # establishment; the registry issue links them to it.
    OUTSIDE = "outside", _("Outside account")


class User(AbstractUser):
    kind = models.CharField(
        _("account kind"), max_length=10, choices=AccountKind.choices, default=AccountKind.STAFF
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("th", "ไทย"), ("en", "English")],
        default="th",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("person")  # type: ignore[assignment]
        verbose_name_plural = _("people")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("position"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["office__code", "user__username"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "office"], name="membership_unique_user_office")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.office.code} ({self.role})"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Job(models.Model):
    """What a person sees of a background task: its progress, outcome and who asked for it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    state = models.CharField(
        _("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    office = models.ForeignKey(
        Office, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    task_result_id = models.CharField(max_length=64, blank=True)
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["state", "created_at"], name="job_state_created")]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"

    def get_absolute_url(self) -> str:
        return reverse("job-detail", args=[self.id])

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 100 if self.state == JobState.SUCCEEDED else 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def kind_label(self) -> str:
        from saphan.core.jobs import job_label

        return job_label(self.kind)

    @property
    def is_finished(self) -> bool:
        return self.state in {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED}
