"""Reference data that administrators and officers edit: holidays, response templates,
explainers and environmental standards."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models.choices import (
    AveragingPeriod,
    Category,
    Pollutant,
    Status,
    Unit,
    Where,
)
from saphan.core.models import Office


class Holiday(models.Model):
    """A day offices are closed besides Saturdays and Sundays; deadlines skip it."""

    date = models.DateField(_("date"), unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name_th}"


class ResponseTemplate(models.Model):
    """A ready text for a public update; {code}, {category}, {office} and {expected_date} are
    filled in."""

    title = models.CharField(_("title"), max_length=150)
    title_en = models.CharField(_("English title"), max_length=150, blank=True)
    state = models.CharField(_("for status"), max_length=20, choices=Status.choices, blank=True)
    category = models.CharField(
        _("for category"), max_length=20, choices=Category.choices, blank=True
    )
    body_th = models.TextField(_("Thai text"), max_length=4000)
    body_en = models.TextField(_("English text"), max_length=4000, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office (empty: every office)"),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering: ClassVar = ["state", "title"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")

    def __str__(self) -> str:
        return self.title

    @property
    def local_title(self) -> str:
        """The title in the page's language (the Thai one when there is no English)."""
        english = self.title_en if translation.get_language() == "en" else ""
        return english or self.title


class Explainer(models.Model):
    """A short article that explains, in plain Thai and English, what people need to understand
    about a complaint (where haze comes from, what a measurement means)."""

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    title_th = models.CharField(_("Thai title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200)
    summary_th = models.CharField(_("Thai summary"), max_length=400, blank=True)
    summary_en = models.CharField(_("English summary"), max_length=400, blank=True)
    body_th = models.TextField(_("Thai text"), max_length=20000)
    body_en = models.TextField(_("English text"), max_length=20000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["title_th"]
        verbose_name = _("explainer")
        verbose_name_plural = _("explainers")

    def __str__(self) -> str:
        return self.title_th

    def get_absolute_url(self) -> str:
        return reverse("explainer-detail", args=[self.slug])

    def _pick(self, th: str, en: str) -> str:
        return en if translation.get_language() == "en" and en else th

    @property
    def title(self) -> str:
        return self._pick(self.title_th, self.title_en)

    @property
    def summary(self) -> str:
        return self._pick(self.summary_th, self.summary_en)

    @property
    def body(self) -> str:
        return self._pick(self.body_th, self.body_en)


class Standard(models.Model):
    """A limit value with where and over what period it applies, and from when: measurements are
    judged against the one in force on the day they were taken."""

    pollutant = models.CharField(_("pollutant"), max_length=12, choices=Pollutant.choices)
    where = models.CharField(_("where"), max_length=10, choices=Where.choices)
    averaging_period = models.CharField(
        _("averaging period"), max_length=8, choices=AveragingPeriod.choices
    )
    # Empty when the value is not confirmed: no judgement is made against an unknown limit.
    limit = models.DecimalField(_("limit"), max_digits=12, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    legal_source = models.CharField(_("legal source"), max_length=400)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    to_confirm = models.BooleanField(_("limit to confirm"), default=False)
    note = models.CharField(_("note"), max_length=400, blank=True)

    class Meta:
        ordering: ClassVar = ["pollutant", "where", "averaging_period", "effective_from"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_from__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="standard_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pollutant} {self.where} {self.averaging_period}"
