"""A complaint's whole life: acknowledged, investigated, inspected with measurements, an order
and its follow-up, resolved with an explainer; the complainant told at each public step, then
rating and reopening. Forwarding, referral, escalation, duplicates, permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from saphan.complaints import workdays
from saphan.complaints.models import Complaint, Explainer, Notification, Order, ResponseTemplate
from saphan.complaints.selectors.public import public_get, public_timeline
from saphan.complaints.selectors.staff import (
    complaint_base_for_user,
    measurements_judged,
    template_render,
)
from saphan.complaints.services import complainant as complainant_services
from saphan.complaints.services import content, handling, inspections, privacy
from saphan.complaints.services import intake as intake_services
from saphan.complaints.services.common import holiday_dates
from saphan.complaints.tests.helpers import contact, intake, submit
from saphan.core.errors import ApplicationError
from saphan.core.models import Membership, Office
from saphan.core.tests.factories import person
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Any:
    return person("officer86", "PIO86", "officer")


@pytest.fixture
def manager() -> Any:
    return person("manager86", "PIO86", "manager")


def test_whole_lifecycle_with_notifications(
    officer: Any, immediate_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    factory = establishment("บริษัท ฝุ่นเยอะ จำกัด")
    with django_capture_on_commit_callbacks(execute=True):
        done = submit(
            establishment_id=factory.pk,
            who={"email": "resident@example.org", "line_id": "resident_line"},
        )
    case = done.complaint
    assert [m.to for m in mail.outbox] == [["resident@example.org"]]
    first = mail.outbox[0]
    assert first.subject == f"เรื่องร้องเรียน {case.code}: รับเรื่องแล้ว"
    assert f"/track/{case.code}/" in first.body
    assert f"/track/{case.code}/k/{done.key}/" in first.body  # their own link, in their mail only

    def step(to_state: str, text: str = "", explainer: int | None = None) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            handling.complaint_transition(
                user=officer, complaint=case, to_state=to_state, text=text, explainer_id=explainer
            )
        case.refresh_from_db()

    handling.complaint_assign(user=officer, complaint=case, officer=officer)
    step("acknowledged", "รับเรื่องแล้ว จะลงพื้นที่ภายในสัปดาห์นี้")
    step("investigating")
    with django_capture_on_commit_callbacks(execute=True):
        visit = inspections.inspection_create(
            user=officer,
            visited_at=timezone.now() - dt.timedelta(hours=2),
            complaints=[case],
            findings="ระบบดักฝุ่นชำรุด",
            public_summary="ตรวจแล้ว พบระบบดักฝุ่นชำรุด",
        )
    assert visit.establishment == factory and visit.office.code == "PIO86"
    inspections.measurement_add(
        user=officer,
        inspection=visit,
        pollutant="pm25",
        value=Decimal("52.5"),
        unit="ug_m3",
        averaging_period="24h",
        where="ambient",
        measured_at=visit.visited_at,
    )
    inspections.measurement_add(
        user=officer,
        inspection=visit,
        pollutant="particulate",
        value=Decimal("310"),
        unit="mg_m3",
        averaging_period="spot",
        where="stack",
        measured_at=visit.visited_at,
    )
    assert [v.outcome for _m, v in measurements_judged(visit)] == ["exceeds", "no_standard"]
    step("inspected")
    deadline = timezone.localdate() + dt.timedelta(days=30)
    order = inspections.order_create(
        user=officer,
        establishment=factory,
        inspection=visit,
        description="ซ่อมระบบดักฝุ่น",
        deadline=deadline,
    )
    assert list(order.complaints.all()) == [case]
    step("action_ordered")
    assert case.state_due == workdays.add_working_days(deadline, 5, holiday_dates())
    with pytest.raises(ApplicationError) as caught:
        inspections.order_close(user=officer, order=order, status="complied")
    assert caught.value.fields["status"][0].code == "follow_up_needed"
    inspections.inspection_create(
        user=officer, visited_at=timezone.now(), kind="follow_up", follow_up_of=order
    )
    inspections.order_close(user=officer, order=order, status="complied")
    assert Order.objects.get(pk=order.pk).status == "complied"
    explainer = Explainer.objects.get(slug="pm25-haze-and-stack-dust")
    step("resolved", "ซ่อมเสร็จและตรวจติดตามแล้ว", explainer.pk)
    assert case.status == "resolved" and case.closed_at is not None
    assert case.state_due is None and case.expected_date is None
    # One message per public change: received, 5 status changes, the inspection summary.
    assert len(mail.outbox) == 7
    assert "ซ่อมเสร็จและตรวจติดตามแล้ว" in mail.outbox[-1].body
    assert "/explainers/pm25-haze-and-stack-dust/" in mail.outbox[-1].body
    # LINE is not configured here: recorded as skipped, never sent.
    assert set(Notification.objects.filter(complaint=case).values_list("channel", "status")) == {
        ("email", "sent"),
        ("line", "skipped"),
    }
    periods = list(case.periods.values_list("state", flat=True))
    assert periods == [
        "received",
        "acknowledged",
        "investigating",
        "inspected",
        "action_ordered",
        "resolved",
    ]
    public = [line["status"] or line["label"] for line in public_timeline(case.code)]
    assert public[0] == "รับเรื่องร้องเรียนแล้ว" and public[-1] == "แก้ไขแล้ว"

    # The complainant rates and, the problem being back, reopens.
    complainant_services.complaint_rate(complainant=done.complainant, stars=4, comment="ดีขึ้น")
    reopened = complainant_services.complaint_reopen(
        complainant=done.complainant, reason="กลับมามีฝุ่นอีก"
    )
    assert (reopened.status, reopened.reopen_count, reopened.closed_at) == (
        "investigating",
        1,
        None,
    )
    assert case.events.filter(kind="note", text="กลับมามีฝุ่นอีก", is_public=False).count() == 1
    with pytest.raises(ApplicationError) as caught:
        complainant_services.complaint_rate(complainant=done.complainant, stars=5)
    assert caught.value.code == "complaint_open"


def test_rating_and_reopening_close_after_the_period(officer: Any, settings: Any) -> None:
    done = submit()
    handling.complaint_transition(
        user=officer, complaint=done.complaint, to_state="resolved", text="แก้ไขแล้ว"
    )
    Complaint.objects.filter(pk=done.complaint.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=settings.SAPHAN_COMPLAINTS_REOPEN_DAYS + 1)
    )
    done.complainant.refresh_from_db()
    for action in (
        lambda: complainant_services.complaint_rate(complainant=done.complainant, stars=2),
        lambda: complainant_services.complaint_reopen(complainant=done.complainant, reason="x"),
    ):
        with pytest.raises(ApplicationError) as caught:
            action()
        assert caught.value.code == "window_closed"
    with pytest.raises(ApplicationError):
        complainant_services.complaint_rate(complainant=done.complainant, stars=9)


def test_states_only_move_forward_and_closures_say_why(officer: Any) -> None:
    case = submit().complaint
    handling.complaint_transition(user=officer, complaint=case, to_state="investigating")
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_transition(user=officer, complaint=case, to_state="acknowledged")
    assert caught.value.fields["to_state"][0].code == "transition"
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_transition(user=officer, complaint=case, to_state="not_factory_source")
    assert caught.value.fields["text"][0].code == "required"
    with pytest.raises(ApplicationError):
        handling.complaint_transition(user=officer, complaint=case, to_state="duplicate", text="x")
    assert handling.next_states("investigating") == [
        "inspected",
        "action_ordered",
        "not_factory_source",
        "not_substantiated",
        "resolved",
    ]


def test_a_viewer_or_another_province_cannot_move_a_case_and_nothing_changes() -> None:
    case = submit().complaint
    viewer = person("viewer86", "PIO86", "viewer")
    lampang = person("officer52", "PIO52", "officer")
    for user in (viewer, lampang):
        with pytest.raises(ApplicationError) as caught:
            handling.complaint_transition(user=user, complaint=case, to_state="acknowledged")
        assert caught.value.status == 403
    case.refresh_from_db()
    assert case.status == "received" and case.events.count() == 1 and case.periods.count() == 1
    assert not complaint_base_for_user(lampang).filter(pk=case.pk).exists()


def test_forwarding_to_another_province_moves_the_case_and_who_sees_it(
    officer: Any, manager: Any
) -> None:
    done = submit()
    case = done.complaint
    handling.complaint_assign(user=officer, complaint=case, officer=officer)
    handling.complaint_transition(user=officer, complaint=case, to_state="acknowledged")
    chiang_mai = person("manager50", "PIO50", "manager")
    assert privacy.identity_visible_to(manager, case) and not privacy.identity_visible_to(
        chiang_mai, case
    )
    moved = handling.complaint_forward(
        user=officer,
        complaint=case,
        office=Office.objects.get(code="PIO50"),
        reason="เกิดเหตุในเขตจังหวัดเชียงใหม่",
    )
    assert (moved.province_id, moved.office.code, moved.district_id) == ("50", "PIO50", None)
    assert moved.status == "acknowledged" and moved.assigned.count() == 0
    assert complaint_base_for_user(chiang_mai).filter(pk=case.pk).exists()
    assert not complaint_base_for_user(officer).filter(pk=case.pk).exists()
    assert privacy.identity_visible_to(chiang_mai, moved)
    assert not privacy.identity_visible_to(manager, moved)
    line = next(e for e in public_timeline(case.code) if e["kind"] == "forward")
    assert (line["office"], line["text"]) == (
        "สำนักงานอุตสาหกรรมจังหวัดเชียงใหม่",
        "เกิดเหตุในเขตจังหวัดเชียงใหม่",
    )


def test_forwarding_within_the_province_keeps_it(officer: Any) -> None:
    case = submit().complaint
    region = Office.objects.filter(kind="regional", provinces="86").first()
    assert region is not None
    moved = handling.complaint_forward(
        user=officer, complaint=case, office=region, reason="ต้องการผู้เชี่ยวชาญ"
    )
    assert (moved.province_id, moved.office_id) == ("86", region.pk)
    # The regional center handles it now: the provincial office still sees it, no more.
    assert complaint_base_for_user(officer).filter(pk=case.pk).exists()
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_note(user=officer, complaint=moved, text="ยังอยู่ไหม")
    assert caught.value.status == 403
    assert str(caught.value) == (f"เฉพาะสำนักงานที่รับผิดชอบเรื่องนี้ ({region.name_th}) เท่านั้นที่ทำได้")
    expert = person("expert", region.code, "officer")
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_forward(user=expert, complaint=moved, office=region, reason="x")
    assert caught.value.fields["office"][0].code == "same_office"


def test_another_office_covering_the_province_sees_a_case_but_does_not_handle_it(
    officer: Any, manager: Any
) -> None:
    """A regional center covers Chumphon too: it may see the province's cases, but handling,
    merging and being assigned (and so seeing who complained) are the responsible office's."""
    case, other = submit().complaint, submit().complaint
    region = Office.objects.filter(kind="regional", provinces="86").first()
    assert region is not None
    outsider = person("region.officer", region.code, "officer")
    assert complaint_base_for_user(outsider).filter(pk=case.pk).exists()
    for act in (
        lambda: handling.complaint_note(user=outsider, complaint=case, text="x"),
        lambda: handling.complaint_transition(
            user=outsider, complaint=case, to_state="acknowledged"
        ),
        lambda: handling.complaint_merge(user=outsider, duplicate=case, into=other),
        lambda: handling.complaint_assign(user=outsider, complaint=case, officer=outsider),
    ):
        with pytest.raises(ApplicationError) as caught:
            act()
        assert caught.value.status == 403
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_assign(user=manager, complaint=case, officer=outsider)
    assert caught.value.fields["officer"][0].code == "not_officer"
    assert not privacy.identity_visible_to(outsider, case)
    case.refresh_from_db()
    assert (case.status, case.assigned.count(), case.events.count()) == ("received", 0, 1)


