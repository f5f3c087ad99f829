"""Taking complaints in: routing to the province's office, field-level errors with nothing
written, photos checked by content and cleaned of their metadata, episodes, nearby
suggestions and followers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from saphan.complaints.models import Complainant, Complaint, Episode, Photo, StatePeriod
from saphan.complaints.selectors.public import nearby_open
from saphan.complaints.services import intake as intake_services
from saphan.complaints.services.keys import complainant_by_key
from saphan.complaints.tests.helpers import contact, intake, jpeg, png, submit
from saphan.core.errors import ApplicationError
from saphan.core.models import Office
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db


def _fields(exc: ApplicationError) -> dict[str, list[str]]:
    return {name: [str(e.code) for e in errors] for name, errors in exc.fields.items()}


def test_a_complaint_goes_to_the_office_of_its_province_with_a_code_and_key() -> None:
    done = submit(who={"name": "สมศรี", "email": "somsri@example.org", "phone": "081-234-5678"})
    case = done.complaint
    assert case.office == Office.objects.get(code="PIO86")
    assert (case.province_id, case.district_id, case.subdistrict_id) == ("86", "8601", "860101")
    assert (case.status, case.channel, case.category) == ("received", "web", "dust")
    assert len(case.code) == 9 and case.code[4] == "-"
    assert case.public_lat == Decimal("10.4950") and case.public_lon == Decimal("99.1850")
    person = Complainant.objects.get(complaint=case)
    assert (person.name, person.phone, person.email) == ("สมศรี", "0812345678", "somsri@example.org")
    assert complainant_by_key(case, done.key) == person
    assert complainant_by_key(case, "x" * 20) is None
    assert case.events.filter(kind="received", is_public=True).count() == 1
    assert case.periods.get().state == "received"
    assert case.state_due is not None and case.expected_date is not None


def test_every_bad_field_is_named_and_nothing_is_written() -> None:
    with pytest.raises(ApplicationError) as caught:
        intake_services.complaint_submit(
            intake=intake(
                category="",
                description="",
                latitude=Decimal("1"),
                longitude=Decimal("1"),
                health_details="หอบ",
                health_consent=False,
                district_code="5001",
            ),
            contact=contact(phone="12345", email="not-an-email", line_id="bad id!"),
        )
    assert _fields(caught.value) == {
        "category": ["required"],
        "description": ["required"],
        "health_consent": ["consent_required"],
        "phone": ["phone_format"],
        "email": ["email_format"],
        "line_id": ["line_id_format"],
        "location": ["point_outside"],
        "district": ["district_province"],
        "subdistrict": ["subdistrict_district"],
    }
    with translation.override("en"):
        message = str(caught.value.fields["health_consent"][0].message)
    assert message == (
        "Health details are sensitive: tick the consent box to send them, or leave them out."
    )
    assert Complaint.objects.count() == 0 and Complainant.objects.count() == 0


def test_the_province_is_required_to_route_it() -> None:
    with pytest.raises(ApplicationError) as caught:
        submit(province_code="", district_code="", subdistrict_code="")
    assert _fields(caught.value) == {"province": ["required"]}


def test_subdistrict_alone_gives_district_and_province() -> None:
    case = submit(province_code="", district_code="", subdistrict_code="500101").complaint
    assert (case.province_id, case.district_id) == ("50", "5001")
    assert case.office.code == "PIO50"


def test_health_details_only_with_consent() -> None:
    done = submit(health_details="ลูกเป็นหอบหืด", health_consent=True)
    person = done.complainant
    assert person.health_details == "ลูกเป็นหอบหืด" and person.health_consent_at is not None


def test_photos_lose_location_and_camera_data_and_turn_upright() -> None:
    done = submit(photos=[jpeg(orientation=6), png()])
    first, second = Photo.objects.filter(complaint=done.complaint).order_by("id")
    data = first.image.read()
    assert b"PlantedCamMaker" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        # Orientation 6 (rotate 90°): the 64×48 picture is stored upright, 48×64.
        assert image.size == (48, 64)
    assert (first.width, first.height, first.is_public) == (48, 64, False)
    assert (second.width, second.height) == (30, 20)


def test_photos_are_checked_by_content_size_and_count(settings: Any) -> None:
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    whole = jpeg(size=(400, 300)).read()
    truncated = SimpleUploadedFile("cut.jpg", whole[: len(whole) - 300], content_type="image/jpeg")
    with pytest.raises(ApplicationError) as caught:
        submit(photos=[fake, truncated])
    assert _fields(caught.value) == {"photos": ["photo_type", "photo_broken"]}
    with pytest.raises(ApplicationError) as caught:
        submit(photos=[jpeg() for _i in range(6)])
    assert _fields(caught.value) == {"photos": ["photo_count"]}
    settings.SAPHAN_COMPLAINTS_PHOTO_MAX_MB = 0
    with pytest.raises(ApplicationError) as caught:
        submit(photos=[jpeg()])
    assert _fields(caught.value) == {"photos": ["photo_size"]}
    assert Complaint.objects.count() == 0 and Photo.objects.count() == 0


def test_repeat_complaints_form_one_episode_per_establishment_category_and_time() -> None:
    factory = establishment("โรงงานทดสอบ")
    a = submit(establishment_id=factory.pk).complaint
    b = submit(establishment_id=factory.pk).complaint
    night = submit(establishment_id=factory.pk, time_of_day="night").complaint
    odour = submit(establishment_id=factory.pk, category="odour").complaint
    assert a.episode_id == b.episode_id
    assert len({a.episode_id, night.episode_id, odour.episode_id}) == 3
    assert a.episode_id is not None
    assert Complaint.objects.filter(episode_id=a.episode_id).count() == 2
    # Months apart it is a new episode.
    later = intake_services.complaint_submit(
        intake=intake(establishment_id=factory.pk),
        contact=contact(),
        received_at=timezone.now() + dt.timedelta(days=200),
    ).complaint
    assert later.episode_id not in {a.episode_id, night.episode_id, odour.episode_id}
    assert Episode.objects.filter(establishment=factory).count() == 4


def test_nearby_open_complaints_of_the_same_kind_are_suggested() -> None:
    here = submit().complaint
    submit(category="noise")
    far = submit(
        latitude=Decimal("10.90"),
        longitude=Decimal("99.30"),
        district_code="8602",
        subdistrict_code="860201",
    ).complaint
    found = nearby_open(category="dust", lat=10.4951, lon=99.1812)
    assert [r.code for r in found] == [here.code]
    assert far.code not in [r.code for r in nearby_open(category="dust", lat=10.49, lon=99.18)]
    by_place = nearby_open(category="dust", subdistrict="860101")
    assert {r.code for r in by_place} == {here.code}


def test_following_adds_a_supporter_and_a_closed_case_refuses() -> None:
    case = submit().complaint
    followed = intake_services.complaint_follow(
        complaint=case, contact=contact(email="f@example.org")
    )
    assert followed.complainant.role == "supporter"
    assert Complainant.objects.filter(complaint=case).count() == 2
    assert case.events.filter(kind="follow").count() == 1
    Complaint.objects.filter(pk=case.pk).update(status="resolved")
    case.refresh_from_db()
    with pytest.raises(ApplicationError) as caught:
        intake_services.complaint_follow(complaint=case, contact=contact())
    assert caught.value.code == "complaint_closed"


def test_a_tracking_code_drawn_twice_is_drawn_again() -> None:
    """No query asks whether a code is free: the unique index refuses the repeat, the whole
    submission rolls back and runs again with the next code."""
    import random

    first = intake_services.complaint_submit(
        intake=intake(), contact=contact(email="a@example.org"), rng=random.Random(7)
    )
    second = intake_services.complaint_submit(
        intake=intake(), contact=contact(email="b@example.org"), rng=random.Random(7)
    )
    assert first.complaint.code != second.complaint.code
    assert Complaint.objects.count() == 2
    # Nothing of the refused attempt stays: one complainant and one state period per case.
    assert sorted(Complainant.objects.values_list("email", flat=True)) == [
        "a@example.org",
        "b@example.org",
    ]
    assert StatePeriod.objects.count() == 2
