"""Who sees a complainant's identity (and that each view is logged), what officers' exports and
the establishment's representative see, anonymisation after closure, and personal-data
requests with their 30-day clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from saphan.complaints.models import (
    Assignment,
    Complainant,
    Complaint,
    IdentityAccess,
    Photo,
    Rating,
)
from saphan.complaints.panels import complaints_panel
from saphan.complaints.selectors.staff import complaint_base_for_user
from saphan.complaints.selectors.staff import identity_access_for_user as privacy_log
from saphan.complaints.services import complainant as complainant_services
from saphan.complaints.services import handling, privacy
from saphan.complaints.services import intake as intake_services
from saphan.complaints.tests.helpers import jpeg, submit
from saphan.core.errors import ApplicationError
from saphan.core.jobs import job_run
from saphan.core.models import Job, Office
from saphan.core.tests.factories import PASSWORD, person
from saphan.registry import services as registry_services
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db
WHO = {"name": "มาลี ร้องเรียน", "email": "malee@example.org", "phone": "0811112222"}


def test_identity_only_for_assigned_officers_and_the_offices_managers() -> None:
    case = submit(who=WHO).complaint
    assigned = person("assigned", "PIO86", "officer")
    other_officer = person("other", "PIO86", "officer")
    viewer = person("viewer", "PIO86", "viewer")
    manager = person("manager", "PIO86", "manager")
    region = person("region", "IPC10", "manager")
    department = person("dept", "DIP", "manager")
    lampang = person("lampang", "PIO52", "manager")
    handling.complaint_assign(user=assigned, complaint=case, officer=assigned)
    allowed = {
        u.username
        for u in (assigned, other_officer, viewer, manager, region, department, lampang)
        if privacy.identity_visible_to(u, case)
    }
    assert allowed == {"assigned", "manager"}
    for user in (other_officer, viewer, region, department, lampang):
        with pytest.raises(ApplicationError) as caught:
            privacy.identity_open(user=user, complaint=case, context="page")
        assert caught.value.status == 403
    assert IdentityAccess.objects.count() == 0
    people = privacy.identity_open(user=assigned, complaint=case, context="page")
    assert [(p.name, p.email) for p in people] == [("มาลี ร้องเรียน", "malee@example.org")]
    log = IdentityAccess.objects.get()
    assert (log.user, log.complaint, log.context) == (assigned, case, "page")


def test_the_case_page_shows_identity_on_request_and_logs_it(client: Client) -> None:
    case = submit(who=WHO).complaint
    manager = person("manager", "PIO86", "manager")
    viewer = person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)
    page = client.get(f"/complaints/{case.code}/").content.decode()
    assert "มาลี" not in page and "malee@example.org" not in page and "show-identity" not in page
    assert client.get(f"/complaints/{case.code}/identity/").status_code == 403
    client.login(username="manager", password=PASSWORD)
    page = client.get(f"/complaints/{case.code}/").content.decode()
    assert "show-identity" in page and "malee@example.org" not in page
    assert IdentityAccess.objects.count() == 0
    shown = client.get(f"/complaints/{case.code}/identity/")
    assert "no-store" in shown["Cache-Control"] and "private" in shown["Cache-Control"]
    fragment = shown.content.decode()
    assert "malee@example.org" in fragment and "0811112222" in fragment
    assert list(IdentityAccess.objects.values_list("user__username", "context")) == [
        ("manager", "page")
    ]
    api = client.get(f"/api/v1/complaints/complaints/{case.code}/identity")
    assert api.json()[0]["email"] == "malee@example.org"
    assert IdentityAccess.objects.filter(user=manager, context="api").count() == 1
    assert viewer.pk  # the viewer's attempt left no log
    assert not IdentityAccess.objects.filter(user=viewer).exists()


def test_exports_and_the_case_list_api_never_carry_identity(client: Client) -> None:
    submit(who=WHO, description="คำพูดของผู้ร้อง")
    person("manager", "PIO86", "manager")
    client.login(username="manager", password=PASSWORD)
    for url in (
        "/complaints/export/?format=csv",
        "/complaints/dashboard/export/?format=csv",
        "/api/v1/complaints/complaints",
    ):
        body = client.get(url).content.decode("utf-8")
        assert "มาลี" not in body and "malee@example.org" not in body and "0811112222" not in body
    xlsx = client.get("/complaints/export/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_establishment_never_sees_complaints_about_it() -> None:
    manager = person("manager", "PIO86", "manager")
    factory = establishment("บริษัท ถูกร้อง จำกัด")
    case = submit(establishment_id=factory.pk, who=WHO).complaint
    registry_services.representative_add(
        user=manager,
        establishment=factory,
        username="rep",
        first_name="ตัวแทน",
        email="rep@example.test",
        password=PASSWORD,
    )
    from saphan.core.models import User

    rep = User.objects.get(username="rep")
    assert not complaint_base_for_user(rep).exists()
    assert complaints_panel(rep, factory) is None
    panel = complaints_panel(manager, factory)
    assert panel is not None and panel.context["complaint_total"] == 1
    client = Client()
    client.login(username="rep", password=PASSWORD)
    assert client.get(f"/complaints/{case.code}/").status_code in (403, 404)
    page = client.get(f"/registry/{factory.pk}/").content.decode()
    assert case.code not in page and "เรื่องร้องเรียนและการตรวจ" not in page
    assert client.get("/api/v1/complaints/complaints").json()["items"] == []


def test_anonymisation_after_the_set_days_by_the_job_and_the_command(settings: Any) -> None:
    officer = person("officer", "PIO86", "officer")
    old = submit(who=WHO, photos=[jpeg()], health_details="ไอ", health_consent=True)
    recent = submit(who=WHO)
    open_case = submit(who=WHO)
    for done in (old, recent):
        handling.complaint_transition(
            user=officer, complaint=done.complaint, to_state="resolved", text="แก้ไขแล้ว"
        )
    Photo.objects.filter(complaint=old.complaint).update(is_public=False)
    Complaint.objects.filter(pk=old.complaint.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=settings.SAPHAN_COMPLAINTS_ANONYMISE_DAYS + 1)
    )
    job = Job.objects.create(kind="complaints.anonymise")
    assert job_run(str(job.pk)) == "succeeded"
    job.refresh_from_db()
    assert job.result == {"complaints": 1, "people": 1}
    person_ = Complainant.objects.get(complaint=old.complaint)
    assert (
        person_.name,
        person_.email,
        person_.phone,
        person_.health_details,
        person_.key_salt,
    ) == ("", "", "", "", "")
    assert person_.anonymised_at is not None
    case = Complaint.objects.get(pk=old.complaint.pk)
    assert (case.latitude, case.longitude, case.address_text) == (None, None, "")
    assert case.public_lat is not None  # the public grid point stays for the statistics
    assert not Photo.objects.filter(complaint=case).exists()
    for other in (recent, open_case):
        assert Complainant.objects.get(complaint=other.complaint).email == "malee@example.org"
    # Idempotent, and the command runs the same thing.
    call_command("complaints", "anonymise")
    assert Complainant.objects.filter(anonymised_at__isnull=False).count() == 1
    # The key stops working with the identity.
    from saphan.complaints.services.keys import complainant_by_key

    assert complainant_by_key(case, old.key) is None


def test_personal_data_requests_copy_and_erasure_within_30_days() -> None:
    done = submit(who=WHO)
    case = done.complaint
    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    copy = privacy.request_create(complainant=done.complainant, kind="copy")
    assert copy.due_on == timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(ApplicationError) as caught:
        privacy.request_create(complainant=done.complainant, kind="copy")
    assert caught.value.code == "request_open"
    with pytest.raises(ApplicationError) as caught:
        privacy.request_complete(user=officer, request=copy)  # not assigned, not a manager
    assert caught.value.status == 403
    answered = privacy.request_complete(user=manager, request=copy)
    assert answered.status == "done" and answered.copy is not None
    assert (answered.copy["name"], answered.copy["email"], answered.copy["tracking_code"]) == (
        "มาลี ร้องเรียน",
        "malee@example.org",
        case.code,
    )
    client = Client()
    own = f"/track/{case.code}/k/{done.key}/"
    download = client.get(f"{own}?download=copy")
    assert download.json()["email"] == "malee@example.org"
    erasure = privacy.request_create(complainant=done.complainant, kind="erasure")
    overdue = type(erasure).objects.filter(pk=erasure.pk)
    overdue.update(due_on=timezone.localdate() - dt.timedelta(days=1))
    assert overdue.get().is_overdue
    privacy.request_complete(user=manager, request=erasure)
    done.complainant.refresh_from_db()
    assert (done.complainant.name, done.complainant.email) == ("", "")
    gone = client.get(own)
    assert gone.status_code == 404  # the link went with the identity; the page says so
    assert 'data-testid="link-gone"' in gone.content.decode()
    assert f'href="/track/{case.code}/"' in gone.content.decode()
    assert "malee@example.org" not in gone.content.decode()
    assert IdentityAccess.objects.filter(context="request").count() == 2


def test_refusing_a_request_needs_the_legal_reason() -> None:
    done = submit(who=WHO)
    manager = person("manager", "PIO86", "manager")
    request = privacy.request_create(complainant=done.complainant, kind="erasure")
    with pytest.raises(ApplicationError) as caught:
        privacy.request_complete(user=manager, request=request, refuse=True)
    assert caught.value.fields["note"][0].code == "required"
    refused = privacy.request_complete(
        user=manager, request=request, refuse=True, note="อยู่ระหว่างการดำเนินคดี"
    )
    assert refused.status == "refused"
    done.complainant.refresh_from_db()
    assert done.complainant.email == "malee@example.org"
    assert complainant_services.case_of(done.complainant) == done.complaint


def test_superusers_and_department_or_region_roles_do_not_see_identity(client: Client) -> None:
    """Seeing every case is not seeing who complained: only one's own memberships count."""
    done = submit(who=WHO)
    case = done.complaint
    manager = person("manager", "PIO86", "manager")
    superuser = person("root", is_superuser=True, is_staff=True)
    department = person("dept", "DIP", "administrator")
    region = person("region", "IPC10", "manager")
    region_viewer = person("rviewer", "IPC10", "viewer")
    request = privacy.request_create(complainant=done.complainant, kind="erasure")
    # A superuser who is no officer of the province is not given the case either.
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_assign(user=manager, complaint=case, officer=superuser)
    assert caught.value.fields["officer"][0].code == "not_officer"
    for user in (superuser, department, region, region_viewer):
        assert not privacy.identity_visible_to(user, case), user.username
        with pytest.raises(ApplicationError) as caught:
            privacy.identity_open(user=user, complaint=case, context="page")
        assert caught.value.status == 403
        client.force_login(user)
        assert client.get(f"/complaints/{case.code}/identity/").status_code == 403
        api = client.get(f"/api/v1/complaints/complaints/{case.code}/identity")
        assert api.status_code in (403, 404)
        assert "malee@example.org" not in api.content.decode()
    for user in (superuser, department, region):
        client.force_login(user)
        body = client.get(f"/complaints/{case.code}/").content.decode()
        assert "show-identity" not in body and "malee@example.org" not in body
        with pytest.raises(ApplicationError) as caught:
            privacy.request_complete(user=user, request=request)
        assert caught.value.status == 403
    # Nothing logged, nothing changed.
    assert IdentityAccess.objects.count() == 0
    assert not Assignment.objects.filter(complaint=case).exists()
    request.refresh_from_db()
    done.complainant.refresh_from_db()
    assert (request.status, request.handled_by) == ("open", None)
    assert (done.complainant.name, done.complainant.email) == ("มาลี ร้องเรียน", "malee@example.org")
    # The log of views: the office's manager sees it, the superuser does not.
    privacy.identity_open(user=manager, complaint=case, context="page")
    client.force_login(superuser)
    assert case.code not in client.get("/complaints/privacy/").content.decode()
    assert not privacy_log(superuser).exists() and not privacy_log(department).exists()
    assert [a.user for a in privacy_log(manager)] == [manager]


