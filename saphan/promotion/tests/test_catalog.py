"""The catalog: seeded idempotently, edited by administrators of the owning office only."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from saphan.core.errors import ApplicationError
from saphan.core.models import Office
from saphan.core.tests.factories import person
from saphan.promotion.models import OfficerSkill, Service, Skill, WorkingGroup
from saphan.promotion.selectors.catalog import office_places, service_list
from saphan.promotion.services import catalog as services
from saphan.promotion.tests.factories import located, north, request_for, seed

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_keeps_edits() -> None:
    out = StringIO()
    call_command("promotion_catalog", stdout=out)
    # 11 regional centers × 3 groups × 2 services, 77 provincial offices × 2 groups × 2.
    assert out.getvalue().strip() == "promotion catalog: 187 working groups and 374 services added"
    packaging = Service.objects.get(working_group__office__code="IPC10", code="packaging-design")
    packaging.usual_minutes = 150
    packaging.save()
    call_command("promotion_catalog", stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "promotion catalog: 0 working groups and 0 services added"
    )
    packaging.refresh_from_db()
    assert packaging.usual_minutes == 150
    # Chumphon's establishments can ask for the services of PIO86 and of its regional center.
    offices = set(service_list(province="86").values_list("working_group__office__code", flat=True))
    assert offices == {"PIO86", "IPC10"}


def test_only_administrators_of_the_office_edit_its_catalog() -> None:
    seed("PIO86", "PIO52")
    group = WorkingGroup.objects.get(office__code="PIO86", code="standards")
    data = {
        "working_group": group,
        "code": "gmp",
        "name_th": "ที่ปรึกษา GMP",
        "name_en": "GMP advice",
        "skill": Skill.objects.get(code="standards"),
        "usual_minutes": 120,
    }
    for user in (person("m86", "PIO86", "manager"), person("a52", "PIO52", "administrator")):
        with pytest.raises(ApplicationError) as caught:
            services.service_create(user=user, data=data)
        assert caught.value.status == 403
    assert not Service.objects.filter(code="gmp").exists()
    made = services.service_create(user=person("a86", "PIO86", "administrator"), data=data)
    assert (made.working_group.office.code, made.usual_minutes) == ("PIO86", 120)
    with pytest.raises(ApplicationError) as caught:
        services.service_update(
            user=person("a86b", "PIO86", "administrator"), service=made, data={"usual_minutes": 5}
        )
    assert [e.code for e in caught.value.fields["usual_minutes"]] == ["min_value"]


def test_officer_skills_are_set_by_a_manager_of_their_office() -> None:
    officer = person("o86", "PIO86", "officer")
    skills = list(Skill.objects.filter(code__in=["ict", "marketing"]))
    with pytest.raises(ApplicationError):
        services.officer_skills_set(
            user=person("m52", "PIO52", "manager"), officer=officer, skills=skills
        )
    assert not OfficerSkill.objects.exists()
    services.officer_skills_set(
        user=person("m86", "PIO86", "manager"), officer=officer, skills=skills
    )
    assert sorted(OfficerSkill.objects.values_list("skill__code", flat=True)) == [
        "ict",
        "marketing",
    ]


def test_start_points_from_the_admin_or_the_centre_of_located_records() -> None:
    office = Office.objects.get(code="PIO86")
    assert office_places([office]) == {office.pk: None}
    for km in (10.3, 20.5, 30.1):
        located(f"ร้าน {km}", km)
    place = office_places([office])[office.pk]
    assert place is not None and place.source == "province"
    assert (place.latitude, place.longitude) == (float(north(20.3)[0]), 99.0)
    services.office_location_set(
        user=person("a86", "PIO86", "administrator"),
        office=office,
        latitude=north(1)[0],
        longitude=north(1)[1],
    )
    place = office_places([office])[office.pk]
    assert place is not None and (place.source, place.latitude) == ("set", float(north(1)[0]))
    with pytest.raises(ApplicationError) as caught:
        services.office_location_set(
            user=person("a86b", "PIO86", "administrator"),
            office=office,
            latitude=north(1)[0],
            longitude=None,
        )
    assert [e.code for e in caught.value.fields["longitude"]] == ["required"]


def test_saphan_setup_adds_the_catalog_through_core_setup_hooks() -> None:
    # A fresh database: no catalog yet (the offices are loaded; migrate has nothing to do).
    assert not WorkingGroup.objects.exists()
    out = StringIO()
    call_command("setup", stdout=out)
    lines = out.getvalue().splitlines()
    assert "promotion catalog: 187 working groups and 374 services added" in lines
    assert lines.index("promotion catalog: 187 working groups and 374 services added") > next(
        i for i, line in enumerate(lines) if line.startswith("offices:")
    )
    assert WorkingGroup.objects.filter(office__code="IPC10").count() == 3
    call_command("setup", stdout=out)
    assert "promotion catalog: 0 working groups and 0 services added" in out.getvalue()


def _extra_service(group: WorkingGroup, admin: Any) -> Service:
    return services.service_create(
        user=admin,
        data={
            "working_group": group,
            "code": "gmp",
            "name_th": "ที่ปรึกษา GMP",
            "name_en": "GMP advice",
            "skill": Skill.objects.get(code="standards"),
        },
    )


def test_catalog_items_are_deleted_only_when_unused_and_not_standard() -> None:
    seed("PIO86")
    admin = person("a86", "PIO86", "administrator")
    group = WorkingGroup.objects.get(office__code="PIO86", code="standards")
    extra = _extra_service(group, admin)
    # Another office's administrator may not; nothing is deleted.
    with pytest.raises(ApplicationError) as caught:
        services.service_delete(user=person("a52", "PIO52", "administrator"), service=extra)
    assert caught.value.status == 403
    assert Service.objects.filter(pk=extra.pk).exists()
    # A service asked for stays (inactive if need be); so does a standard one.
    req = request_for(located("ร้าน", 5.3), extra)
    with pytest.raises(ApplicationError) as caught:
        services.service_delete(user=admin, service=extra)
    assert (caught.value.code, caught.value.status) == ("service_in_use", 409)
    req.delete()
    standard = Service.objects.get(working_group=group, code="fda")
    with pytest.raises(ApplicationError) as caught:
        services.service_delete(user=admin, service=standard)
    assert caught.value.code == "standard_service"
    services.service_delete(user=admin, service=extra)
    assert not Service.objects.filter(pk=extra.pk).exists()
    # Groups: one with services stays; an empty one of the office's own goes.
    with pytest.raises(ApplicationError) as caught:
        services.working_group_delete(user=admin, group=group)
    assert caught.value.code == "group_has_services"
    own = services.working_group_create(
        user=admin,
        office=Office.objects.get(code="PIO86"),
        data={"code": "km", "name_th": "กลุ่มจัดการความรู้", "name_en": "Knowledge group"},
    )
    services.working_group_delete(user=admin, group=own)
    assert list(
        WorkingGroup.objects.filter(office__code="PIO86").values_list("code", flat=True)
    ) == ["promotion", "standards"]


def test_delete_buttons_on_the_catalog_pages(client: Any) -> None:
    seed("PIO86")
    admin = person("a86", "PIO86", "administrator")
    group = WorkingGroup.objects.get(office__code="PIO86", code="standards")
    extra = _extra_service(group, admin)
    client.force_login(admin)
    page = client.get(reverse("promotion:service-edit", args=[extra.pk])).content.decode()
    assert reverse("promotion:service-delete", args=[extra.pk]) in page and "confirm(" in page
    standard = Service.objects.get(working_group=group, code="fda")
    refused = client.post(reverse("promotion:service-delete", args=[standard.pk]), follow=True)
    assert (
        "make it inactive instead" in refused.content.decode() or "แทน" in refused.content.decode()
    )
    assert Service.objects.filter(pk=standard.pk).exists()
    done = client.post(reverse("promotion:service-delete", args=[extra.pk]))
    assert done.status_code == 302 and done["Location"].endswith("?office=PIO86")
    assert not Service.objects.filter(pk=extra.pk).exists()
    # A manager is no administrator: 403 and nothing changes.
    client.force_login(person("m86", "PIO86", "manager"))
    assert client.post(reverse("promotion:group-delete", args=[group.pk])).status_code == 403
    assert WorkingGroup.objects.filter(pk=group.pk).exists()
