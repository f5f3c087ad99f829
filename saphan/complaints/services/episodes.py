"""Repeat complaints about one establishment — same category, same time of day, each within
the gap of the one before — form one episode with a count."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from saphan.complaints.models import Complaint, Episode


def episode_attach(complaint: Complaint) -> Episode | None:
    """Put the complaint in its establishment's current episode, or start one (the caller
    saves the complaint). Leaving the old episode deletes it if it is left empty."""
    old_id = complaint.episode_id
    if complaint.establishment_id is None:
        complaint.episode = None
        _drop_if_empty(old_id, complaint.pk)
        return None
    gap = dt.timedelta(days=settings.SAPHAN_COMPLAINTS_EPISODE_GAP_DAYS)
    at = complaint.received_at
    episode = (
        Episode.objects.filter(
            establishment_id=complaint.establishment_id,
            category=complaint.category,
            time_of_day=complaint.time_of_day,
            last_received_at__gte=at - gap,
            first_received_at__lte=at + gap,
        )
        .order_by("-last_received_at")
        .first()
    )
    if episode is None:
        episode = Episode.objects.create(
            establishment_id=complaint.establishment_id,
            category=complaint.category,
            time_of_day=complaint.time_of_day,
            province_id=complaint.province_id,
            first_received_at=at,
            last_received_at=at,
        )
    else:
        changed = []
        if at > episode.last_received_at:
            episode.last_received_at = at
            changed.append("last_received_at")
        if at < episode.first_received_at:
            episode.first_received_at = at
            changed.append("first_received_at")
        if changed:
            episode.save(update_fields=changed)
    complaint.episode = episode
    if old_id != episode.pk:
        _drop_if_empty(old_id, complaint.pk)
    return episode


def _drop_if_empty(episode_id: int | None, leaving: int | None) -> None:
    if episode_id is None:
        return
    others = Complaint.objects.filter(episode_id=episode_id)
    if leaving is not None:
        others = others.exclude(pk=leaving)
    if not others.exists():
        Episode.objects.filter(pk=episode_id).delete()