def test_the_manager_of_the_office_a_case_is_forwarded_to_sees_identity() -> None:
    case = submit(who=WHO).complaint
    officer = person("officer", "PIO86", "officer")
    chumphon = person("manager86", "PIO86", "manager")
    region = person("region", "IPC10", "manager")
    lampang = person("manager52", "PIO52", "manager")
    assert privacy.identity_visible_to(chumphon, case)
    assert not privacy.identity_visible_to(region, case)
    # Within the province, to the regional center: its managers see it now.
    case = handling.complaint_forward(
        user=officer, complaint=case, office=Office.objects.get(code="IPC10"), reason="เกินกำลัง"
    )
    assert privacy.identity_visible_to(region, case)
    assert not privacy.identity_visible_to(lampang, case)
    # To another province's office: its managers see it, the first office's no longer do.
    case = handling.complaint_forward(
        user=region, complaint=case, office=Office.objects.get(code="PIO52"), reason="เกิดที่ลำปาง"
    )
    assert privacy.identity_visible_to(lampang, case)
    assert not privacy.identity_visible_to(chumphon, case)
    people = privacy.identity_open(user=lampang, complaint=case, context="page")
    assert [p.email for p in people] == ["malee@example.org"]
    assert [a.user for a in privacy_log(lampang)] == [lampang]


