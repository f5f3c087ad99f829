"""The catalog: seeded idempotently, edited by administrators of the owning office only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from saphan.core.errors import ApplicationError
from saphan.core.models import Office
from saphan.core.tests.factories import person
from saphan.promotion.models import OfficerSkill, Service, Skill, WorkingGroup
from saphan.promotion.selectors.catalog import office_places, service_list
from saphan.promotion.services import catalog as services
from saphan.promotion.tests.factories import located, north, seed

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
