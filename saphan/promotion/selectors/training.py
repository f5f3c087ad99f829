"""Reads of training events: those the person's offices organise, and those they attend."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from saphan.core.models import Office
from saphan.core.scoping import Action, scope_for
from saphan.promotion.models import Participant, TrainingEvent


def training_list_for_user(user: Any) -> QuerySet[TrainingEvent]:
    scope = scope_for(user)
    organised = scope.filter_offices(TrainingEvent.objects.all(), Action.VIEW, path="office")
    return (
        TrainingEvent.objects.filter(
            Q(pk__in=organised.values("pk")) | Q(participants__user=getattr(user, "pk", None))
        )
        .distinct()
        .select_related("office", "skill", "activity__fund")
        .annotate(
            participant_count=Count("participants", distinct=True),
            attended_count=Count(
                "participants", filter=Q(participants__attended=True), distinct=True
            ),
        )
        .order_by("-starts_on", "-id")
    )


def training_get_for_user(user: Any, pk: int) -> TrainingEvent:
    return training_list_for_user(user).get(pk=pk)


def training_participants(user: Any, event: TrainingEvent) -> list[Participant]:
    """Who takes part: all of them for staff of the organising office's scope; a participant
    from elsewhere sees only their own row (the others' names are not theirs to see)."""
    participants = event.participants.select_related("user", "office").order_by(
        "office__code", "user__first_name", "id"
    )
    scope = scope_for(user)
    if not scope.filter_offices(Office.objects.filter(pk=event.office_id)).exists():
        participants = participants.filter(user=getattr(user, "pk", None))
    return list(participants)


def participant_get_for_user(user: Any, pk: int) -> Participant:
    """A participant's certificate: the participant, or staff who see the training."""
    return Participant.objects.select_related("event__office", "user", "office").get(
        pk=pk, event__in=training_list_for_user(user)
    )


def participant_of_event(event: TrainingEvent, pk: int) -> Participant:
    return event.participants.select_related("user", "office", "event").get(pk=pk)