def test_their_other_words_go_with_the_identity(settings: Any) -> None:
    """A reopening's reason and a rating's comment may name people: anonymisation and an
    erasure remove them too."""
    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    words = "นายสมชาย โทร 0899990000 ยังเผาอยู่"
    cases = [submit(who=WHO), submit(who=WHO)]
    for done in cases:
        handling.complaint_transition(
            user=officer, complaint=done.complaint, to_state="resolved", text="แก้ไขแล้ว"
        )
        complainant_services.complaint_rate(complainant=done.complainant, stars=2, comment=words)
        complainant_services.complaint_reopen(complainant=done.complainant, reason=words)
        handling.complaint_transition(
            user=officer, complaint=done.complaint, to_state="resolved", text="แก้ไขอีกครั้ง"
        )

    def remaining(case: Complaint) -> list[str]:
        texts = [e.text for e in case.events.all() if "0899990000" in e.text]
        comments = [r.comment for r in Rating.objects.filter(complaint=case) if r.comment]
        return texts + comments

    assert [len(remaining(done.complaint)) for done in cases] == [2, 2]
    closed, erased = cases
    Complaint.objects.filter(pk=closed.complaint.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=settings.SAPHAN_COMPLAINTS_ANONYMISE_DAYS + 1)
    )
    privacy.anonymise_due()
    assert remaining(closed.complaint) == []
    request = privacy.request_create(complainant=erased.complainant, kind="erasure")
    privacy.request_complete(user=manager, request=request)
    assert remaining(erased.complaint) == []
    notes = erased.complaint.events.filter(data__from_complainant=True)
    assert [e.text for e in notes] == ["(ลบแล้วตามคำขอของผู้เขียน)"]


