"""Every promotion page answers for the roles that use it, shows what it should, and keeps to
the scope: Chumphon sees nothing of Lampang; a representative only its own requests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from saphan.core.models import User
from saphan.core.tests.factories import PASSWORD, person
from saphan.promotion.models import PlannedVisit, ServiceRequest
from saphan.promotion.tests.factories import located, request_for, service, team
from saphan.registry.services import representative_add

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_every_page_renders_for_an_officer(planned: dict[str, Any]) -> None:
    plan, t = planned["plan"], planned["team"]
    visit = PlannedVisit.objects.get(establishment=planned["a"])
    req = planned["requests"][0]
    client = _client(planned["designer"])
    pages = [
        reverse("promotion:home"),
        reverse("promotion:request-list"),
        reverse("promotion:request-list") + "?state=open&sort=urgency",
        reverse("promotion:request-create"),
        reverse("promotion:request-create") + f"?establishment={planned['a'].pk}",
        req.get_absolute_url(),
        reverse("promotion:request-edit", args=[req.pk]),
        reverse("promotion:demand"),
        reverse("promotion:catalog") + "?office=PIO86",
        reverse("promotion:officer-list"),
        reverse("promotion:places"),
        reverse("promotion:team-list"),
        reverse("promotion:plan-list"),
        plan.get_absolute_url(),
        reverse("promotion:itinerary", args=[plan.pk, t.pk]),
        visit.get_absolute_url(),
        reverse("promotion:fund-list"),
        reverse("promotion:training-list"),
        reverse("promotion:project-list"),
        reverse("promotion:consultant-list"),
        planned["a"].get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'id="routes-data"' in page and "ทีมออกแบบ" in page
    itinerary = client.get(reverse("promotion:itinerary", args=[plan.pk, t.pk])).content.decode()
    assert itinerary.index("ร้าน ข") < itinerary.index("ร้าน ก")  # the order of the route
    assert "08:30–10:30" in itinerary and "10:41–13:41" in itinerary
    # The establishment's page shows its requests in the promotion panel.
    record = client.get(planned["a"].get_absolute_url()).content.decode()
    assert req.reference in record and "บริการส่งเสริมอุตสาหกรรม" in record


def test_manager_pages_and_admin_pages(planned: dict[str, Any]) -> None:
    manager = person("m86", "PIO86", "manager")
    admin = person("a86", "PIO86", "administrator")
    for url in (
        reverse("promotion:team-create"),
        reverse("promotion:team-edit", args=[planned["team"].pk]),
        reverse("promotion:fund-create"),
        reverse("promotion:plan-create"),
        reverse("promotion:training-create"),
        reverse("promotion:project-create"),
        reverse("promotion:consultant-create"),
    ):
        assert _client(manager).get(url + "?office=PIO86").status_code == 200, url
    for url in (
        reverse("promotion:service-create"),
        reverse("promotion:group-create"),
        reverse("promotion:place-edit", args=["PIO86"]),
    ):
        assert _client(admin).get(url + "?office=PIO86").status_code == 200, url
        assert _client(manager).get(url + "?office=PIO86").status_code == 403, url


def test_chumphon_sees_nothing_of_lampang(planned: dict[str, Any]) -> None:
    lampang_est = located("ร้านลำปาง", None, subdistrict="520101")
    lampang_req = request_for(lampang_est, service("IPC1", "packaging-design"))
    lampang_team = team("ทีมลำปาง", "PIO52", [person("o52", "PIO52", "officer")])
    chumphon = _client(planned["designer"])
    listing = chumphon.get(reverse("promotion:request-list")).content.decode()
    assert "ร้านลำปาง" not in listing and planned["requests"][0].reference in listing
    assert chumphon.get(lampang_req.get_absolute_url()).status_code == 404
    assert "ทีมลำปาง" not in chumphon.get(reverse("promotion:team-list")).content.decode()
    lampang = _client(User.objects.get(username="o52"))
    assert lampang.get(planned["plan"].get_absolute_url()).status_code == 404
    assert lampang.get(planned["requests"][0].get_absolute_url()).status_code == 404
    # Trying to cancel a Chumphon request from Lampang changes nothing.
    response = lampang.post(
        reverse("promotion:request-cancel", args=[planned["requests"][0].pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    assert ServiceRequest.objects.get(pk=planned["requests"][0].pk).state == "planned"
    assert lampang.get(reverse("promotion:team-edit", args=[planned["team"].pk])).status_code == 404
    assert "ทีมออกแบบ" not in lampang.get(reverse("promotion:team-list")).content.decode()
    assert "ทีมลำปาง" in lampang.get(reverse("promotion:team-list")).content.decode()
    assert lampang_team.name == "ทีมลำปาง"


def test_representative_sees_only_its_requests_and_the_visit_time(planned: dict[str, Any]) -> None:
    manager = person("m86", "PIO86", "manager")
    representative_add(
        user=manager,
        establishment=planned["a"],
        username="rep.a",
        first_name="มานี",
        password=PASSWORD,
    )
    rep = _client(User.objects.get(username="rep.a"))
    # The menu and the landing page lead the representative to its requests.
    assert rep.get(reverse("promotion:home")).status_code == 302
    listing = rep.get(reverse("promotion:request-list")).content.decode()
    ours, theirs = planned["requests"][0], planned["requests"][2]
    assert ours.reference in listing and theirs.reference not in listing
    assert "คำขอรับบริการ" in rep.get("/").content.decode()  # REPRESENTATIVE_NAVIGATION
    detail = rep.get(ours.get_absolute_url()).content.decode()
    assert "10:41" in detail  # when…
    assert "designer" not in detail and "ทีมออกแบบ" not in detail  # … not who
    assert rep.get(theirs.get_absolute_url()).status_code == 404
    assert rep.get(planned["plan"].get_absolute_url()).status_code == 404
    assert rep.get(reverse("promotion:demand")).status_code == 200
    assert "ร้าน ข" not in rep.get(reverse("promotion:demand")).content.decode()


def test_officer_creates_a_request_from_the_page_with_field_errors(world: dict[str, Any]) -> None:
    est = located("ร้านใหม่", 5.3)
    client = _client(world["planner"])
    url = reverse("promotion:request-create") + f"?establishment={est.pk}"
    bad = client.post(url, {"needs": "", "urgency": "normal", "preferred_time": "any"})
    assert bad.status_code == 200
    assert ServiceRequest.objects.count() == 0
    page = bad.content.decode()
    assert "errorlist" in page
    ok = client.post(
        url,
        {
            "needs": "อยากได้ฉลากใหม่",
            "urgency": "high",
            "preferred_time": "morning",
            "services": [service("IPC10", "packaging-design").pk, service("PIO86", "fda").pk],
            "preferred_from": "02/06/2574",
            "preferred_to": "13/06/2574",
        },
    )
    req = ServiceRequest.objects.get()
    assert ok.status_code == 302 and ok["Location"] == req.get_absolute_url()
    assert (str(req.preferred_from), str(req.preferred_to)) == ("2031-06-02", "2031-06-13")
    assert req.items.count() == 2


def test_demand_export_and_request_export(planned: dict[str, Any]) -> None:
    client = _client(planned["designer"])
    for table in ("months", "provinces", "services", "need"):
        response = client.get(reverse("promotion:demand-export", args=[table, "csv"]))
        assert response.status_code == 200, table
        assert response.content.startswith("\ufeff".encode())
    services = client.get(reverse("promotion:demand-export", args=["services", "csv"]))
    lines = services.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:5] == ["บริการ", "หน่วยงาน", "ทักษะ", "ที่ขอ", "ส่งมอบแล้ว"]
    assert len(lines) == 4  # three services were asked for
    xlsx = client.get(reverse("promotion:request-export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_words_other_apps_translate_otherwise_keep_their_promotion_meaning(
    planned: dict[str, Any],
) -> None:
    # Django merges every app's catalogue, the first app winning: a word another app already
    # translates ("commitment" is a group's agreement in subcontracting) needs a context here.
    from django.utils import translation
    from django.utils.translation import pgettext

    with translation.override("th"):
        assert pgettext("budget", "commitment") == "รายการผูกพัน"
        assert pgettext("in use", "active") == "ใช้งาน"
        assert pgettext("verb", "Record") == "บันทึก"
    planned["team"].active = False
    planned["team"].save()
    client = _client(planned["designer"])
    page = client.get(reverse("promotion:team-list")).content.decode()
    assert '<span class="badge">ไม่ใช้งาน</span>' in page and "ไม่ได้ทำงานแล้ว" not in page
