"""Joint visits: teams of officers, planning periods solved by engines.routing, their routes,
visits and what was left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.models import Job, Office
from saphan.promotion.models.requests import ServiceRequest

WORKDAYS_VALIDATOR = RegexValidator(
    r"^[0-6]{1,7}$", _("Workdays are digits 0 (Monday) to 6 (Sunday), e.g. 01234."), "workdays"
)


class Team(models.Model):
    """Officers who travel together from a start office, on their workdays and hours."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="promotion_teams", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="promotion_teams", verbose_name=_("officers")
    )
    start_office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("starts from")
    )
    day_start = models.TimeField(_("working day starts"), default=dt.time(8, 30))
    day_end = models.TimeField(_("working day ends"), default=dt.time(16, 30))
    workdays = models.CharField(
        _("workdays"), max_length=7, default="01234", validators=[WORKDAYS_VALIDATOR]
    )
    active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    class Meta:
        ordering: ClassVar = ["office__code", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name

    def works_on(self, day: dt.date) -> bool:
        return str(day.weekday()) in self.workdays


class TeamDayOff(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="days_off")
    day = models.DateField(_("day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["day"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["team", "day"], name="promotion_team_day_off_unique")
        ]
        verbose_name = _("day off")
        verbose_name_plural = _("days off")

    def __str__(self) -> str:
        return f"{self.team} {self.day}"


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Not planned yet")
    RUNNING = "running", _("Planning")
    READY = "ready", _("Planned")
    FAILED = "failed", _("Planning failed")


class Plan(models.Model):
    """Joint visits of some teams over a period; the routing engine fills it in a job."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="promotion_plans", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=160)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    teams = models.ManyToManyField(Team, related_name="plans", verbose_name=_("teams"))
    state = models.CharField(
        _("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT
    )
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    distance_source = models.CharField(_("distances"), max_length=20, blank=True)
    requests_count = models.PositiveIntegerField(_("requests"), default=0)
    unbundled_visits = models.PositiveIntegerField(_("visits without bundling"), default=0)
    visits_count = models.PositiveIntegerField(_("visits"), default=0)
    left_out_count = models.PositiveIntegerField(_("left out"), default=0)
    km = models.DecimalField(_("km"), max_digits=10, decimal_places=1, default=Decimal("0"))
    travel_minutes = models.PositiveIntegerField(_("minutes of driving"), default=0)
    stopped_by = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    planned_at = models.DateTimeField(_("planned at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-first_day", "-id"]
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("promotion:plan-detail", args=[self.pk])

    def days(self) -> list[dt.date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + dt.timedelta(days=i) for i in range(max(0, count))]


class Route(models.Model):
    """One team's day in a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="routes")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="routes")
    day = models.DateField(_("day"))
    depart = models.TimeField(_("leaves"))
    return_at = models.TimeField(_("back"))
    km = models.DecimalField(_("km"), max_digits=8, decimal_places=1)
    travel_minutes = models.PositiveIntegerField(_("minutes of driving"))

    class Meta:
        ordering: ClassVar = ["plan_id", "team_id", "day"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "team", "day"], name="promotion_route_unique")
        ]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self) -> str:
        return f"{self.team} {self.day}"


class VisitState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    MISSED = "missed", _("Did not take place")


class PlannedVisit(models.Model):
    """A stop on a route: one establishment, the requests served together (a joint visit)."""

    scope_province_field: ClassVar[str] = "establishment__province"
    # The establishment sees when it will be visited (not who comes).
    scope_establishment_field: ClassVar[str] = "establishment"

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="visits")
    order = models.PositiveSmallIntegerField(pgettext_lazy("position", "order"))
    establishment = models.ForeignKey(
        "registry.Establishment", on_delete=models.PROTECT, related_name="promotion_visits",
        verbose_name=_("establishment"),
    )  # fmt: skip
    requests = models.ManyToManyField(
        ServiceRequest, related_name="planned_visits", verbose_name=_("requests")
    )
    arrive = models.TimeField(_("arrives"))
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))
    service_minutes = models.PositiveIntegerField(_("minutes on site"))
    approximate_location = models.BooleanField(_("approximate location"), default=False)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    state = models.CharField(
        _("state"), max_length=10, choices=VisitState.choices, default=VisitState.PLANNED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering: ClassVar = ["route__day", "route__team_id", "order"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.route} #{self.order}"

    def get_absolute_url(self) -> str:
        return reverse("promotion:visit-detail", args=[self.pk])


class LeftOut(models.Model):
    """Requests of one establishment the plan could not fit, and why (a stable reason code)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="left_out")
    establishment = models.ForeignKey(
        "registry.Establishment", on_delete=models.PROTECT, related_name="+"
    )
    requests = models.ManyToManyField(ServiceRequest, related_name="+")
    reason = models.CharField(_("reason"), max_length=40)
    # The engine's explanation in English (for the API and logs); pages say the reason in
    # their own language from `reason` and `skills`.
    detail = models.CharField(_("detail"), max_length=400, blank=True)
    skills = models.CharField(
        _("skills no team has"), max_length=200, blank=True,
        help_text=_("Skill codes, comma-separated, for the reason no_team_with_skills."),
    )  # fmt: skip
    service_minutes = models.PositiveIntegerField(_("minutes on site"), default=0)

    class Meta:
        ordering: ClassVar = ["plan_id", "id"]
        verbose_name = _("request left out")
        verbose_name_plural = _("requests left out")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.establishment_id} ({self.reason})"