def test_another_office_sees_a_case_without_the_complainants_words_or_place(
    client: Client,
) -> None:
    officer = person("officer", "PIO86", "officer")
    person("viewer86", "PIO86", "viewer")
    region = Office.objects.filter(kind="regional", provinces="86").first()
    assert region is not None
    person("region.officer", region.code, "officer")
    words = "นายสมชาย ข้างบ้านเลขที่ 12 เผาขยะทุกคืน"
    done = submit(who=WHO, description=words, address_text="บ้านเลขที่ 14 ซอยวัด")
    case = done.complaint
    handling.complaint_transition(user=officer, complaint=case, to_state="resolved", text="แล้ว")
    complainant_services.complaint_rate(
        complainant=done.complainant, stars=1, comment="ช้ามาก โทร 0811110000"
    )
    complainant_services.complaint_reopen(complainant=done.complainant, reason="ยังเผาอยู่ 0899990000")
    exact = str(case.latitude)
    private = intake_services.photo_add(
        complaint=case, uploads=[jpeg()], complainant=done.complainant
    )[0]

    def seen(username: str) -> tuple[str, dict[str, Any], list[str]]:
        client.login(username=username, password=PASSWORD)
        page = client.get(f"/complaints/{case.code}/").content.decode()
        api = client.get(f"/api/v1/complaints/complaints/{case.code}").json()
        found = client.get("/api/v1/complaints/complaints?q=สมชาย").json()["items"]
        return page, api, [c["code"] for c in found]

    page, api, found = seen("region.officer")
    for secret in (words, "บ้านเลขที่ 14", "0899990000", "0811110000", exact):
        assert secret not in page, secret
    assert f"/complaints/photos/{private.pk}" not in page
    assert client.get(f"/complaints/photos/{private.pk}/").status_code == 404
    assert (api["description"], api["address_text"], api["latitude"]) == ("", "", None)
    assert all("0899990000" not in e["text"] for e in api["timeline"])
    assert found == []  # the search does not tell what they wrote
    page, api, found = seen("viewer86")
    assert words in page and "0899990000" in page and "0811110000" in page and exact in page
    assert client.get(f"/complaints/photos/{private.pk}/").status_code == 200
    assert (api["description"], found) == (words, [case.code])


