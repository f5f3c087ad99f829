"""Training pages: participants added and removed (with a confirm), and who sees whom: the
organising office's staff see every participant, a participant from elsewhere only themself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from saphan.core.errors import ApplicationError
from saphan.core.models import Office, User
from saphan.core.tests.factories import person
from saphan.promotion.models import Participant, TrainingEvent
from saphan.promotion.services import training as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> TrainingEvent:
    organiser = person("ipc.o", "IPC10", "officer")
    made = services.training_create(
        user=organiser,
        office=Office.objects.get(code="IPC10"),
        data={
            "topic": "ออกแบบบรรจุภัณฑ์สำหรับเจ้าหน้าที่",
            "starts_on": dt.date(2024, 3, 4),
            "ends_on": dt.date(2024, 3, 6),
            "place": "ศภ.10",
            "trainers": "อาจารย์",
        },
    )
    officers = [
        person("somchai", "PIO86", "officer", first_name="สมชาย"),
        person("somsri", "PIO86", "officer", first_name="สมศรี"),
        person("wichai", "PIO84", "officer", first_name="วิชัย"),
    ]
    services.participants_add(user=organiser, event=made, officers=officers)
    return made


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_organiser_removes_a_participant_with_a_confirm(event: TrainingEvent) -> None:
    somsri = event.participants.get(user__username="somsri")
    remove = reverse("promotion:training-remove", args=[event.pk, somsri.pk])
    organiser = _client("ipc.o")
    page = organiser.get(event.get_absolute_url()).content.decode()
    assert page.count('data-testid="remove-participant"') == 3
    assert f'action="{remove}"' in page and "return confirm(" in page
    response = organiser.post(remove)
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert sorted(event.participants.values_list("user__username", flat=True)) == [
        "somchai",
        "wichai",
    ]
    # A certified participant stays, and has no button.
    somchai = event.participants.get(user__username="somchai")
    Participant.objects.filter(pk=somchai.pk).update(attended=True, certificate_no="IPC10-1")
    page = organiser.get(event.get_absolute_url()).content.decode()
    assert page.count('data-testid="remove-participant"') == 1
    organiser.post(reverse("promotion:training-remove", args=[event.pk, somchai.pk]))
    assert event.participants.filter(pk=somchai.pk).exists()
    with pytest.raises(ApplicationError) as caught:
        services.participant_remove(user=person("ipc.o2", "IPC10", "officer"), participant=somchai)
    assert [e.code for e in caught.value.fields["participant"]] == ["certified"]


def test_a_participant_from_elsewhere_sees_only_their_own_row(event: TrainingEvent) -> None:
    page = _client("somchai").get(event.get_absolute_url()).content.decode()
    assert "สมชาย" in page and "สมศรี" not in page and "วิชัย" not in page
    assert 'data-testid="remove-participant"' not in page
    # … nor may remove anyone: not staff of the organising office (nothing changes).
    somsri = event.participants.get(user__username="somsri")
    response = _client("somchai").post(
        reverse("promotion:training-remove", args=[event.pk, somsri.pk])
    )
    assert response.status_code == 403
    assert event.participants.count() == 3
    api = _client("somchai").get(f"/api/v1/promotion/training/{event.pk}").json()
    assert [p["username"] for p in api["participants"]] == ["somchai"]
    organiser = _client("ipc.o").get(f"/api/v1/promotion/training/{event.pk}").json()
    assert sorted(p["username"] for p in organiser["participants"]) == [
        "somchai",
        "somsri",
        "wichai",
    ]


def test_the_candidates_list_names_officers_in_scope_only(event: TrainingEvent) -> None:
    person("lampang", "PIO52", "officer", first_name="ลำปาง")
    person("newcomer", "PIO86", "officer", first_name="คนใหม่")
    response = _client("ipc.o").get(event.get_absolute_url())
    names = {u.username for u in response.context["candidates"]}
    assert "newcomer" in names and "lampang" not in names
    assert not names & {"somchai", "somsri", "wichai"}
