"""Projects: the share of work done by staff and by consultants, and the flag at ≥ 90%."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from saphan.core.errors import ApplicationError
from saphan.core.models import Office
from saphan.core.tests.factories import person
from saphan.promotion.figures import shares
from saphan.promotion.models import ProjectTask
from saphan.promotion.selectors import projects as selectors
from saphan.promotion.services import projects as services

D = Decimal


def test_shares_by_effort_and_cost_and_the_flag() -> None:
    s = shares(
        [
            ("staff", 40, D("15000")),
            ("staff", 24, D("8000")),
            ("consultant", 60, D("210000")),
            ("consultant", 36, D("90000")),
        ],
        90,
    )
    assert (s.staff_hours, s.consultant_hours, s.consultant_effort_percent) == (64, 96, 60.0)
    assert (s.consultant_cost_percent, s.staff_cost_percent, s.flagged) == (92.9, 7.1, False)
    outsourced = shares([("consultant", 280, D("800000")), ("staff", 8, D("0"))], 90)
    assert (outsourced.consultant_effort_percent, outsourced.flagged) == (97.2, True)
    exactly = shares([("consultant", 90, D("1")), ("staff", 10, D("1"))], 90)
    assert (exactly.consultant_effort_percent, exactly.flagged) == (90.0, True)
    assert shares([("consultant", 89, D("1")), ("staff", 11, D("1"))], 90).flagged is False
    only = shares([("consultant", 5, D("1"))], 100)
    assert only.flagged is True  # no staff work at all, whatever the threshold
    empty = shares([], 90)
    assert (empty.consultant_effort_percent, empty.flagged) == (None, False)


@pytest.mark.django_db
def test_project_tasks_rules_and_flag_through_the_services(settings: object) -> None:
    officer = person("o", "IPC10", "officer")
    office = Office.objects.get(code="IPC10")
    consultant = services.consultant_create(
        user=officer,
        office=office,
        data={"name": "บริษัท ที่ปรึกษา จำกัด", "expertise": "ระบบขายออนไลน์"},
    )
    project = services.project_create(
        user=officer, office=office, data={"name": "ขายออนไลน์", "fiscal_year": 2568}
    )
    contract = services.contract_add(
        user=officer,
        consultant=consultant,
        data={
            "project": project,
            "number": "จ.1/2568",
            "signed_on": dt.date(2025, 1, 5),
            "fee": D("800000"),
        },
    )
    with pytest.raises(ApplicationError) as caught:
        services.task_create(
            user=officer,
            project=project,
            data={"name": "x", "done_by": "consultant", "effort_hours": 5},
        )
    assert [e.code for e in caught.value.fields["consultant"]] == ["required"]
    with pytest.raises(ApplicationError) as caught:
        services.task_create(
            user=officer,
            project=project,
            data={"name": "x", "done_by": "staff", "effort_hours": 5, "consultant": consultant},
        )
    assert [e.code for e in caught.value.fields["consultant"]] == ["staff_task"]
    assert ProjectTask.objects.count() == 0
    services.task_create(
        user=officer,
        project=project,
        data={
            "name": "จัดอบรมทั้งหมด",
            "done_by": "consultant",
            "effort_hours": 280,
            "consultant": consultant,
            "contract": contract,
            "cost": D("800000"),
        },
    )
    services.task_create(
        user=officer,
        project=project,
        staff=[officer],
        data={"name": "ตรวจรับงาน", "done_by": "staff", "effort_hours": 8},
    )
    (row,) = selectors.project_list_for_user(officer)
    assert (row.shares.consultant_effort_percent, row.shares.flagged) == (97.2, True)
    assert [r.project for r in selectors.project_list_for_user(officer, flagged_only=True)] == [
        project
    ]
    # Staff take over the organisation: below the threshold, no flag.
    services.task_create(
        user=officer,
        project=project,
        staff=[officer],
        data={"name": "สถานที่ พิธีเปิด ภาพรวม", "done_by": "staff", "effort_hours": 40},
    )
    (row,) = selectors.project_list_for_user(officer)
    assert (row.shares.consultant_effort_percent, row.shares.flagged) == (85.4, False)
    # A province outside the center sees none of it, and cannot add to it.
    lampang = person("o52", "PIO52", "officer")
    assert selectors.project_list_for_user(lampang) == []
    with pytest.raises(ApplicationError):
        services.task_create(
            user=lampang, project=project, data={"name": "y", "done_by": "staff", "effort_hours": 1}
        )
    assert ProjectTask.objects.count() == 3


@pytest.mark.django_db
def test_a_contract_is_corrected_on_its_own_page(client: Any) -> None:
    officer = person("o", "IPC10", "officer")
    office = Office.objects.get(code="IPC10")
    consultant = services.consultant_create(
        user=officer, office=office, data={"name": "นายวิชัย", "expertise": "ฉลาก"}
    )
    first = services.project_create(
        user=officer, office=office, data={"name": "ฉลากชุมชน", "fiscal_year": 2568}
    )
    second = services.project_create(
        user=officer, office=office, data={"name": "บรรจุภัณฑ์", "fiscal_year": 2568}
    )
    contract = services.contract_add(
        user=officer,
        consultant=consultant,
        data={
            "project": first,
            "number": "จ.1/2568",
            "signed_on": dt.date(2025, 1, 5),
            "fee": D("1"),
        },
    )
    client.force_login(officer)
    url = reverse("promotion:contract-edit", args=[contract.pk])
    assert url in client.get(consultant.get_absolute_url()).content.decode()
    form = {
        "project": first.pk,
        "number": "จ.1/2568",
        "signed_on": "05/01/2568",
        "ends_on": "01/01/2568",
        "fee": "90000",
        "scope_of_work": "",
    }
    bad = client.post(url, form)
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    contract.refresh_from_db()
    assert contract.fee == D("1.00")
    ok = client.post(url, {**form, "ends_on": "31/03/2568"})
    assert ok.status_code == 302 and ok["Location"] == consultant.get_absolute_url()
    contract.refresh_from_db()
    assert (contract.fee, contract.ends_on) == (D("90000.00"), dt.date(2025, 3, 31))
    # A task of its project names it: it cannot move to another project.
    services.task_create(
        user=officer,
        project=first,
        data={"name": "วิทยากร", "done_by": "consultant", "consultant": consultant,
              "contract": contract, "effort_hours": 10},
    )  # fmt: skip
    with pytest.raises(ApplicationError) as caught:
        services.contract_update(user=officer, contract=contract, data={"project": second})
    assert [e.code for e in caught.value.fields["project"]] == ["contract_in_use"]
    # Another office's officer sees the registry but may not change the contract.
    client.force_login(person("o86", "PIO86", "officer"))
    assert client.get(url).status_code == 403
    with pytest.raises(ApplicationError) as caught:
        services.contract_update(
            user=person("o86b", "PIO86", "officer"), contract=contract, data={"fee": D("5")}
        )
    assert caught.value.status == 403
    contract.refresh_from_db()
    assert (contract.project, contract.fee) == (first, D("90000.00"))