def test_referral_and_escalation(officer: Any, manager: Any) -> None:
    case = submit().complaint
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_escalate(user=officer, complaint=case, reason="ร้องเรียนซ้ำหลายครั้ง")
    assert caught.value.status == 403
    handling.complaint_escalate(user=manager, complaint=case, reason="ร้องเรียนซ้ำหลายครั้ง")
    case.refresh_from_db()
    assert case.escalated_at is not None
    referred = handling.complaint_refer(
        user=officer,
        complaint=case,
        agency="อบต.ท่าตะเภา",
        level="local",
        reason="เป็นการเผาขยะในที่ดินเอกชน",
    )
    assert (referred.status, referred.referral_level) == ("referred", "local")
    row = public_get(case.code)
    assert row is not None and row.is_closed and row.escalated
    line = next(e for e in public_timeline(case.code) if e["kind"] == "refer")
    assert (line["agency"], line["level"]) == ("อบต.ท่าตะเภา", "องค์กรปกครองส่วนท้องถิ่นในจังหวัด")


def test_merging_a_duplicate_keeps_its_complainants_informed(
    officer: Any, immediate_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    main = submit(who={"email": "first@example.org"}).complaint
    dup_done = submit(who={"email": "second@example.org"})
    dup = dup_done.complaint
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handling.complaint_merge(user=officer, duplicate=dup, into=main)
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    assert main.code in mail.outbox[0].body
    dup.refresh_from_db()
    assert (dup.status, dup.merged_into_id) == ("duplicate", main.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handling.complaint_update(user=officer, complaint=main, text="นัดตรวจวันพฤหัส")
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.org", "second@example.org"]
    assert public_get(main.code).people == 2  # type: ignore[union-attr]
    # The duplicate's complainant acts on the case that stays.
    assert complainant_services.case_of(dup_done.complainant) == main
    with pytest.raises(ApplicationError):
        handling.complaint_merge(user=officer, duplicate=main, into=main)


def test_a_forward_there_and_back_leaves_a_late_case_late(officer: Any) -> None:
    case = intake_services.complaint_submit(
        intake=intake(), contact=contact(), received_at=timezone.now() - dt.timedelta(days=20)
    ).complaint
    due = case.state_due
    assert due is not None and due < timezone.localdate()
    region = Office.objects.filter(kind="regional", provinces="86").first()
    assert region is not None
    expert = person("expert", region.code, "officer")
    there = handling.complaint_forward(user=officer, complaint=case, office=region, reason="ขอ")
    back = handling.complaint_forward(
        user=expert, complaint=there, office=Office.objects.get(code="PIO86"), reason="คืน"
    )
    back.refresh_from_db()
    assert (back.office.code, back.state_due) == ("PIO86", due)
    row = public_get(case.code)
    assert row is not None and row.is_overdue


def test_merging_stays_within_one_province_and_office(officer: Any) -> None:
    here = submit().complaint
    region = Office.objects.filter(kind="regional", provinces="86").first()
    assert region is not None
    elsewhere = handling.complaint_forward(
        user=officer, complaint=submit().complaint, office=region, reason="ขอความเห็น"
    )
    both = person("both", "PIO86", "officer")
    Membership.objects.create(user=both, office=region, role="officer")
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_merge(user=both, duplicate=here, into=elsewhere)
    assert [e.code for e in caught.value.fields["into"]] == ["other_office"]
    here.refresh_from_db()
    assert (here.status, here.merged_into_id) == ("received", None)


def test_a_corrected_place_must_be_in_thailand(officer: Any) -> None:
    case = submit().complaint
    for lat, lon in [(Decimal("999"), Decimal("-500")), (Decimal("NaN"), Decimal("99.2"))]:
        with pytest.raises(ApplicationError) as caught:
            handling.complaint_set_place(
                user=officer, complaint=case, subdistrict=None, latitude=lat, longitude=lon
            )
        assert [e.code for e in caught.value.fields["location"]] == ["point_outside"]
    case.refresh_from_db()
    assert (case.latitude, case.longitude) == (Decimal("10.493817"), Decimal("99.180426"))
    handling.complaint_set_place(
        user=officer,
        complaint=case,
        subdistrict=None,
        latitude=Decimal("10.5"),
        longitude=Decimal("99.2"),
    )
    case.refresh_from_db()
    assert (case.latitude, case.public_lat) == (Decimal("10.500000"), Decimal("10.5050"))


def test_a_closed_case_is_not_escalated(officer: Any, manager: Any) -> None:
    case = submit().complaint
    handling.complaint_transition(user=officer, complaint=case, to_state="resolved", text="แล้ว")
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_escalate(user=manager, complaint=case, reason="ซ้ำ")
    assert caught.value.code == "complaint_closed"
    case.refresh_from_db()
    assert case.escalated_at is None


def test_templates_with_a_lone_brace_or_an_unknown_field_are_refused(officer: Any) -> None:
    office = Office.objects.get(code="PIO86")
    base = {"title": "t", "state": "", "category": "", "office": office, "active": True}
    cases = [
        ("เรื่อง {code} ราคา {", "body_th", "A brace { or } on its own"),
        ("{0} and {}", "body_th", "Unknown field {0}"),
        ("Case {name}", "body_en", "Unknown field {name}"),
    ]
    for body, field, starts in cases:
        data = {**base, "body_th": "ก", "body_en": "", field: body}
        with translation.override("en"), pytest.raises(ApplicationError) as caught:
            content.template_save(user=officer, template=None, data=data)
        [error] = caught.value.fields[field]
        assert str(error.message).startswith(starts), error.message
    saved = content.template_save(
        user=officer,
        template=None,
        data={**base, "body_th": "เรื่อง {code} คาดว่าเสร็จ {expected_date} {{ราคา}}"},
    )
    case = submit().complaint
    filled = template_render(saved, case)
    assert filled.startswith(f"เรื่อง {case.code} คาดว่าเสร็จ ") and filled.endswith(" {ราคา}")
    # One saved before the check came in is given as it is, not a server error.
    ResponseTemplate.objects.filter(pk=saved.pk).update(body_th="ราคา {")
    saved.refresh_from_db()
    assert template_render(saved, case) == "ราคา {"


def test_a_manager_takes_back_a_closing_made_by_mistake(officer: Any, manager: Any) -> None:
    case = intake_services.complaint_submit(
        intake=intake(), contact=contact(), received_at=timezone.now() - dt.timedelta(days=20)
    ).complaint
    handling.complaint_transition(user=officer, complaint=case, to_state="acknowledged")
    handling.complaint_transition(user=officer, complaint=case, to_state="investigating")
    case.refresh_from_db()
    due = case.state_due
    handling.complaint_transition(user=officer, complaint=case, to_state="resolved", text="แล้ว")
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_undo_closing(user=officer, complaint=case, reason="กดผิด")
    assert caught.value.status == 403
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_undo_closing(user=manager, complaint=case, reason=" ")
    assert [e.code for e in caught.value.fields["reason"]] == ["required"]
    back = handling.complaint_undo_closing(user=manager, complaint=case, reason="ปิดผิดเรื่อง")
    back.refresh_from_db()
    assert (back.status, back.state_due, back.closed_at) == ("investigating", due, None)
    line = [e for e in public_timeline(case.code) if e["kind"] == "reopen"][-1]
    assert line["text"] == "ปิดผิดเรื่อง"
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_undo_closing(user=manager, complaint=back, reason="อีกครั้ง")
    assert [e.code for e in caught.value.fields["reason"]] == ["not_closed"]
    referred = handling.complaint_refer(
        user=officer, complaint=submit().complaint, agency="อบต.", level="local", reason="ของท้องถิ่น"
    )
    undone = handling.complaint_undo_closing(user=manager, complaint=referred, reason="ผิดหน่วย")
    assert (undone.status, undone.referral_level) == ("received", "")
    kept, dup = submit().complaint, submit().complaint
    handling.complaint_merge(user=officer, duplicate=dup, into=kept)
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_undo_closing(user=manager, complaint=dup, reason="x")
    assert [e.code for e in caught.value.fields["reason"]] == ["merged"]
