"""Joint visits through the application: exact plans of small cases (geometry in factories.py:
k km north of the office is ceil(k) minutes away), bundling across working groups, reasons for
what is left out, outcomes moving requests along, re-planning and cancelling the job."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from saphan.core import jobs
from saphan.core.errors import ApplicationError
from saphan.core.models import Job, JobState, Office
from saphan.core.tests.factories import person
from saphan.promotion.models import (
    LeftOut,
    Plan,
    PlannedVisit,
    RequestItem,
    Route,
    ServiceRequest,
)
from saphan.promotion.services import planning as services
from saphan.promotion.tests.conftest import run_plan
from saphan.promotion.tests.factories import (
    MONDAY,
    located,
    north,
    officer,
    request_for,
    service,
    team,
)

pytestmark = pytest.mark.django_db


def _plan(world: dict[str, Any], days: int = 1) -> Plan:
    plan = services.plan_create(
        user=world["planner"],
        office=Office.objects.get(code="PIO86"),
        data={
            "name": "สัปดาห์ที่ 1",
            "first_day": MONDAY,
            "last_day": MONDAY + dt.timedelta(days=days - 1),
        },
        teams=[world["team"]],
    )
    return plan


def _run(plan: Plan, user: Any) -> Plan:
    return run_plan(plan, user)


def _stops(route: Route) -> list[tuple[str, str, str, str]]:
    return [
        (v.establishment.name_th, f"{v.arrive:%H:%M}", f"{v.start:%H:%M}", f"{v.end:%H:%M}")
        for v in route.visits.order_by("order")
    ]


def test_exact_plan_bundles_two_working_groups_into_one_visit(world: dict[str, Any]) -> None:
    a = located("ร้าน ก", 10.3)
    b = located("ร้าน ข", 20.5)
    c = located("ร้าน ค", 30.1)
    r1 = request_for(a, service("IPC10", "packaging-design"))  # 90 min, design group of IPC10
    r2 = request_for(a, service("PIO86", "community-standard"))  # 90 min, standards group
    r3 = request_for(b, service("IPC10", "product-design"), preferred_time="morning")  # 120
    r4 = request_for(c, service("IPC10", "ict"))  # nobody has ICT
    plan = _run(_plan(world), world["planner"])

    assert (plan.state, plan.visits_count, plan.left_out_count) == ("ready", 2, 1)
    assert (plan.requests_count, plan.unbundled_visits) == (4, 4)
    assert (plan.km, plan.travel_minutes, plan.distance_source) == (
        Decimal("41.0"),
        43,
        "great_circle",
    )
    (route,) = plan.routes.all()
    assert (route.team, route.day) == (world["team"], MONDAY)
    # ข's morning window (08:30–12:00, 120 min) forces it first; the team leaves at 08:09 so as
    # to arrive when the window opens, then ก gets both services in one joint visit.
    assert _stops(route) == [
        ("ร้าน ข", "08:30", "08:30", "10:30"),
        ("ร้าน ก", "10:41", "10:41", "13:41"),
    ]
    assert (f"{route.depart:%H:%M}", f"{route.return_at:%H:%M}") == ("08:09", "13:52")
    assert (route.km, route.travel_minutes) == (Decimal("41.0"), 43)
    joint = PlannedVisit.objects.get(establishment=a)
    assert sorted(joint.requests.values_list("pk", flat=True)) == [r1.pk, r2.pk]
    assert sorted(joint.items.values_list("service__code", flat=True)) == [
        "community-standard",
        "packaging-design",
    ]
    assert joint.service_minutes == 180 and not joint.approximate_location
    states = dict(ServiceRequest.objects.values_list("pk", "state"))
    assert states == {r1.pk: "planned", r2.pk: "planned", r3.pk: "planned", r4.pk: "new"}
    (left,) = LeftOut.objects.filter(plan=plan)
    assert (left.establishment, left.reason, list(left.requests.all())) == (
        c,
        "no_team_with_skills",
        [r4],
    )
    assert (left.detail, left.skills) == ("no team has ict", "ict")


def test_the_plan_page_says_why_in_its_own_language(world: dict[str, Any]) -> None:
    request_for(located("ร้าน ค", 30.1), service("IPC10", "ict"))  # nobody has ICT
    plan = _run(_plan(world), world["planner"])
    client = Client()
    client.force_login(world["planner"])
    thai = client.get(plan.get_absolute_url()).content.decode()
    assert "ไม่มีทีมใดมีทักษะครบทุกบริการที่ต้องการ: เทคโนโลยีสารสนเทศและดิจิทัล" in thai
    assert "no team has ict" not in thai and "ICT and digital" not in thai
    english = client.get(plan.get_absolute_url() + "?lang=en").content.decode()
    assert "No team has every skill these services need: ICT and digital." in english
    assert "no team has ict" not in english
    api = client.get(f"/api/v1/promotion/plans/{plan.pk}").json()
    assert [(x["reason"], x["skills"], x["detail"]) for x in api["left_out"]] == [
        ("no_team_with_skills", ["ict"], "no team has ict")
    ]


def test_urgent_requests_are_planned_first_when_not_everything_fits(
    world: dict[str, Any],
) -> None:
    # Two long services (400 min each) on a 540-minute day: one fits. Both normal, the nearer
    # goes; the farther one made urgent takes its place, and the nearer waits, with the reason.
    near, far = located("ร้านใกล้", 10.3), located("ร้านไกล", 20.5)
    near_req = request_for(near, service("IPC10", "packaging-design"))
    far_req = request_for(far, service("IPC10", "product-design"))
    RequestItem.objects.update(minutes=400)
    plan = _run(_plan(world), world["planner"])
    assert list(PlannedVisit.objects.values_list("establishment__name_th", flat=True)) == ["ร้านใกล้"]
    assert list(plan.left_out.values_list("establishment__name_th", "reason")) == [
        ("ร้านไกล", "no_time_left")
    ]
    ServiceRequest.objects.filter(pk=far_req.pk).update(urgency="urgent")
    plan = _run(plan, world["planner"])
    assert list(PlannedVisit.objects.values_list("establishment__name_th", flat=True)) == ["ร้านไกล"]
    assert list(plan.left_out.values_list("establishment__name_th", "reason")) == [
        ("ร้านใกล้", "no_time_left")
    ]
    states = dict(ServiceRequest.objects.values_list("pk", "state"))
    assert states == {near_req.pk: "new", far_req.pk: "planned"}


def test_no_location_and_approximate_location(world: dict[str, Any]) -> None:
    # One located record in the district: not enough for a centre, so the unlocated one is
    # left out; with three located records it gets their centre and is marked approximate.
    located("ร้าน ก", 10.3)
    lost = located("ไม่มีพิกัด", None)
    request_for(lost, service("IPC10", "packaging-design"))
    plan = _run(_plan(world), world["planner"])
    assert list(LeftOut.objects.filter(plan=plan).values_list("reason", "establishment")) == [
        ("no_location", lost.pk)
    ]
    located("ร้าน ข", 20.5)
    located("ร้าน ค", 30.1)
    plan = _run(plan, world["planner"])
    visit = PlannedVisit.objects.get(route__plan=plan)
    assert visit.establishment == lost and visit.approximate_location
    # The centre of the three located records (10.3, 20.5 and 30.1 km north): 20.3 km north.
    assert (
        (visit.latitude, visit.longitude)
        == north(20.3)
        == (Decimal("10.182562"), Decimal("99.000000"))
    )
    assert LeftOut.objects.filter(plan=plan).count() == 0


def test_days_off_and_workdays_leave_visits_out_with_the_reason(world: dict[str, Any]) -> None:
    t = world["team"]
    t.workdays = "1234"  # not Mondays
    t.save()
    est = located("ร้าน ก", 10.3)
    request_for(est, service("IPC10", "packaging-design"))
    plan = _run(_plan(world, days=2), world["planner"])
    (route,) = plan.routes.all()
    assert route.day == MONDAY + dt.timedelta(days=1)
    services.team_day_off_add(
        user=person("m", "PIO86", "manager"), team=t, day=MONDAY + dt.timedelta(days=1)
    )
    plan = _run(plan, world["planner"])
    assert plan.routes.count() == 0
    assert list(plan.left_out.values_list("reason", flat=True)) == ["no_team_on_days"]
    assert ServiceRequest.objects.get().state == "new"


def test_outcomes_move_requests_and_lock_the_plan(world: dict[str, Any]) -> None:
    a, b = located("ร้าน ก", 10.3), located("ร้าน ข", 20.5)
    r1 = request_for(a, service("IPC10", "packaging-design"))
    r2 = request_for(a, service("PIO86", "community-standard"))
    r3 = request_for(b, service("IPC10", "product-design"))
    plan = _run(_plan(world), world["planner"])
    at_a = PlannedVisit.objects.get(establishment=a)
    items = {i.request_id: i for i in at_a.items.all()}
    # A Lampang officer is neither on the team nor of the province: refused, nothing written.
    lampang = person("o52", "PIO52", "officer")
    with pytest.raises(ApplicationError) as caught:
        services.visit_record(
            user=lampang, visit=at_a, took_place=True, outcomes={items[r1.pk].pk: ("delivered", "")}
        )
    assert caught.value.status == 403
    assert set(at_a.items.values_list("outcome", flat=True)) == {"pending"}
    # The team's designer records: one delivered, one needs another visit.
    designer = world["team"].members.get()
    services.visit_record(
        user=designer,
        visit=at_a,
        took_place=True,
        note="เจ้าของร่วมประชุม",
        outcomes={
            items[r1.pk].pk: ("delivered", "ส่งแบบถุงแล้ว"),
            items[r2.pk].pk: ("follow_up", "ต้องตรวจเอกสารเพิ่ม"),
        },
    )
    at_b = PlannedVisit.objects.get(establishment=b)
    services.visit_record(user=designer, visit=at_b, took_place=False)
    states = dict(ServiceRequest.objects.values_list("pk", "state"))
    assert states == {r1.pk: "delivered", r2.pk: "in_progress", r3.pk: "new"}
    at_a.refresh_from_db()
    at_b.refresh_from_db()
    assert (at_a.state, at_b.state) == ("done", "missed")
    with pytest.raises(ApplicationError) as caught:
        services.plan_run(user=world["planner"], plan=plan)
    assert caught.value.code == "plan_has_outcomes"
    with pytest.raises(ApplicationError) as caught:
        services.plan_delete(user=world["planner"], plan=plan)
    assert caught.value.code == "plan_has_outcomes"
    # The next week's plan takes what is left: r2's standard (again) and r3, not r1.
    nxt = services.plan_create(
        user=world["planner"],
        office=Office.objects.get(code="PIO86"),
        data={
            "name": "สัปดาห์ที่ 2",
            "first_day": MONDAY + dt.timedelta(days=7),
            "last_day": MONDAY + dt.timedelta(days=7),
        },
        teams=[world["team"]],
    )
    nxt = _run(nxt, world["planner"])
    planned = {
        (v.establishment.name_th, tuple(sorted(v.items.values_list("service__code", flat=True))))
        for v in PlannedVisit.objects.filter(route__plan=nxt)
    }
    assert planned == {("ร้าน ก", ("community-standard",)), ("ร้าน ข", ("product-design",))}
    states = dict(ServiceRequest.objects.values_list("pk", "state"))
    assert states == {r1.pk: "delivered", r2.pk: "in_progress", r3.pk: "planned"}


def test_planning_again_gives_the_same_plan_and_deleting_frees_the_requests(
    world: dict[str, Any],
) -> None:
    for km, name in ((10.3, "ก"), (20.5, "ข"), (30.1, "ค")):
        request_for(located(name, km), service("IPC10", "packaging-design"))
    plan = _run(_plan(world), world["planner"])
    first = [(_stops(r), r.km) for r in plan.routes.all()]
    plan = _run(plan, world["planner"])
    assert [(_stops(r), r.km) for r in plan.routes.all()] == first
    assert PlannedVisit.objects.count() == 3
    assert set(ServiceRequest.objects.values_list("state", flat=True)) == {"planned"}
    services.plan_delete(user=world["planner"], plan=plan)
    assert PlannedVisit.objects.count() == 0
    assert set(ServiceRequest.objects.values_list("state", flat=True)) == {"new"}


def test_cancelled_job_leaves_the_plan_as_it_was(world: dict[str, Any]) -> None:
    request_for(located("ร้าน ก", 10.3), service("IPC10", "packaging-design"))
    plan = _plan(world)
    services.plan_run(user=world["planner"], plan=plan)
    plan.refresh_from_db()
    assert plan.job_id is not None
    Job.objects.filter(pk=plan.job_id).update(cancel_requested=True)
    assert jobs.job_run(str(plan.job_id)) == JobState.CANCELLED
    plan.refresh_from_db()
    assert (plan.state, plan.routes.count()) == ("draft", 0)
    assert ServiceRequest.objects.get().state == "new"


def test_unknown_start_point_fails_the_plan_with_a_message(world: dict[str, Any]) -> None:
    # The regional center has no location set, nor located records in its seat province.
    start = officer("ipc", "IPC10", "packaging_design")
    far = team("ทีมศูนย์ภาค", "IPC10", [start])
    planner = person("pi", "IPC10", "officer")
    plan = services.plan_create(
        user=planner,
        office=Office.objects.get(code="IPC10"),
        data={"name": "x", "first_day": MONDAY, "last_day": MONDAY},
        teams=[far],
    )
    services.plan_run(user=planner, plan=plan)
    plan.refresh_from_db()
    assert jobs.job_run(str(plan.job_id)) == JobState.FAILED
    plan.refresh_from_db()
    assert plan.state == "failed"
    assert "ทีมศูนย์ภาค" in plan.error and "IPC10" in plan.error


def test_plan_rules_name_the_field(world: dict[str, Any]) -> None:
    office = Office.objects.get(code="PIO86")
    cases = [
        (
            {"name": "x", "first_day": MONDAY, "last_day": MONDAY - dt.timedelta(days=1)},
            [world["team"]],
            "last_day",
            "date_order",
        ),
        (
            {"name": "x", "first_day": MONDAY, "last_day": MONDAY + dt.timedelta(days=40)},
            [world["team"]],
            "last_day",
            "too_long",
        ),
        ({"name": "x", "first_day": MONDAY, "last_day": MONDAY}, [], "teams", "required"),
    ]
    for data, teams, field, code in cases:
        with pytest.raises(ApplicationError) as caught:
            services.plan_create(user=world["planner"], office=office, data=data, teams=teams)
        assert [e.code for e in caught.value.fields[field]] == [code]
    viewer = person("v", "PIO86", "viewer")
    with pytest.raises(ApplicationError) as caught:
        services.plan_create(
            user=viewer,
            office=office,
            data={"name": "x", "first_day": MONDAY, "last_day": MONDAY},
            teams=[world["team"]],
        )
    assert caught.value.status == 403
    assert Plan.objects.count() == 0


def test_osrm_when_configured_and_a_clear_failure_when_it_is_down(
    world: dict[str, Any], settings: Any
) -> None:
    from engines.routing import GreatCircle, OsrmTable
    from saphan.promotion.jobs import travel_source

    source, name = travel_source()
    assert isinstance(source, GreatCircle) and name == "great_circle"
    assert (source.road_factor, source.speed_kmh) == (1.0, 60.0)
    settings.SAPHAN_PROMOTION_OSRM_URL = "http://127.0.0.1:9"  # nothing listens there
    source, name = travel_source()
    assert isinstance(source, OsrmTable) and name == "osrm"
    assert source.base_url == "http://127.0.0.1:9"
    request_for(located("ร้าน ก", 10.3), service("IPC10", "packaging-design"))
    plan = _plan(world)
    services.plan_run(user=world["planner"], plan=plan)
    plan.refresh_from_db()
    assert jobs.job_run(str(plan.job_id)) == JobState.FAILED
    plan.refresh_from_db()
    assert plan.state == "failed"
    assert plan.error.startswith("บริการคำนวณระยะทางขัดข้อง: OSRM at http://127.0.0.1:9 unreachable")
    assert ServiceRequest.objects.get().state == "new"
