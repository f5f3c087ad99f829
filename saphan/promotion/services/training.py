"""Writes of training events: the event, its participants (officers), attendance and
certificates; a certified participant gains the skill the training teaches."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.models import ROLE_RANK, Membership, Office, User
from saphan.core.scoping import Action
from saphan.core.thai import BE_OFFSET
from saphan.promotion.models import OfficerSkill, Participant, SkillSource, TrainingEvent
from saphan.promotion.services.common import (
    assign,
    clean,
    invalid,
    office_allowed,
    require_office,
    unknown_fields,
)

EVENT_FIELDS = (
    "topic",
    "skill",
    "activity",
    "starts_on",
    "ends_on",
    "place",
    "trainers",
    "hours",
    "description",
)


def _check_event(user: Any, event: TrainingEvent) -> None:
    clean(event, exclude=["office"])
    if event.ends_on < event.starts_on:
        raise invalid("ends_on", _("The training ends before it starts."), "date_order")
    activity = event.activity
    if activity is not None and not office_allowed(user, activity.fund.office_id, Action.VIEW):
        raise invalid("activity", _("Choose an activity of a fund in your scope."), "out_of_scope")


@transaction.atomic
def training_create(*, user: Any, office: Office, data: dict[str, Any]) -> TrainingEvent:
    require_office(user, office, Action.CHANGE)
    unknown_fields(data, EVENT_FIELDS)
    event = TrainingEvent(office=office, **data)
    _check_event(user, event)
    event.save()
    return event


@transaction.atomic
def training_update(*, user: Any, event: TrainingEvent, data: dict[str, Any]) -> TrainingEvent:
    require_office(user, event.office_id, Action.CHANGE)
    unknown_fields(data, EVENT_FIELDS)
    changed = assign(event, data)
    _check_event(user, event)
    if changed:
        event.save(update_fields=changed)
    return event


@transaction.atomic
def participants_add(*, user: Any, event: TrainingEvent, officers: list[User]) -> int:
    """Officers of offices in the organiser's scope take part; each with the office they come
    from (their first office, provincial before regional)."""
    require_office(user, event.office_id, Action.CHANGE)
    officer_ranks = [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK["officer"]]
    added = 0
    for officer in officers:
        membership = (
            Membership.objects.filter(user=officer, role__in=officer_ranks)
            .select_related("office")
            .order_by("-office__kind", "office__code")
            .first()
        )
        if membership is None or not office_allowed(user, membership.office, Action.VIEW):
            raise invalid(
                "officers",
                _("%(name)s is not an officer of an office in your scope."),
                "not_officer",
                name=officer.get_full_name() or officer.username,
            )
        _p, created = Participant.objects.get_or_create(
            event=event, user=officer, defaults={"office": membership.office}
        )
        added += int(created)
    return added


@transaction.atomic
def participant_remove(*, user: Any, participant: Participant) -> None:
    require_office(user, participant.event.office_id, Action.CHANGE)
    # The stored row decides (a page may show a participant certified since).
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.certificate_no:
        raise invalid("participant", _("A certified participant cannot be removed."), "certified")
    participant.delete()


@transaction.atomic
def attendance_set(*, user: Any, event: TrainingEvent, attended: set[int]) -> None:
    """Who attended (participant ids); certified participants keep their attendance."""
    require_office(user, event.office_id, Action.CHANGE)
    for participant in event.participants.all():
        value = participant.pk in attended or bool(participant.certificate_no)
        if participant.attended != value:
            participant.attended = value
            participant.save(update_fields=["attended"])


@transaction.atomic
def certificates_issue(*, user: Any, event: TrainingEvent) -> int:
    """Number a certificate for each participant who attended and has none; they gain the
    skill taught. Numbers run per event: <office>-<BE year>-<event>-<n>."""
    require_office(user, event.office_id, Action.CHANGE)
    today = timezone.localdate()
    if event.ends_on > today:
        raise invalid("ends_on", _("Certificates are issued once the training is over."), "early")
    year = event.ends_on.year + BE_OFFSET
    issued = event.participants.exclude(certificate_no="").count()
    count = 0
    for participant in event.participants.filter(attended=True, certificate_no="").order_by("id"):
        issued += 1
        participant.certificate_no = f"{event.office.code}-{year}-{event.pk:04d}-{issued:03d}"
        participant.certified_on = today
        participant.save(update_fields=["certificate_no", "certified_on"])
        if event.skill_id is not None:
            OfficerSkill.objects.get_or_create(
                user_id=participant.user_id,
                skill_id=event.skill_id,
                defaults={"source": SkillSource.TRAINING, "since": event.ends_on},
            )
        count += 1
    return count
