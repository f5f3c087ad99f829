"""The public pages as a person uses them: the form (errors named in Thai and English, the
spam trap, the rate limit, the receipt with its own link once), tracking, following, the
complainant's own page, the list and the map."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from saphan.complaints.forms import FORM_SALT
from saphan.complaints.models import Complainant, Complaint, Photo, Rating
from saphan.complaints.selectors.public import public_get
from saphan.complaints.services import handling, intake
from saphan.complaints.tests.helpers import contact, jpeg, report_form, submit
from saphan.core.tests.factories import person

pytestmark = pytest.mark.django_db


def _stamp(seconds_ago: int = 30) -> str:
    import time

    return signing.dumps(int(time.time()) - seconds_ago, salt=FORM_SALT)


def _form(**overrides: Any) -> dict[str, Any]:
    return report_form(**overrides)


@pytest.fixture(autouse=True)
def _no_cache() -> Any:
    """Spent stamps and drawn pages are kept in the cache: each test starts without them
    (the tests' stamps are plain seconds, the same in two tests run in the same second)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_form_sends_a_complaint_and_the_receipt_shows_the_own_link_once(client: Client) -> None:
    assert client.get("/report/").status_code == 200
    response = client.post("/report/", _form(photos=[jpeg("a.jpg"), jpeg("b.jpg")]))
    assert response.status_code == 302
    case = Complaint.objects.get()
    assert response["Location"] == f"/report/receipt/{case.code}/"
    assert (case.category, case.location_source, case.photos.count()) == ("odour", "gps", 2)
    receipt = client.get(response["Location"]).content.decode()
    assert case.code in receipt
    own = re.search(r'data-testid="own-link">[^<]*(/track/[^<]+/k/[a-z0-9]+/)<', receipt)
    assert own is not None
    assert "own-link" not in client.get(response["Location"]).content.decode()  # only once
    act = client.get(own.group(1))
    assert act.status_code == 200 and "ลิงก์นี้" in act.content.decode()


def test_errors_name_the_field_in_thai_and_in_english(client: Client) -> None:
    th = client.post("/report/", _form(category="", phone="123", health_details="ไอ"))
    assert th.status_code == 422
    text = th.content.decode()
    assert "โปรดเลือกประเภทของปัญหา" in text
    assert "ข้อมูลสุขภาพเป็นข้อมูลอ่อนไหว" in text
    assert "123 ไม่ใช่หมายเลขโทรศัพท์" in text or "โทรศัพท์" in text
    en = client.post("/report/?lang=en", _form(category="", health_details="cough"))
    assert "Choose what the problem is." in en.content.decode()
    assert "Health details are sensitive" in en.content.decode()
    assert Complaint.objects.count() == 0


def test_the_spam_trap_and_the_instant_robot(client: Client) -> None:
    for data in (
        _form(website="http://spam.example"),
        _form(started=_stamp(0)),
        _form(started="forged"),
    ):
        response = client.post("/report/?lang=en", data)
        assert response.status_code == 422
        assert "looked like an automatic submission" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_the_rate_limit_stops_a_flood_with_a_clear_message(client: Client, settings: Any) -> None:
    settings.SAPHAN_COMPLAINTS_RATE_LIMITS = "report:2/600,report_day:100/86400"
    assert client.post("/report/", _form()).status_code == 302
    assert client.post("/report/", _form()).status_code == 302
    third = client.post("/report/", _form())
    assert third.status_code == 429
    assert "มีการส่งจากเครือข่ายของท่านมากเกินไป โปรดรอ 10 นาทีแล้วลองใหม่" in third.content.decode()
    assert Complaint.objects.count() == 2
    # Another address is not affected; the counter keeps no address, only a keyed hash.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.post("/report/", _form()).status_code == 302
    from saphan.complaints.models import RateCounter

    assert not RateCounter.objects.filter(key__contains="127.0.0.1").exists()
    assert all(len(k) == 64 for k in RateCounter.objects.values_list("key", flat=True))


def test_the_api_and_open311_are_rate_limited_too(client: Client, settings: Any) -> None:
    settings.SAPHAN_COMPLAINTS_RATE_LIMITS = "search:1/60,open311_post:1/60"
    assert client.get("/api/v1/complaints/public/establishments?q=ab").status_code == 200
    limited = client.get("/api/v1/complaints/public/establishments?q=ab", HTTP_ACCEPT_LANGUAGE="en")
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    from saphan.core.services import api_token_create

    _t, key = api_token_create(user=person("partner", "PIO86", "officer"), name="bot")
    data = {
        "api_key": key,
        "service_code": "dust",
        "jurisdiction_id": "86",
        "lat": "10.5",
        "long": "99.2",
    }
    assert client.post("/open311/v2/requests.json", data).status_code == 201
    second = client.post("/open311/v2/requests.json", data)
    assert second.status_code == 429 and second.json()[0]["code"] == 429


def test_tracking_following_and_lookup(client: Client) -> None:
    case = submit().complaint
    page = client.get(f"/track/{case.code}/").content.decode()
    assert 'data-testid="status">รับเรื่องแล้ว' in page
    found: Any = client.get("/track/", {"code": case.code.lower().replace("-", "")})
    assert found.url == f"/track/{case.code}/"
    missing = client.get("/track/", {"code": "ZZZZ-ZZZZ"})
    assert "ไม่มีเรื่องร้องเรียนที่มีรหัสนี้" in missing.content.decode()
    follow = client.post(
        f"/track/{case.code}/follow/",
        {
            "email": "neighbour@example.org",
            "wants_updates": "on",
            "started": _stamp(),
            "website": "",
        },
    )
    assert follow.status_code == 302
    assert Complainant.objects.filter(complaint=case, role="supporter").count() == 1
    assert "มีผู้แจ้งเรื่องนี้ 2 คน" in client.get(f"/track/{case.code}/").content.decode()
    assert client.get("/track/NOPE-NOPE/").status_code == 404


def test_a_refused_follow_shows_its_own_form_and_no_page_keeps_it(client: Client) -> None:
    """The empty follow form is drawn once a minute per language for every case; a refused
    one is drawn with what the person typed and why, for them only."""
    case, other = submit().complaint, submit().complaint
    assert 'name="email"' in client.get(f"/track/{case.code}/").content.decode()
    refused = client.post(
        f"/track/{case.code}/follow/",
        {"name": "สมหญิง ใจดี", "email": "not-an-address", "started": _stamp(), "website": ""},
    )
    body = refused.content.decode()
    assert refused.status_code == 422
    assert ["สมหญิง ใจดี" in body, "not-an-address" in body, "นี่ไม่ใช่ที่อยู่อีเมล" in body] == [
        True,
        True,
        True,
    ]
    for code in (case.code, other.code):
        page = Client().get(f"/track/{code}/").content.decode()
        assert ['name="email"' in page, "สมหญิง" in page, "not-an-address" in page] == [
            True,
            False,
            False,
        ]
    assert Complainant.objects.filter(complaint=case, role="supporter").count() == 0


def test_a_refused_follow_keeps_the_choice_of_no_updates(client: Client) -> None:
    """Someone who unticked "tell me about each step" and is sent back to mend the e-mail
    finds it still unticked; the empty form offers the updates ticked."""
    case = submit().complaint
    box = re.compile(r'<input type="checkbox" name="wants_updates"[^>]*>')
    ticked = box.findall(client.get(f"/track/{case.code}/").content.decode())
    refused = client.post(
        f"/track/{case.code}/follow/",
        {"email": "not-an-address", "started": _stamp(), "website": ""},
    )
    assert refused.status_code == 422
    unticked = box.findall(refused.content.decode())
    assert [len(ticked), "checked" in ticked[0], len(unticked), "checked" in unticked[0]] == [
        1,
        True,
        1,
        False,
    ]


def test_the_own_page_adds_photos_rates_and_reopens(client: Client) -> None:
    done = submit()
    own = f"/track/{done.complaint.code}/k/{done.key}/"
    assert client.get(f"/track/{done.complaint.code}/k/{'a' * 20}/").status_code == 404
    assert client.post(own, {"action": "photo", "photo-photos": [jpeg()]}).status_code == 302
    assert Photo.objects.filter(complaint=done.complaint).count() == 1
    officer = person("officer", "PIO86", "officer")
    handling.complaint_transition(
        user=officer, complaint=done.complaint, to_state="resolved", text="แก้ไขแล้ว"
    )
    assert client.post(own, {"action": "rate", "rate-stars": "5"}).status_code == 302
    assert Rating.objects.get().stars == 5
    bad = client.post(own, {"action": "reopen", "reopen-reason": ""})
    assert bad.status_code == 422
    assert client.post(own, {"action": "reopen", "reopen-reason": "ยังมีกลิ่น"}).status_code == 302
    done.complaint.refresh_from_db()
    assert (done.complaint.status, done.complaint.reopen_count) == ("investigating", 1)
    assert client.post(own, {"action": "stop"}).status_code == 302
    done.complainant.refresh_from_db()
    assert done.complainant.wants_updates is False


def test_the_public_list_map_and_explainers(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for category in ("dust", "dust", "noise"):
        submit(category=category)
    with django_assert_max_num_queries(12):
        page = client.get("/public/complaints/?category=dust").content.decode()
    assert page.count('class="status open"') == 2
    points = client.get("/public/complaints/points.json").json()["cells"]
    assert points == [{"lat": 10.495, "lon": 99.185, "count": 3, "open": 3, "overdue": 0}]
    with django_assert_max_num_queries(4):
        api = client.get("/api/v1/complaints/public/complaints?category=noise").json()
    assert api["count"] == 1 and api["items"][0]["area"] == "ท่าตะเภา · เมืองชุมพร · ชุมพร"
    article = client.get("/explainers/pm25-haze-and-stack-dust/?lang=en").content.decode()
    assert "Where haze comes from" in article and "mg/m³" in article


def test_the_submission_and_the_tracking_page_take_few_queries(client: Client) -> None:
    """The phone's POST writes five rows and reads none (geography, holidays and the office are
    kept per process) — on PostgreSQL the case's four rows in one statement; the tracking page
    is one query when cached, four when drawn, however many updates, photos and supporters the
    case has (its people and public photos are one)."""
    assert client.post("/report/", _form()).status_code == 302  # warms the per-process data
    with CaptureQueriesContext(connection) as sent:
        assert client.post("/report/", _form(name="สมศรี")).status_code == 302
    statements = [
        (q["sql"].split()[0], re.findall(r'INSERT INTO "(\w+)"', q["sql"]))
        for q in sent.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    case_rows = [
        "complaints_complaint",
        "complaints_stateperiod",
        "complaints_complainant",
        "complaints_caseevent",
    ]
    if connection.vendor == "postgresql":
        assert statements == [("INSERT", ["complaints_ratecounter"]), ("WITH", case_rows)]
    else:
        assert statements == [
            ("INSERT", ["complaints_ratecounter"]),
            *(("INSERT", [table]) for table in case_rows),
        ]
    case = Complaint.objects.order_by("-id").first()
    assert case is not None
    officer = person("officer", "PIO86", "officer")

    def drawn_and_cached() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as drawn:
            assert client.get(f"/track/{case.code}/").status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert client.get(f"/track/{case.code}/").status_code == 200
        return len(drawn.captured_queries), len(cached.captured_queries)

    # Drawn the first time in this process: also the names of the case's province, district,
    # subdistrict and office (one query a kind), kept a minute.
    assert drawn_and_cached() == (8, 1)
    for state in ("acknowledged", "investigating"):
        handling.complaint_transition(user=officer, complaint=case, to_state=state, text=state)
    for who in ("a@example.org", "b@example.org"):
        intake.complaint_follow(complaint=case, contact=contact(email=who))
    intake.photo_add(complaint=case, uploads=[jpeg("a.jpg"), jpeg("b.jpg")], staff=officer)
    hidden = intake.photo_add(complaint=case, uploads=[jpeg("c.jpg")], staff=officer)
    case.photos.exclude(pk__in=[p.pk for p in hidden]).update(is_public=True)
    assert drawn_and_cached() == (4, 1)
    row = public_get(case.code)
    assert row is not None
    public = sorted(case.photos.filter(is_public=True).values_list("pk", flat=True))
    assert (row.people, row.photos, len(public)) == (3, public, 2)
    page = client.get(f"/track/{case.code}/").content.decode()
    assert [f"/public/photos/{pk}.jpg" in page for pk in (*public, hidden[0].pk)] == [
        True,
        True,
        False,
    ]


def test_public_values_are_the_joined_values_with_names_kept_a_minute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from saphan.complaints.selectors import public as selectors
    from saphan.core.models import Office

    officer = person("officer", "PIO86", "officer")
    first = submit().complaint
    second = submit(district_code="8602", subdistrict_code="860201").complaint
    handling.complaint_merge(user=officer, duplicate=second, into=first)
    cases = Complaint.objects.order_by("id")
    expected = list(cases.values(*selectors.PUBLIC_FIELDS))
    assert [r["merged_into__code"] for r in expected] == [None, first.code]
    assert expected[1]["district__name_th"] != expected[0]["district__name_th"]

    def public() -> list[dict[str, Any]]:
        return [
            {key: row[key] for key in selectors.PUBLIC_FIELDS}
            for row in selectors.public_values(cases)
        ]

    assert public() == expected
    # An office renamed keeps its old name on public pages until the minute the names are
    # kept has passed.
    Office.objects.filter(code="PIO86").update(name_th="สำนักงานอุตสาหกรรมจังหวัดชุมพร (ใหม่)")
    assert public() == expected
    monkeypatch.setattr(selectors, "_NAMES_TTL", 0.0)  # the minute has passed
    renamed = list(cases.values(*selectors.PUBLIC_FIELDS))
    assert renamed[0]["office__name_th"] == "สำนักงานอุตสาหกรรมจังหวัดชุมพร (ใหม่)"
    assert public() == renamed


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select.group(1))


def test_a_page_number_past_the_end_or_past_any_number_shows_the_last_page(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from saphan.complaints.selectors import public as selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for _ in range(3):
        submit()
    for page in ("99999999999999999999999", "99999", "2", "-5"):
        response = client.get("/public/complaints/", {"page": page})
        body = response.content.decode()
        last = page != "-5"
        assert [
            response.status_code,
            ("หน้า 2 จาก 2" if last else "หน้า 1 จาก 2") in body,
            body.count('class="status open"'),
        ] == [200, True, 1 if last else 2]


def test_nearby_takes_a_point_that_is_not_a_number_as_no_point(client: Client) -> None:
    case = submit(category="dust").complaint
    for lat, lon in (("nan", "nan"), ("inf", "-inf"), ("infinity", "10"), ("10.49", "NaN")):
        response = client.get(
            "/report/nearby/",
            {"category": "dust", "latitude": lat, "longitude": lon, "district": "8601"},
        )
        assert [
            response.status_code,
            f"/track/{case.code}/#follow" in response.content.decode(),
        ] == [
            200,
            True,
        ]


def test_line_breaks_count_once_and_a_long_text_is_told_in_thai_and_english(
    client: Client,
) -> None:
    # What the browser's maxlength allows: 4000 characters, 39 line breaks sent as CRLF.
    description = ("ก" * 100 + "\r\n") * 39 + "ก" * 61
    health = "ไอ\r\n" * 666 + "ไอ"  # 2000 characters with one-character line breaks
    response = client.post(
        "/report/",
        _form(description=description, health_details=health, health_consent="on"),
    )
    assert response.status_code == 302
    case = Complaint.objects.get()
    assert [len(case.description), "\r" in case.description, case.description.count("\n")] == [
        4000,
        False,
        39,
    ]
    assert len(Complainant.objects.get().health_details) == 2000
    th = client.post("/report/", _form(description="ก" * 4001, name="ก" * 201))
    en = client.post("/report/?lang=en", _form(description="ก" * 4001, name="ก" * 201))
    assert [th.status_code, en.status_code] == [422, 422]
    assert [
        "โปรดเขียนไม่เกิน 4000 ตัวอักษร (ขณะนี้ 4001)" in th.content.decode(),
        "โปรดเขียนไม่เกิน 200 ตัวอักษร (ขณะนี้ 201)" in th.content.decode(),
        "Keep it under 4000 characters (now 4001)." in en.content.decode(),
        "Ensure this value" in th.content.decode() + en.content.decode(),
    ] == [True, True, True, False]
    assert Complaint.objects.count() == 1


def _started(html: str) -> str:
    found = re.search(r'name="started" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_every_tracking_page_brings_a_fresh_stamp_and_a_stamp_follows_once(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page and its follow form are cached; the start stamp is put in per response, so a
    robot cannot post at once with the cached one, nor replay one to add supporters."""
    from saphan.complaints import forms
    from saphan.complaints.views import public as views

    drawn = iter(range(30, 100))

    def stamp() -> str:
        return _stamp(next(drawn))

    monkeypatch.setattr(forms, "form_stamp", stamp)
    monkeypatch.setattr(views, "form_stamp", stamp, raising=False)
    case = submit().complaint
    pages = [client.get(f"/track/{case.code}/").content.decode() for _ in range(3)]
    stamps = [_started(page) for page in pages]
    assert len(set(stamps)) == 3
    assert all("mark" not in s for s in stamps)
    url = f"/track/{case.code}/follow/"
    empty = {"started": stamps[0], "website": ""}
    assert client.post(url, empty).status_code == 302
    # Every server process knows a spent stamp (kept in the database, not a process's cache).
    from django.core.cache import cache

    cache.clear()
    replayed = client.post(url, empty)
    assert replayed.status_code == 422
    assert "ดูเหมือนส่งโดยโปรแกรมอัตโนมัติ" in replayed.content.decode()
    assert _started(replayed.content.decode()) not in stamps
    # A follow the service refuses does not use up its stamp: the person mends it and sends.
    refused = client.post(url, {"email": "not-an-address", "started": stamps[1], "website": ""})
    assert refused.status_code == 422
    mended = client.post(url, {"email": "me@example.org", "started": stamps[1], "website": ""})
    assert mended.status_code == 302
    assert Complainant.objects.filter(complaint=case, role="supporter").count() == 2


def test_stamps_drawn_in_the_same_second_differ_and_old_plain_stamps_still_count() -> None:
    from saphan.complaints.forms import form_stamp, stamp_age

    first, second = form_stamp(), form_stamp()
    ages = [stamp_age(first), stamp_age(_stamp(30)), stamp_age("forged")]
    assert first != second
    assert [ages[0] is not None and 0 <= ages[0] < 2, ages[1] is not None and ages[1] >= 30] == [
        True,
        True,
    ]
    assert ages[2] is None


def test_a_code_typed_in_the_address_goes_to_its_canonical_page(client: Client) -> None:
    case = submit().complaint
    raw = case.code.replace("-", "")
    for typed in (case.code.lower(), raw, f"{raw[:4]} {raw[4:]}".lower()):
        response = client.get(f"/track/{typed}/")
        assert [response.status_code, response["Location"]] == [302, f"/track/{case.code}/"]
    receipt = client.get(f"/report/receipt/{case.code.lower()}/?followed=1")
    assert receipt["Location"] == f"/report/receipt/{case.code}/?followed=1"
    assert client.get("/track/nope/").status_code == 404


def test_the_form_sent_back_with_photos_asks_to_choose_them_again(client: Client) -> None:
    with_photos = client.post("/report/", _form(phone="123", photos=[jpeg("a.jpg")]))
    without = client.post("/report/", _form(phone="123"))
    en = client.post("/report/?lang=en", _form(phone="123", photos=[jpeg("b.jpg")]))
    assert [with_photos.status_code, without.status_code, en.status_code] == [422, 422, 422]
    assert [
        "โปรดเลือกภาพอีกครั้งก่อนส่ง" in with_photos.content.decode(),
        'data-testid="photos-again"' in without.content.decode(),
        "Choose them again before you send." in en.content.decode(),
    ] == [True, False, True]


def test_provinces_are_named_in_the_page_language_in_its_order(client: Client) -> None:
    th = _options(client.get("/report/").content.decode(), "province")
    en = _options(client.get("/report/?lang=en").content.decode(), "province")
    assert len(th) == len(en) == 77
    # Thai dictionary order reads a leading vowel after its consonant: เชียงใหม่ under ช.
    assert th[th.index("ชุมพร") : th.index("ตรัง") + 1] == ["ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง"]
    # … and the tone mark of อ่างทอง after the letters: อ่างทอง before อำนาจเจริญ.
    assert th[:2] + th[-6:] == [
        "กระบี่",
        "กรุงเทพมหานคร",
        "อ่างทอง",
        "อำนาจเจริญ",
        "อุดรธานี",
        "อุตรดิตถ์",
        "อุทัยธานี",
        "อุบลราชธานี",
    ]
    assert [en[0], "Chumphon" in en, "ชุมพร" in en, en == sorted(en)] == [
        "Amnat Charoen",
        True,
        False,
        True,
    ]
    listed = client.get("/public/complaints/").content.decode()
    names = re.findall(r'<option value="\d\d" >([^<]+)</option>', listed)
    assert names == th


def test_a_reloaded_follow_goes_back_to_the_case_and_a_follow_has_its_own_receipt(
    client: Client,
) -> None:
    case = submit().complaint
    reloaded = client.get(f"/track/{case.code}/follow/")
    assert [reloaded.status_code, reloaded["Location"]] == [302, f"/track/{case.code}/#follow"]
    follow = client.post(f"/track/{case.code}/follow/", {"started": _stamp(), "website": ""})
    assert follow["Location"] == f"/report/receipt/{case.code}/?followed=1"
    receipt = client.get(follow["Location"]).content.decode()
    assert [
        "ขอบคุณ ท่านได้ติดตามเรื่องนี้แล้ว" in receipt,
        "เราได้รับเรื่องแล้ว" in receipt,
        'data-testid="own-link"' in receipt,
    ] == [True, False, True]
    again = client.get(follow["Location"]).content.decode()
    assert ["ขอบคุณ ท่านได้ติดตามเรื่องนี้แล้ว" in again, 'data-testid="own-link"' in again] == [
        True,
        False,
    ]


def test_the_map_filters_by_area_and_explains_its_colours(client: Client) -> None:
    submit(district_code="8601", subdistrict_code="860101")
    submit(district_code="8604", subdistrict_code="860401")
    page = client.get("/public/complaints/map/?province=86").content.decode()
    assert '<option value="8604" >หลังสวน</option>' in page
    assert [label in page for label in ("เกินกำหนด", "ดำเนินการอยู่", "ปิดเรื่อง")] == [True] * 3
    cells = client.get("/public/complaints/points.json?province=86&district=8604").json()["cells"]
    assert sum(c["count"] for c in cells) == 1


def test_an_explainer_taken_back_to_draft_leaves_the_cached_tracking_pages(
    client: Client,
) -> None:
    from saphan.complaints.models import Explainer
    from saphan.complaints.services import content, handling
    from saphan.core.tests.factories import person

    officer = person("officer86", "PIO86", "officer")
    explainer = Explainer.objects.get()
    case = submit().complaint
    handling.complaint_update(
        user=officer, complaint=case, text="ฝุ่นมาจากไหน", explainer_id=explainer.pk
    )
    link = f'href="/explainers/{explainer.slug}/"'
    assert link in client.get(f"/track/{case.code}/").content.decode()  # drawn and kept
    content.explainer_save(user=officer, explainer=explainer, data={"is_published": False})
    assert link not in client.get(f"/track/{case.code}/").content.decode()


def test_every_problem_of_the_report_is_marked_in_one_round(client: Client) -> None:
    """The form's own faults (a name too long) and the service's (no description, a phone
    and an e-mail that are not ones) come together, not one more at each try."""
    client.cookies["saphan_language"] = "en"
    sent = client.post("/report/", _form(description="", phone="12ab", email="bad", name="ก" * 250))
    assert sent.status_code == 422
    assert sorted(sent.context["form"].errors) == ["description", "email", "name", "phone"]
    page = sent.content.decode()
    for message in (
        "Say what happens: what you see, smell or hear.",
        "This is not an e-mail address.",
        "Keep it under 200 characters (now 250).",
    ):
        assert message in page
    assert not Complaint.objects.exists()


def test_a_map_point_that_cannot_be_read_is_said_at_the_top(client: Client) -> None:
    client.cookies["saphan_language"] = "en"
    sent = client.post("/report/", _form(latitude="abc", longitude="999"))
    assert sent.status_code == 422
    form = sent.context["form"]
    assert form.non_field_errors() == [
        "The map point could not be read: place the pin again, or leave it out."
    ]
    assert "latitude" not in form.errors and "longitude" not in form.errors
    assert "The map point could not be read" in sent.content.decode()


def test_mistakes_do_not_use_up_the_limit_of_complaints_sent(client: Client, settings: Any) -> None:
    settings.SAPHAN_COMPLAINTS_RATE_LIMITS = "report_try:8/600,report:2/600,report_day:40/86400"
    from saphan.complaints.models import RateCounter

    # Refused by the form (a name too long) and by the service (no description): 4 tries.
    for overrides in ({"name": "ก" * 250}, {"description": ""}) * 2:
        assert client.post("/report/", _form(**overrides)).status_code == 422
    assert sorted(RateCounter.objects.values_list("count", flat=True)) == [0, 0, 4]
    # Two complaints sent: the limit of complaints, not of tries.
    assert [client.post("/report/", _form()).status_code for _ in range(3)] == [302, 302, 429]
    assert Complaint.objects.count() == 2
    # Tries are limited too (8 in the window: 4 refused, 3 sent or refused, this one).
    assert client.post("/report/", _form(name="ก" * 250)).status_code == 422
    assert client.post("/report/", _form(name="ก" * 250)).status_code == 429


def test_a_refusal_after_photos_were_read_still_counts(client: Client, settings: Any) -> None:
    """Decoding up to five photos costs as much as a complaint: such a refusal is not taken
    back (else only the generous limit of tries would hold them)."""
    settings.SAPHAN_COMPLAINTS_RATE_LIMITS = "report_try:50/600,report:2/600,report_day:40/86400"
    sent = [
        client.post("/report/", _form(description="", photos=[jpeg()])).status_code
        for _ in range(3)
    ]
    assert sent == [422, 422, 429]
    assert not Complaint.objects.exists()


def test_a_refund_goes_to_the_window_the_request_was_counted_in(rf: Any, settings: Any) -> None:
    from saphan.complaints import ratelimit
    from saphan.complaints.models import RateCounter

    settings.SAPHAN_COMPLAINTS_RATE_LIMITS = "report:10/600"
    request = rf.post("/report/")
    counted_at = 1_800_000_599.5  # the last half second of a window
    ratelimit.rate_counts([("report", 600)], ratelimit.client_address(request), counted_at)
    ratelimit.rate_counts([("report", 600)], ratelimit.client_address(request), counted_at + 1)
    ratelimit.rate_refund(request, counted_at, "report")
    counts = sorted(RateCounter.objects.values_list("slot", "count"))
    assert counts == [(1_800_000_000, 0), (1_800_000_600, 1)]
