"""Who sees and changes what: one mechanism, by provinces covered and role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from saphan.core import selectors, services
from saphan.core.errors import ApplicationError
from saphan.core.jobs import job_start
from saphan.core.models import Office
from saphan.core.scoping import ALL, Action, scope_for
from saphan.core.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db

CHUMPHON, LAMPANG = "86", "52"
# ศภ.1 (IPC1) serves the upper north, Lampang among them.
IPC1_PROVINCES = {"50", "57", "52", "51", "58", "55", "56", "54"}


def test_chumphon_officer_is_scoped_to_chumphon() -> None:
    officer = person("chumphon.officer", "PIO86", "officer")
    scope = scope_for(officer)
    assert scope.provinces(Action.VIEW) == {CHUMPHON}
    assert scope.provinces(Action.CHANGE) == {CHUMPHON}
    assert scope.provinces(Action.MANAGE) == frozenset()
    assert scope.allows(CHUMPHON, Action.CHANGE) is True
    assert scope.allows(LAMPANG, Action.VIEW) is False
    assert scope.allows(None, Action.VIEW) is False


def test_chumphon_officer_sees_nothing_of_lampang() -> None:
    officer = person("chumphon.officer", "PIO86", "officer")
    person("lampang.officer", "PIO52", "officer")
    person("lampang.manager", "PIO52", "manager")
    lampang_office = Office.objects.get(code="PIO52")
    lampang_member = person("lampang.someone", "PIO52", "viewer")
    job_start(kind="core.geography_load", user=lampang_member, office=lampang_office)

    people = selectors.membership_list_for_user(officer)
    assert {m.user.username for m in people} == {"chumphon.officer"}
    assert list(selectors.membership_list_for_user(officer, office=lampang_office)) == []
    assert list(selectors.job_list_for_user(officer)) == []


def test_regional_center_officer_sees_all_its_provinces() -> None:
    region = person("ipc1.officer", "IPC1", "officer")
    person("lampang.officer", "PIO52", "officer")
    person("chiangmai.officer", "PIO50", "officer")
    person("chumphon.officer", "PIO86", "officer")
    scope = scope_for(region)
    assert scope.provinces(Action.VIEW) == IPC1_PROVINCES
    assert all(scope.allows(code, Action.CHANGE) for code in IPC1_PROVINCES)
    assert scope.allows(CHUMPHON, Action.VIEW) is False
    seen = {m.user.username for m in selectors.membership_list_for_user(region)}
    assert seen == {"ipc1.officer", "lampang.officer", "chiangmai.officer"}


def test_department_covers_every_province() -> None:
    manager = person("dip.manager", "DIP", "manager")
    scope = scope_for(manager)
    assert scope.provinces(Action.MANAGE) == {ALL}
    assert scope.allows(CHUMPHON, Action.MANAGE) and scope.allows(LAMPANG, Action.MANAGE)
    assert scope.allows(LAMPANG, Action.ADMINISTER) is False


def test_roles_in_two_offices_combine_per_action() -> None:
    user = person("two.hats", "PIO86", "manager")
    services_office = Office.objects.get(code="PIO52")
    from saphan.core.models import Membership

    Membership.objects.create(user=user, office=services_office, role="viewer")
    scope = scope_for(user)
    assert scope.provinces(Action.VIEW) == {CHUMPHON, LAMPANG}
    assert scope.provinces(Action.MANAGE) == {CHUMPHON}


def test_no_membership_no_scope() -> None:
    nobody = person("nobody")
    scope = scope_for(nobody)
    assert scope.is_empty
    assert list(selectors.membership_list_for_user(nobody)) == []


def test_filter_uses_the_models_province_path() -> None:
    officer = person("chumphon.officer", "PIO86", "officer")
    from saphan.core.models import Subdistrict

    Subdistrict.scope_province_field = "province"  # type: ignore[attr-defined]
    try:
        visible = scope_for(officer).filter(Subdistrict.objects.all())
        assert set(visible.values_list("province_id", flat=True)) == {CHUMPHON}
        assert visible.count() == Subdistrict.objects.filter(province_id=CHUMPHON).count()
    finally:
        del Subdistrict.scope_province_field  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("role", "may_edit"),
    [("viewer", False), ("officer", False), ("manager", True), ("administrator", True)],
)
def test_who_may_edit_an_office(role: str, may_edit: bool) -> None:
    user = person(f"chumphon.{role}", "PIO86", role)
    office = Office.objects.get(code="PIO86")
    if may_edit:
        services.office_update(user=user, office=office, data={"phone": "077511097"})
        assert Office.objects.get(code="PIO86").phone == "077511097"
    else:
        with pytest.raises(ApplicationError) as caught:
            services.office_update(user=user, office=office, data={"phone": "077511097"})
        assert caught.value.status == 403
        assert Office.objects.get(code="PIO86").phone == ""


def test_manager_cannot_edit_another_provinces_office() -> None:
    manager = person("chumphon.manager", "PIO86", "manager")
    lampang = Office.objects.get(code="PIO52")
    with pytest.raises(ApplicationError):
        services.office_update(user=manager, office=lampang, data={"phone": "054265050"})
    assert Office.objects.get(code="PIO52").phone == ""


def test_only_administrators_set_memberships() -> None:
    manager = person("chumphon.manager", "PIO86", "manager")
    admin = person("chumphon.admin", "PIO86", "administrator")
    newcomer = person("newcomer")
    office = Office.objects.get(code="PIO86")
    with pytest.raises(ApplicationError):
        services.membership_set(user=manager, person=newcomer, office=office, role="officer")
    assert not newcomer.memberships.exists()
    services.membership_set(user=admin, person=newcomer, office=office, role="officer")
    assert scope_for(newcomer).provinces(Action.CHANGE) == {CHUMPHON}


def test_office_edit_page_forbidden_to_officer_and_changes_nothing(client: Client) -> None:
    person("chumphon.officer", "PIO86", "officer")
    client.login(username="chumphon.officer", password=PASSWORD)
    url = reverse("office-edit", args=["PIO86"])
    assert client.get(url).status_code == 403
    response = client.post(url, {"name_th": "ถูกแก้", "name_en": "Hacked"})
    assert response.status_code == 403
    assert Office.objects.get(code="PIO86").name_th == "สำนักงานอุตสาหกรรมจังหวัดชุมพร"


def test_people_page_lists_only_scoped_people(client: Client) -> None:
    person("chumphon.officer", "PIO86", "officer", first_name="ชุมพร")
    person("lampang.officer", "PIO52", "officer", first_name="ลำปาง")
    client.login(username="chumphon.officer", password=PASSWORD)
    body = client.get(reverse("person-list")).content.decode()
    assert "chumphon.officer" in body
    assert "lampang.officer" not in body


def test_api_people_is_scoped(client: Client) -> None:
    person("chumphon.officer", "PIO86", "officer")
    person("lampang.officer", "PIO52", "officer")
    client.login(username="chumphon.officer", password=PASSWORD)
    data = client.get("/api/v1/people").json()
    assert [p["username"] for p in data["items"]] == ["chumphon.officer"]
    assert data["count"] == 1
