"""The demo: every part of the app shown, idempotent, and a representative account that sees
its own establishment's requests only."""

from __future__ import annotations

import pytest
from django.test import Client

from saphan.core.demo import DEMO_PASSWORD, demo_create
from saphan.promotion.models import (
    BudgetOverride,
    Fund,
    OfficerSkill,
    Plan,
    PlannedVisit,
    Project,
    ServiceRequest,
    Team,
    TrainingEvent,
)
from saphan.registry.models import EstablishmentRepresentative

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[object, ...]:
    return (
        ServiceRequest.objects.count(),
        sorted(ServiceRequest.objects.values_list("state", flat=True)),
        Team.objects.count(),
        Plan.objects.count(),
        PlannedVisit.objects.count(),
        Fund.objects.count(),
        BudgetOverride.objects.count(),
        TrainingEvent.objects.count(),
        Project.objects.count(),
        OfficerSkill.objects.count(),
        EstablishmentRepresentative.objects.filter(user__username="demo.client").count(),
    )


def test_demo_is_idempotent_and_gives_a_client_account() -> None:
    first = demo_create(province_name="ชุมพร")
    before = _snapshot()
    second = demo_create(province_name="ชุมพร")
    assert _snapshot() == before
    assert first["service_requests"] == second["service_requests"] == 90
    assert first["planned_visits"] == second["planned_visits"] > 0
    assert (first["teams"], first["trainings"], first["projects"]) == (2, 2, 3)
    logins = {lg["username"]: lg for lg in second["logins"]}
    client_login = logins["demo.client"]
    assert (client_login["role"], client_login["password"]) == ("outside", DEMO_PASSWORD)

    (link,) = EstablishmentRepresentative.objects.filter(user__username="demo.client")
    ours = set(
        ServiceRequest.objects.filter(establishment=link.establishment).values_list("pk", flat=True)
    )
    assert client_login["office"] == link.establishment.name_th and ours
    client = Client()
    assert client.login(username="demo.client", password=DEMO_PASSWORD)
    listed = client.get("/api/v1/promotion/requests?page_size=100").json()
    assert {r["id"] for r in listed["items"]} == ours
    assert client.get("/promotion/").status_code == 302  # to its requests
    assert "คำขอรับบริการ" in client.get("/promotion/requests/").content.decode()
    assert client.get("/api/v1/promotion/plans").json()["count"] == 0
