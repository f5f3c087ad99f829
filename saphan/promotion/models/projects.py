"""Projects and their tasks, done by staff or by consultants; the consultants' registry and
contracts."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.models import Office
from saphan.core.validators import validate_thai_phone
from saphan.promotion.models.catalog import Skill
from saphan.promotion.models.funds import FISCAL_YEAR_VALIDATORS, Activity


class Consultant(models.Model):
    """A consultant (a person or a firm) who lectures, diagnoses and advises."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    expertise = models.TextField(_("expertise"))
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="consultants", verbose_name=_("skills")
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_thai_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by office")
    )
    active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    class Meta:
        ordering: ClassVar = ["name", "id"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("promotion:consultant-detail", args=[self.pk])


class Project(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="promotion_projects",
        verbose_name=_("office"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=250)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (Buddhist era)"), validators=FISCAL_YEAR_VALIDATORS
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("funded by activity"),
    )  # fmt: skip
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering: ClassVar = ["-fiscal_year", "name", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("promotion:project-detail", args=[self.pk])


class ConsultantContract(models.Model):
    consultant = models.ForeignKey(
        Consultant, on_delete=models.PROTECT, related_name="contracts",
        verbose_name=_("consultant"),
    )  # fmt: skip
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts",
        verbose_name=_("project"),
    )  # fmt: skip
    number = models.CharField(_("contract number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    fee = models.DecimalField(
        _("fee (baht)"),
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=14,
        decimal_places=2,
    )
    scope_of_work = models.TextField(_("scope of work"), blank=True)

    class Meta:
        ordering: ClassVar = ["-signed_on", "id"]
        verbose_name = _("consultant contract")
        verbose_name_plural = _("consultant contracts")

    def __str__(self) -> str:
        return self.number


class Doer(models.TextChoices):
    STAFF = "staff", _("Staff")
    CONSULTANT = "consultant", _("Consultant")


class ProjectTask(models.Model):
    """A piece of a project's work: its effort (hours) and cost, done by staff or a consultant."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    name = models.CharField(_("task"), max_length=250)
    done_by = models.CharField(_("done by"), max_length=10, choices=Doer.choices)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("officers")
    )
    consultant = models.ForeignKey(
        Consultant, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks",
        verbose_name=_("consultant"),
    )  # fmt: skip
    contract = models.ForeignKey(
        ConsultantContract, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks",
        verbose_name=_("contract"),
    )  # fmt: skip
    effort_hours = models.PositiveIntegerField(_("effort (hours)"))
    cost = models.DecimalField(
        _("cost (baht)"), validators=[MinValueValidator(Decimal("0"))], default=Decimal("0"),
        max_digits=14, decimal_places=2,
    )  # fmt: skip
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering: ClassVar = ["project_id", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(done_by="staff", consultant__isnull=True)
                | models.Q(done_by="consultant", consultant__isnull=False),
                name="promotion_task_doer_consistent",
            )
        ]
        verbose_name = _("project task")
        verbose_name_plural = _("project tasks")

    def __str__(self) -> str:
        return self.name