def test_a_forward_within_the_province_ends_the_old_assignees_view_of_who_complained() -> None:
    officer = person("officer", "PIO86", "officer")
    case = submit(who=WHO).complaint
    handling.complaint_assign(user=officer, complaint=case, officer=officer)
    assert privacy.identity_visible_to(officer, case)
    region = Office.objects.filter(kind="regional", provinces="86").first()
    assert region is not None
    moved = handling.complaint_forward(user=officer, complaint=case, office=region, reason="ขอ")
    assert moved.assigned.count() == 0
    assert not privacy.identity_visible_to(officer, moved)
    with pytest.raises(ApplicationError):
        privacy.identity_open(user=officer, complaint=moved, context="page")


def test_an_erasure_removes_reopen_reasons_recorded_before_they_named_their_person() -> None:
    manager = person("manager", "PIO86", "manager")
    done = submit(who=WHO)
    legacy = done.complaint.events.create(
        kind="note", text="เหตุผลเก่า 0899990000", data={"from_complainant": True}
    )
    request = privacy.request_create(complainant=done.complainant, kind="erasure")
    privacy.request_complete(user=manager, request=request)
    legacy.refresh_from_db()
    assert legacy.text == str(privacy.ERASED_WORDS)


def test_the_closing_of_an_anonymised_case_is_not_taken_back() -> None:
    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    case = submit(who=WHO).complaint
    handling.complaint_transition(user=officer, complaint=case, to_state="resolved", text="แล้ว")
    privacy.complaint_anonymise(case)
    case.refresh_from_db()
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_undo_closing(user=manager, complaint=case, reason="ปิดผิด")
    assert [e.code for e in caught.value.fields["reason"]] == ["anonymised"]
    case.refresh_from_db()
    assert case.status == "resolved"


def test_erasing_a_duplicates_complainant_removes_their_words_on_the_case_it_joined() -> None:
    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    staying, duplicate = submit(who=WHO), submit(who={"name": "ซีบีดายา", "phone": "0898765432"})
    handling.complaint_merge(user=manager, duplicate=duplicate.complaint, into=staying.complaint)
    handling.complaint_transition(
        user=officer, complaint=staying.complaint, to_state="resolved", text="แก้ไขแล้ว"
    )
    # The duplicate's complainant reopens the case it joined: the note is recorded there.
    complainant_services.complaint_reopen(
        complainant=duplicate.complainant, reason="ยังเหม็นอยู่ โทร 0898765432"
    )
    note = staying.complaint.events.get(data__from_complainant=True)
    assert note.text == "ยังเหม็นอยู่ โทร 0898765432"
    request = privacy.request_create(complainant=duplicate.complainant, kind="erasure")
    privacy.request_complete(user=manager, request=request)
    note.refresh_from_db()
    assert note.text == str(privacy.ERASED_WORDS)
    assert Complainant.objects.get(pk=staying.complainant.pk).name == WHO["name"]


def test_a_duplicate_is_anonymised_on_the_schedule_of_the_case_it_joined(settings: Any) -> None:
    """Its complainants follow the staying case: they keep their updates and their link while
    that case is open, however long ago the merge was."""
    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    staying, duplicate = submit(who=WHO), submit(who={"name": "ผู้ติดตาม", "email": "f@example.org"})
    handling.complaint_merge(user=manager, duplicate=duplicate.complaint, into=staying.complaint)
    long_ago = timezone.now() - dt.timedelta(days=settings.SAPHAN_COMPLAINTS_ANONYMISE_DAYS + 10)
    Complaint.objects.filter(pk=duplicate.complaint.pk).update(closed_at=long_ago)
    assert privacy.anonymise_due() == {"complaints": 0, "people": 0}
    follower = Complainant.objects.get(pk=duplicate.complainant.pk)
    assert (follower.name, follower.email, follower.wants_updates) == (
        "ผู้ติดตาม",
        "f@example.org",
        True,
    )
    # Once the staying case has been closed for the set days, both go.
    handling.complaint_transition(
        user=officer, complaint=staying.complaint, to_state="resolved", text="แก้ไขแล้ว"
    )
    Complaint.objects.filter(pk=staying.complaint.pk).update(closed_at=long_ago)
    assert privacy.anonymise_due() == {"complaints": 2, "people": 2}
    follower.refresh_from_db()
    assert (follower.name, follower.email, follower.anonymised_at is not None) == ("", "", True)


