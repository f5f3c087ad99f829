"""Training events for officers: topic, dates, place, trainers, participants, attendance and
certificates."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saphan.core.models import Office
from saphan.promotion.models.catalog import Skill
from saphan.promotion.models.funds import Activity


class TrainingEvent(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="promotion_trainings",
        verbose_name=_("organising office"),
    )  # fmt: skip
    topic = models.CharField(_("topic"), max_length=250)
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, null=True, blank=True, related_name="trainings",
        verbose_name=_("skill taught"),
        help_text=_("Officers certified at the end gain this skill."),
    )  # fmt: skip
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="trainings",
        verbose_name=_("funded by activity"),
    )  # fmt: skip
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=250)
    trainers = models.CharField(_("trainers"), max_length=400)
    hours = models.PositiveSmallIntegerField(_("hours of training"), default=6)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering: ClassVar = ["-starts_on", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("promotion:training-detail", args=[self.pk])


class Participant(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="promotion_trainings",
        verbose_name=_("officer"),
    )  # fmt: skip
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    attended = models.BooleanField(_("attended"), default=False)
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["event_id", "office__code", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "user"], name="promotion_participant_unique")
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"
