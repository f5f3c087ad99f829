"""Editing through the pages saves: each edit page's form, posted with one value changed, changes
that value in the database (a ModelForm bound to the record once made the services believe
nothing had changed, and the edit was silently lost)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from saphan.core.models import Office
from saphan.core.tests.factories import person
from saphan.promotion.models import (
    Activity,
    Consultant,
    Fund,
    Project,
    ProjectTask,
    Service,
    Team,
    TrainingEvent,
    WorkingGroup,
)
from saphan.promotion.tests.factories import seed

pytestmark = pytest.mark.django_db


def _form_of(response: Any) -> dict[str, Any]:
    """The values the page's form would send back as it stands."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[key] = [v.pk if isinstance(v, Model) else v for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, dt.date):
            data[key] = value.strftime("%d/%m/") + str(value.year + 543)
        elif isinstance(value, dt.time):
            data[key] = value.strftime("%H:%M")
        else:
            data[key] = value.pk if isinstance(value, Model) else value
    return data


@pytest.fixture
def records() -> dict[str, Any]:
    seed("PIO86", "IPC10")
    office = Office.objects.get(code="PIO86")
    fund = Fund.objects.create(
        office=office, name="งบประจำปี", source="annual", amount=Decimal("100000"), fiscal_year=2568
    )
    activity = Activity.objects.create(fund=fund, name="อบรม")
    project = Project.objects.create(office=office, name="โครงการ", fiscal_year=2568)
    consultant = Consultant.objects.create(name="นายวิชัย", expertise="ฉลาก", office=office)
    task = ProjectTask.objects.create(
        project=project, name="ประสานงาน", done_by="staff", effort_hours=8
    )
    training = TrainingEvent.objects.create(
        office=office,
        topic="ออกแบบฉลาก",
        starts_on=dt.date(2025, 6, 2),
        ends_on=dt.date(2025, 6, 3),
        place="ห้องประชุม",
        trainers="วิทยากร",
    )
    return {
        "fund": fund,
        "activity": activity,
        "project": project,
        "consultant": consultant,
        "task": task,
        "training": training,
        "service": Service.objects.get(working_group__office=office, code="fda"),
        "group": WorkingGroup.objects.get(office=office, code="standards"),
    }


Case = tuple[str, str, str, str, Any, Callable[[Any], Any]]
CASES: list[Case] = [
    # (record, url name, field posted, posted value, expected, read back)
    ("fund", "promotion:fund-edit", "name", "งบประจำปี (แก้)", "งบประจำปี (แก้)", lambda r: r.name),
    ("activity", "promotion:activity-edit", "name", "อบรมใหม่", "อบรมใหม่", lambda r: r.name),
    ("project", "promotion:project-edit", "fiscal_year", "2569", 2569, lambda r: r.fiscal_year),
    ("consultant", "promotion:consultant-edit", "expertise", "บรรจุภัณฑ์", "บรรจุภัณฑ์",
     lambda r: r.expertise),
    ("task", "promotion:project-task-edit", "task-effort_hours", "12", 12,
     lambda r: r.effort_hours),
    ("training", "promotion:training-edit", "place", "โรงแรม", "โรงแรม", lambda r: r.place),
    ("service", "promotion:service-edit", "usual_minutes", "75", 75, lambda r: r.usual_minutes),
    ("group", "promotion:group-edit", "name_en", "Standards", "Standards", lambda r: r.name_en),
]  # fmt: skip


@pytest.mark.parametrize(("key", "url_name", "field", "posted", "expected", "read"), CASES)
def test_an_edit_page_saves_the_change(
    records: dict[str, Any],
    key: str,
    url_name: str,
    field: str,
    posted: str,
    expected: Any,
    read: Callable[[Any], Any],
) -> None:
    record = records[key]
    client = Client()
    client.force_login(person("a86", "PIO86", "administrator"))
    url = reverse(url_name, args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {**_form_of(page), field: posted})
    assert response.status_code == 302, response.context["form"].errors
    record.refresh_from_db()
    assert read(record) == expected


def test_a_team_edit_saves_hours_and_workdays() -> None:
    seed("PIO86", "IPC10")
    manager = person("m86", "PIO86", "manager")
    officer = person("o86", "PIO86", "officer")
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("promotion:team-create") + "?office=PIO86")
    created = client.post(
        reverse("promotion:team-create") + "?office=PIO86",
        {
            **_form_of(page),
            "name": "ทีมเหนือ",
            "members": [officer.pk],
            "weekdays": ["0", "1", "2"],
            "start_office": Office.objects.get(code="PIO86").pk,
        },
    )
    assert created.status_code == 302
    team = Team.objects.get(name="ทีมเหนือ")
    url = reverse("promotion:team-edit", args=[team.pk])
    page = client.get(url)
    saved = client.post(url, {**_form_of(page), "day_end": "15:30", "weekdays": ["0", "3"]})
    assert saved.status_code == 302
    team.refresh_from_db()
    assert (f"{team.day_end:%H:%M}", team.workdays) == ("15:30", "03")