def test_a_private_links_key_never_reaches_the_log(client: Client) -> None:
    """Through every handler the settings configure, on every logger that writes request
    paths: Django's request log (a 404), the development server's request lines."""
    import io
    import logging

    names = ("", "django", "django.request", "django.server")
    loggers = [logging.getLogger(name) for name in names]
    handlers = {
        h
        for logger in loggers
        for h in logger.handlers
        if isinstance(h, logging.StreamHandler) and not type(h).__module__.startswith("_pytest")
    }
    assert handlers
    case = submit(who=WHO).complaint
    written = io.StringIO()
    before = {h: h.setStream(written) for h in handlers}
    try:
        assert client.get(f"/track/{case.code}/k/secretkey12345/").status_code == 404
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /track/{case.code}/k/secretkey12345/ HTTP/1.1", "200", "512"
        )
    finally:
        for h, stream in before.items():
            h.setStream(stream)
    lines = written.getvalue()
    assert f"Not Found: /track/{case.code}/k/[key]/" in lines
    assert f'"GET /track/{case.code}/k/[key]/ HTTP/1.1" 200 512' in lines
    assert "secretkey12345" not in lines


def test_the_own_page_says_why_an_action_it_does_not_offer_was_refused(client: Client) -> None:
    done = submit(who=WHO)
    own = f"/track/{done.complaint.code}/k/{done.key}/"
    page = client.get(own)
    assert page["Cache-Control"] == "no-store"
    # Rating an open case: the page draws no rating form, so the refusal is said at the top.
    client.cookies["saphan_language"] = "en"
    refused = client.post(own, {"action": "rate", "rate-stars": "4"})
    assert refused.status_code == 422
    assert refused.context["page_error"] == (
        "The complaint is still being handled: you can rate it once it is closed."
    )
    assert '<p class="errorlist" role="alert">The complaint is still being handled' in (
        refused.content.decode()
    )


def test_erasing_the_reporter_removes_what_they_wrote_and_showed(client: Client) -> None:
    """As anonymisation would for them: the description, the address, the exact point and the
    photos not made public (an officer's photo stays); the case stays at its grid point."""
    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    done = submit(
        who=WHO, photos=[jpeg()], description="บ้านนายสมชาย โทร 0899990000", address_text="บ้าน 99"
    )
    case = done.complaint
    staff_photo = intake_services.photo_add(complaint=case, uploads=[jpeg()], staff=officer)[0]
    grid = (case.public_lat, case.public_lon)
    follower = intake_services.complaint_follow(
        complaint=case, contact=intake_services.Contact(name="เพื่อนบ้าน", email="n@example.org")
    )
    # A supporter's erasure leaves the report as it is.
    request = privacy.request_create(complainant=follower.complainant, kind="erasure")
    privacy.request_complete(user=manager, request=request)
    case.refresh_from_db()
    assert (case.description, case.address_text) == ("บ้านนายสมชาย โทร 0899990000", "บ้าน 99")
    request = privacy.request_create(complainant=done.complainant, kind="erasure")
    privacy.request_complete(user=manager, request=request)
    case.refresh_from_db()
    assert (case.description, case.address_text, case.latitude, case.longitude) == (
        "(ลบแล้วตามคำขอของผู้เขียน)",
        "",
        None,
        None,
    )
    assert (case.public_lat, case.public_lon) == grid
    assert list(Photo.objects.filter(complaint=case)) == [staff_photo]
    assert case.status == "received"


def test_the_copy_holds_their_reopenings_messages_and_when_the_office_saw_who_they_are(
    settings: Any,
) -> None:
    from saphan.complaints.notify import event_notify

    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    done = submit(who=WHO)
    case = done.complaint
    event_notify(case.events.get(kind="received").pk)
    handling.complaint_transition(user=officer, complaint=case, to_state="resolved", text="แล้ว")
    complainant_services.complaint_reopen(complainant=done.complainant, reason="ยังมีกลิ่น")
    privacy.identity_open(user=manager, complaint=case, context="page")
    copy = privacy.request_complete(
        user=manager, request=privacy.request_create(complainant=done.complainant, kind="copy")
    ).copy
    assert copy is not None
    assert [r["text"] for r in copy["reopen_reasons"]] == ["ยังมีกลิ่น"]
    assert [(m["channel"], m["status"]) for m in copy["messages"]] == [("email", "sent")]
    assert [v["context"] for v in copy["identity_viewed"]] == ["page"]
    assert "manager" not in str(copy["identity_viewed"])


