"""The service catalog: skills, the working groups (กลุ่มงาน) of offices and the services they own;
which officer has which skill; where an office's teams start from."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from saphan.core.models import Office


class Named(models.Model):
    """Thai and English names; `name` is the one of the current language."""

    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_th


class Skill(Named):
    """What an officer must know to give a service (product design, packaging, ICT, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class WorkingGroup(Named):
    """A working group (กลุ่มงาน) of an office; it owns services and has officers."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="promotion_groups", verbose_name=_("office")
    )
    code = models.SlugField(_("code"), max_length=40)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="promotion_groups",
        verbose_name=_("officers"),
    )  # fmt: skip
    active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    class Meta:
        ordering: ClassVar = ["office__code", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["office", "code"], name="promotion_group_unique_code")
        ]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")


class Service(Named):
    """One service of the catalog, owned by a working group, with its usual time on site."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="services",
        verbose_name=_("working group"),
    )  # fmt: skip
    code = models.SlugField(_("code"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="services", verbose_name=_("skill needed")
    )
    usual_minutes = models.PositiveIntegerField(
        _("usual minutes on site"),
        default=60,
        validators=[MinValueValidator(10), MaxValueValidator(480)],
    )
    active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    class Meta:
        ordering: ClassVar = ["working_group__office__code", "working_group__code", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["working_group", "code"], name="promotion_service_unique_code"
            )
        ]
        verbose_name = _("service")
        verbose_name_plural = _("services")


class SkillSource(models.TextChoices):
    ASSIGNED = "assigned", _("Recorded by a manager")
    TRAINING = "training", _("Certified by a training")


class OfficerSkill(models.Model):
    """An officer can give the services that need this skill."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="promotion_skills"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="officers")
    source = models.CharField(
        _("source"), max_length=10, choices=SkillSource.choices, default=SkillSource.ASSIGNED
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["user_id", "skill__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "skill"], name="promotion_officer_skill_unique")
        ]
        verbose_name = _("officer's skill")
        verbose_name_plural = _("officers' skills")

    def __str__(self) -> str:
        return f"{self.user} · {self.skill}"


class OfficeLocation(models.Model):
    """Where an office's teams leave from, set by an administrator. Offices without one use
    the centre of the located records of their district or province (see docs/promotion.md)."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, primary_key=True, related_name="promotion_location"
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("office location")
        verbose_name_plural = _("office locations")

    def __str__(self) -> str:
        return f"{self.office.code} {self.latitude},{self.longitude}"
