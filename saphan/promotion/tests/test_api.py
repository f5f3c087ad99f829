"""The promotion API: the same rules as the pages, the one error envelope, query counts of the
lists that do not grow with their length."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from saphan.core.tests.factories import PASSWORD, person
from saphan.promotion.models import PlannedVisit, ServiceRequest, Spending
from saphan.promotion.tests.factories import MONDAY, located, request_for, service
from saphan.registry.services import representative_add

pytestmark = pytest.mark.django_db
API = "/api/v1/promotion"


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_request_list_query_count_does_not_grow(
    world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = _client("p")
    est = located("ร้าน ก", 10.3)
    for _ in range(3):
        request_for(est, service("IPC10", "packaging-design"), service("PIO86", "fda"))
    with django_assert_max_num_queries(9):
        small = client.get(f"{API}/requests")
    for _ in range(30):
        request_for(est, service("IPC10", "ict"), service("PIO86", "community-standard"))
    with django_assert_max_num_queries(9):
        large = client.get(f"{API}/requests")
    assert (small.json()["count"], large.json()["count"]) == (3, 33)
    first = large.json()["items"][0]
    assert [i["service_code"] for i in first["items"]] == ["ict", "community-standard"]


@pytest.mark.parametrize(
    "path",
    [
        "/services",
        "/teams",
        "/plans",
        "/funds",
        "/training",
        "/projects",
        "/consultants",
        "/working-groups",
    ],
)
def test_other_lists_answer_in_few_queries(
    planned: dict[str, Any], path: str, django_assert_max_num_queries: Any
) -> None:
    client = _client("designer")
    with django_assert_max_num_queries(12):
        response = client.get(f"{API}{path}")
    assert response.status_code == 200, response.content


def test_create_request_plan_and_record_through_the_api(world: dict[str, Any]) -> None:
    a = located("ร้าน ก", 10.3)
    client = _client("p")
    bad = client.post(
        f"{API}/requests",
        {"establishment_id": a.pk, "needs": "x", "services": []},
        content_type="application/json",
    )
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["fields"]["services"][0]["code"] == "required"
    assert error["fields"]["services"][0]["message_th"] == "เลือกอย่างน้อยหนึ่งบริการ"
    assert error["fields"]["services"][0]["message_en"] == "Choose at least one service."
    made = client.post(
        f"{API}/requests",
        {
            "establishment_id": a.pk,
            "needs": "ออกแบบฉลาก",
            "urgency": "high",
            "services": [service("IPC10", "packaging-design").pk, service("PIO86", "fda").pk],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    req = made.json()
    assert (req["state"], req["channel"], len(req["items"])) == ("new", "officer", 2)
    plan = client.post(
        f"{API}/plans",
        {
            "office_code": "PIO86",
            "name": "สัปดาห์ API",
            "first_day": MONDAY.isoformat(),
            "last_day": MONDAY.isoformat(),
            "teams": [world["team"].pk],
            "run": True,
        },
        content_type="application/json",
    )
    assert plan.status_code == 202, plan.content
    assert plan.json()["state"] == "running" and plan.json()["job_id"]
    from saphan.core import jobs

    jobs.job_run(plan.json()["job_id"])
    full = client.get(f"{API}/plans/{plan.json()['id']}").json()
    assert full["state"] == "ready" and full["visits_count"] == 1
    (route,) = full["routes"]
    (stop,) = route["stops"]
    assert (stop["establishment_name"], stop["start"], stop["end"]) == (
        "ร้าน ก",
        "08:11:00",
        "10:41:00",
    )
    outcome = _client("designer").post(
        f"{API}/visits/{stop['visit_id']}/outcome",
        {
            "took_place": True,
            "outcomes": [{"item_id": i["id"], "outcome": "delivered"} for i in stop["items"]],
        },
        content_type="application/json",
    )
    assert outcome.status_code == 200, outcome.content
    assert client.get(f"{API}/requests/{req['id']}").json()["state"] == "delivered"


def test_representative_api_is_its_own(planned: dict[str, Any]) -> None:
    representative_add(
        user=person("m86", "PIO86", "manager"),
        establishment=planned["a"],
        username="rep.a",
        first_name="มานี",
        password=PASSWORD,
    )
    rep = _client("rep.a")
    listed = rep.get(f"{API}/requests").json()
    assert sorted(r["id"] for r in listed["items"]) == sorted(r.pk for r in planned["requests"][:2])
    other = planned["requests"][2]
    assert rep.get(f"{API}/requests/{other.pk}").status_code == 404
    refused = rep.post(
        f"{API}/requests/{other.pk}/cancel", {"reason": "x"}, content_type="application/json"
    )
    assert refused.status_code == 404
    assert ServiceRequest.objects.get(pk=other.pk).state == "planned"
    assert rep.get(f"{API}/plans").json()["count"] == 0
    assert rep.get(f"{API}/funds").json()["count"] == 0
    # It sees when its visit comes, never who comes.
    (visit_out,) = rep.get(f"{API}/requests/{planned['requests'][0].pk}").json()["visits"]
    assert (visit_out["day"], visit_out["start"], visit_out["team"]) == (
        "2031-06-02",
        "10:41:00",
        None,
    )
    officer_view = _client("designer").get(f"{API}/requests/{planned['requests'][0].pk}")
    assert officer_view.json()["visits"][0]["team"] == "ทีมออกแบบ"
    visit = PlannedVisit.objects.get(establishment=planned["a"])
    refused = rep.post(
        f"{API}/visits/{visit.pk}/outcome", {"took_place": False}, content_type="application/json"
    )
    assert refused.status_code == 404
    visit.refresh_from_db()
    assert visit.state == "planned"


def test_fund_override_through_the_api_in_both_languages() -> None:
    manager = person("mgr", "IPC1", "manager")
    client = _client("mgr")
    fund = client.post(
        f"{API}/funds",
        {
            "office_code": "IPC1",
            "name": "กองทุนประชารัฐ ภาคเหนือตอนบน",
            "source": "pracharath",
            "amount": "13000000",
            "fiscal_year": 2563,
        },
        content_type="application/json",
    )
    assert fund.status_code == 201, fund.content
    activity = client.post(
        f"{API}/funds/{fund.json()['id']}/activities",
        {"name": "อบรม"},
        content_type="application/json",
    ).json()
    line = client.post(
        f"{API}/activities/{activity['id']}/lines",
        {"name": "ค่าวัสดุ", "planned": "60000"},
        content_type="application/json",
    ).json()
    officer = person("off", "IPC1", "officer")
    entry = {"on": "2020-02-01", "amount": "68400", "description": "ชุดอุปกรณ์ 40 ชุด"}
    over = _client("off").post(
        f"{API}/lines/{line['id']}/spending",
        entry,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert over.status_code == 409
    assert over.json()["error"]["code"] == "over_budget"
    assert "8,400.00" in over.json()["error"]["message_en"]
    assert "A manager may allow it" in over.json()["error"]["message"]
    # An officer may not give the override; nothing is written.
    refused = _client("off").post(
        f"{API}/lines/{line['id']}/spending",
        {**entry, "override_reason": "จำเป็น"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert Spending.objects.count() == 0
    allowed = client.post(
        f"{API}/lines/{line['id']}/spending",
        {**entry, "override_reason": "ผู้เข้าอบรมเพิ่มเป็น 40 คน"},
        content_type="application/json",
    )
    assert allowed.status_code == 201
    detail = client.get(f"{API}/funds/{fund.json()['id']}").json()
    assert detail["remaining"] == "12931600.00"
    assert [(o["kind"], o["over_by"], o["approved_by"]) for o in detail["overrides"]] == [
        ("spending", "8400.00", "mgr")
    ]
    assert (Spending.objects.get().created_by, officer.username) == (manager, "off")


def test_projects_api_flags_outsourced_projects(world: dict[str, Any]) -> None:
    client = _client("p")
    consultant = client.post(
        f"{API}/consultants",
        {"office_code": "PIO86", "name": "บจก. ที่ปรึกษา", "expertise": "ICT", "skills": ["ict"]},
        content_type="application/json",
    ).json()
    project = client.post(
        f"{API}/projects",
        {"office_code": "PIO86", "name": "ICT ชุมชน", "fiscal_year": 2568},
        content_type="application/json",
    ).json()
    client.post(
        f"{API}/projects/{project['id']}/tasks",
        {
            "name": "อบรม",
            "done_by": "consultant",
            "consultant_id": consultant["id"],
            "effort_hours": 95,
            "cost": "200000",
        },
        content_type="application/json",
    )
    done = client.post(
        f"{API}/projects/{project['id']}/tasks",
        {"name": "สถานที่", "done_by": "staff", "staff": ["p"], "effort_hours": 5},
        content_type="application/json",
    )
    assert done.status_code == 201
    shares = done.json()["shares"]
    assert (shares["consultant_effort_percent"], shares["flagged"]) == (95.0, True)
    assert client.get(f"{API}/projects?flagged=true").json()["count"] == 1
    assert [t["staff"] for t in done.json()["tasks"]] == [[], ["p"]]