def test_a_rating_may_be_changed_and_the_page_says_so(client: Client) -> None:
    officer = person("officer", "PIO86", "officer")
    done = submit(who=WHO)
    handling.complaint_transition(
        user=officer, complaint=done.complaint, to_state="resolved", text="แล้ว"
    )
    own = f"/track/{done.complaint.code}/k/{done.key}/"
    assert 'data-testid="rated"' not in client.get(own).content.decode()
    client.cookies["saphan_language"] = "en"
    sent = client.post(own, {"action": "rate", "rate-stars": "5", "rate-comment": "ดีมาก"})
    assert sent.status_code == 302
    page = client.get(own).content.decode()
    assert (
        '<p data-testid="rated">You gave 5 stars: sending the form again changes your rating.</p>'
        in page
    )
    assert client.post(own, {"action": "rate", "rate-stars": "2"}).status_code == 302
    assert list(Rating.objects.values_list("stars", "comment")) == [(2, "")]
    page = client.get(own).content.decode()
    import re

    assert "You gave 2 stars" in page
    checked = re.findall(r'<input type="radio" name="rate-stars" value="(\d)"[^>]*checked', page)
    assert checked == ["2"]


def test_a_duplicates_complainants_copy_holds_what_they_did_on_the_case_it_joined() -> None:
    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    staying, duplicate = submit(who=WHO), submit(who={"name": "ผู้แจ้งซ้ำ", "email": "d@example.org"})
    handling.complaint_merge(user=manager, duplicate=duplicate.complaint, into=staying.complaint)
    handling.complaint_transition(
        user=officer, complaint=staying.complaint, to_state="resolved", text="แล้ว"
    )
    complainant_services.complaint_rate(complainant=duplicate.complainant, stars=4, comment="ดี")
    privacy.identity_open(user=manager, complaint=staying.complaint, context="page")
    copy = privacy.request_complete(
        user=manager, request=privacy.request_create(complainant=duplicate.complainant, kind="copy")
    ).copy
    assert copy is not None
    assert copy["ratings"] == [{"stars": 4, "comment": "ดี"}]
    assert [v["context"] for v in copy["identity_viewed"]] == ["page"]


def test_an_erasure_takes_the_photos_the_person_sent_and_only_theirs() -> None:
    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    staying = submit(who=WHO, photos=[jpeg()])
    duplicate = submit(who={"name": "ผู้แจ้งซ้ำ", "email": "d@example.org"})
    handling.complaint_merge(user=manager, duplicate=duplicate.complaint, into=staying.complaint)
    follower = intake_services.complaint_follow(
        complaint=staying.complaint, contact=intake_services.Contact(name="เพื่อนบ้าน")
    )
    case = staying.complaint
    by_follower = intake_services.photo_add(
        complaint=case, uploads=[jpeg()], complainant=follower.complainant
    )[0]
    by_duplicate = intake_services.photo_add(
        complaint=case, uploads=[jpeg()], complainant=duplicate.complainant
    )[0]
    by_officer = intake_services.photo_add(complaint=case, uploads=[jpeg()], staff=officer)[0]
    from_form = Photo.objects.get(complaint=case, added_by_complainant=staying.complainant)
    # The duplicate's reporter: their photo on the case theirs joined goes; the rest stays.
    request = privacy.request_create(complainant=duplicate.complainant, kind="erasure")
    privacy.request_complete(user=manager, request=request)
    assert set(Photo.objects.filter(complaint=case)) == {from_form, by_follower, by_officer}
    # The reporter of the staying case: the photo sent with the form; the follower's and the
    # officer's stay.
    request = privacy.request_create(complainant=staying.complainant, kind="erasure")
    privacy.request_complete(user=manager, request=request)
    assert set(Photo.objects.filter(complaint=case)) == {by_follower, by_officer}
    assert by_duplicate.pk is not None
