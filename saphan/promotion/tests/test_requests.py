"""Service requests: entered by an officer or the establishment's representative, validated
field by field, the state machine with history, outcomes, rating and attachments."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from saphan.core.errors import ApplicationError
from saphan.core.models import User
from saphan.core.tests.factories import PASSWORD, person
from saphan.promotion.models import Attachment, RequestItem, RequestState, ServiceRequest
from saphan.promotion.selectors import requests as selectors
from saphan.promotion.services import requests as services
from saphan.promotion.tests.factories import located, request_for, seed, service
from saphan.registry.models import Establishment
from saphan.registry.services import representative_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog() -> None:
    seed("PIO86", "IPC10", "PIO52", "IPC1")


def _rep(est: Establishment, username: str = "rep.a") -> User:
    manager = User.objects.filter(username="m86").first() or person("m86", "PIO86", "manager")
    representative_add(
        user=manager, establishment=est, username=username, first_name="มานี", password=PASSWORD
    )
    return User.objects.get(username=username)


def test_officer_creates_a_request_with_two_services_from_two_working_groups(catalog: None) -> None:
    officer = person("o86", "PIO86", "officer")
    est = located("วิสาหกิจชุมชนกล้วยหอม", 5.3)
    packaging, standard = (
        service("IPC10", "packaging-design"),
        service("PIO86", "community-standard"),
    )
    req = services.request_create(
        user=officer,
        establishment=est,
        data={"needs": "ออกแบบถุงกล้วยอบ และขอ มผช.", "urgency": "high"},
        services=[packaging, standard],
    )
    req.refresh_from_db()
    assert (req.state, req.channel, req.created_by) == ("new", "officer", officer)
    assert [(i.service.code, i.minutes) for i in req.items.order_by("id")] == [
        ("packaging-design", 90),
        ("community-standard", 90),
    ]
    assert req.reference == f"SR{timezone.localdate().year + 543}-{req.pk:05d}"


@pytest.mark.parametrize(
    ("data", "chosen", "field", "code"),
    [
        ({"needs": ""}, ["packaging-design"], "needs", "blank"),
        ({"needs": "x"}, [], "services", "required"),
        ({"needs": "x", "urgency": "now"}, ["packaging-design"], "urgency", "invalid_choice"),
        (
            {
                "needs": "x",
                "preferred_from": dt.date(2031, 5, 2),
                "preferred_to": dt.date(2031, 5, 1),
            },
            ["packaging-design"],
            "preferred_to",
            "date_order",
        ),
        (
            {"needs": "x", "preferred_to": dt.date(2020, 1, 1)},
            ["packaging-design"],
            "preferred_to",
            "date_past",
        ),
    ],
)
def test_bad_request_names_field_and_rule_and_writes_nothing(
    catalog: None, data: dict[str, object], chosen: list[str], field: str, code: str
) -> None:
    officer = person("o86", "PIO86", "officer")
    est = located("ร้านทดสอบ", 5.3)
    with pytest.raises(ApplicationError) as caught:
        services.request_create(
            user=officer,
            establishment=est,
            data=data,
            services=[service("IPC10", c) for c in chosen],
        )
    assert [e.code for e in caught.value.fields[field]] == [code]
    assert ServiceRequest.objects.count() == 0 and RequestItem.objects.count() == 0


def test_a_service_of_another_region_is_refused(catalog: None) -> None:
    officer = person("o86", "PIO86", "officer")
    est = located("ร้านทดสอบ", 5.3)
    with pytest.raises(ApplicationError) as caught:
        services.request_create(
            user=officer,
            establishment=est,
            data={"needs": "x"},
            services=[service("IPC1", "packaging-design")],
        )
    assert [e.code for e in caught.value.fields["services"]] == ["service_unavailable"]
    assert ServiceRequest.objects.count() == 0


def test_lampang_officer_may_not_ask_for_a_chumphon_establishment_and_nothing_changes(
    catalog: None,
) -> None:
    lampang = person("o52", "PIO52", "officer")
    est = located("ร้านชุมพร", 5.3)
    with pytest.raises(ApplicationError) as caught:
        services.request_create(
            user=lampang,
            establishment=est,
            data={"needs": "x"},
            services=[service("IPC10", "packaging-design")],
        )
    assert caught.value.status == 403
    assert ServiceRequest.objects.count() == 0


def test_representative_asks_for_its_own_establishment_only_and_sees_only_its_requests(
    catalog: None,
) -> None:
    ours, other = located("ของเรา", 5.3), located("ของคนอื่น", 8.1)
    rep = _rep(ours)
    mine = services.request_create(
        user=rep,
        establishment=ours,
        data={"needs": "ขอออกแบบฉลาก"},
        services=[service("IPC10", "packaging-design")],
    )
    assert mine.channel == "representative"
    theirs = request_for(other, service("IPC10", "ict"))
    with pytest.raises(ApplicationError) as caught:
        services.request_create(
            user=rep,
            establishment=other,
            data={"needs": "x"},
            services=[service("IPC10", "ict")],
        )
    assert caught.value.status == 403
    listed = selectors.request_list_for_user(rep, selectors.RequestFilters())
    assert [r.pk for r in listed] == [mine.pk]
    with pytest.raises(ServiceRequest.DoesNotExist):
        selectors.request_get_for_user(rep, theirs.pk)
    # Changing is a different right: once planned, the representative cannot edit any more.
    ServiceRequest.objects.filter(pk=mine.pk).update(state=RequestState.PLANNED)
    mine.refresh_from_db()
    with pytest.raises(ApplicationError) as caught:
        services.request_update(user=rep, request=mine, data={"needs": "แก้"})
    assert caught.value.code == "request_locked"
    mine.refresh_from_db()
    assert mine.needs == "ขอออกแบบฉลาก"


def test_state_machine_moves_and_refuses_with_history(catalog: None) -> None:
    officer = person("o86", "PIO86", "officer")
    req = request_for(located("ร้าน", 5.3), service("IPC10", "ict"))
    with pytest.raises(ApplicationError) as caught:
        services.request_close(user=officer, request=req, outcome="เสร็จ")
    assert caught.value.code == "state_transition"
    assert caught.value.status == 409
    req.refresh_from_db()
    assert req.state == "new" and req.closed_at is None
    services.request_move(req, RequestState.PLANNED)
    assert req.planned_at is not None
    # An outcome recorded moves it along; all delivered: delivered.
    item = req.items.get()
    item.outcome = "delivered"
    item.save()
    services.request_progress(req)
    req.refresh_from_db()
    assert req.state == "delivered" and req.started_at and req.delivered_at
    with pytest.raises(ApplicationError) as caught:
        services.request_cancel(user=officer, request=req, reason="ไม่ต้องการแล้ว")
    assert caught.value.code == "state_transition"
    services.request_close(
        user=officer, request=req, outcome="ได้ฉลากใหม่", follow_up_on=timezone.localdate()
    )
    services.request_rate(user=officer, request=req, rating=5, comment="ดีมาก")
    req.refresh_from_db()
    assert (req.state, req.rating, req.outcome) == ("closed", 5, "ได้ฉลากใหม่")
    with translation.override("en"):
        changes = [c for row in selectors.request_history(req) for c in row["changes"]]
    states = [(old, new) for label, old, new in changes if label == "state"]
    # Newest first, each move by its label, from the audit log.
    assert states == [
        ("Delivered", "Closed out"),
        ("In progress", "Delivered"),
        ("Planned", "In progress"),
        ("New", "Planned"),
    ]


def test_cancel_needs_a_reason(catalog: None) -> None:
    officer = person("o86", "PIO86", "officer")
    req = request_for(located("ร้าน", 5.3), service("IPC10", "ict"))
    with pytest.raises(ApplicationError) as caught:
        services.request_cancel(user=officer, request=req, reason="  ")
    assert [e.code for e in caught.value.fields["reason"]] == ["required"]
    req.refresh_from_db()
    assert req.state == "new"
    services.request_cancel(user=officer, request=req, reason="ผู้ประกอบการย้ายกิจการ")
    req.refresh_from_db()
    assert (req.state, req.cancel_reason) == ("cancelled", "ผู้ประกอบการย้ายกิจการ")


def test_rating_is_one_to_five_and_only_after_delivery(catalog: None) -> None:
    est = located("ร้าน", 5.3)
    rep = _rep(est)
    req = request_for(est, service("IPC10", "ict"))
    with pytest.raises(ApplicationError) as caught:
        services.request_rate(user=rep, request=req, rating=4)
    assert caught.value.code == "not_delivered"
    ServiceRequest.objects.filter(pk=req.pk).update(state=RequestState.DELIVERED)
    req.refresh_from_db()
    with pytest.raises(ApplicationError) as caught:
        services.request_rate(user=rep, request=req, rating=6)
    assert [e.code for e in caught.value.fields["rating"]] == ["rating_range"]
    services.request_rate(user=rep, request=req, rating=4, comment="ได้ประโยชน์")
    req.refresh_from_db()
    assert (req.rating, req.rating_comment) == (4, "ได้ประโยชน์")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def test_attachments_are_checked_by_type_content_and_size(
    catalog: None, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.SAPHAN_PROMOTION_ATTACHMENT_MAX_MB = 1
    est = located("ร้าน", 5.3)
    rep = _rep(est)
    req = request_for(est, service("IPC10", "packaging-design"))
    photo = services.attachment_add(
        user=rep, request=req, upload=SimpleUploadedFile("ฉลาก.png", _png()), kind="photo"
    )
    assert (photo.name, photo.content_type, photo.size_bytes) == (
        "ฉลาก.png",
        "image/png",
        len(_png()),
    )
    cases = [
        (SimpleUploadedFile("run.exe", b"MZ..."), "file_type"),
        (SimpleUploadedFile("fake.png", b"not an image at all"), "file_content"),
        (SimpleUploadedFile("draft.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024)), "file_size"),
        (SimpleUploadedFile("empty.pdf", b""), "file_empty"),
    ]
    for upload, code in cases:
        with pytest.raises(ApplicationError) as caught:
            services.attachment_add(user=rep, request=req, upload=upload, kind="draft")
        assert [e.code for e in caught.value.fields["file"]] == [code]
    assert Attachment.objects.count() == 1
    # Another establishment's representative can neither add nor see it.
    other_rep = _rep(located("อื่น", 8.1), "rep.b")
    with pytest.raises(ApplicationError):
        services.attachment_add(
            user=other_rep, request=req, upload=SimpleUploadedFile("a.png", _png()), kind="photo"
        )
    with pytest.raises(Attachment.DoesNotExist):
        selectors.attachment_get_for_user(other_rep, photo.pk)
    assert Attachment.objects.count() == 1


def test_searching_by_reference_keeps_the_other_filters(catalog: None) -> None:
    officer = person("o86", "PIO86", "officer")
    req = request_for(located("ร้าน", 5.3), service("IPC10", "ict"))
    found = selectors.request_list_for_user(officer, selectors.RequestFilters(q=req.reference))
    assert [r.pk for r in found] == [req.pk]
    cancelled_only = selectors.RequestFilters(q=req.reference, state="cancelled")
    assert list(selectors.request_list_for_user(officer, cancelled_only)) == []
    lampang = person("o52", "PIO52", "officer")
    assert (
        list(selectors.request_list_for_user(lampang, selectors.RequestFilters(q=req.reference)))
        == []
    )
