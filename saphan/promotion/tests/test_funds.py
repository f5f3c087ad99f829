"""Fund arithmetic (what remains after commitments and spending) and the manager's override."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from saphan.core.errors import ApplicationError
from saphan.core.models import Office, User
from saphan.core.tests.factories import person
from saphan.promotion.figures import fund_figures, line_figures
from saphan.promotion.models import BudgetLine, BudgetOverride, Commitment, Fund, Spending
from saphan.promotion.selectors import funds as selectors
from saphan.promotion.services import funds as services

D = Decimal


def test_line_figures_by_hand() -> None:
    # Budget 100,000: a 60,000 contract of which 25,000 is paid, and 10,000 paid directly.
    f = line_figures(D("100000"), [(1, D("60000"))], [(D("25000"), 1), (D("10000"), None)])
    assert (f.committed, f.spent, f.open_commitments, f.used, f.remaining) == (
        D("60000"),
        D("35000"),
        D("35000"),
        D("70000"),
        D("30000"),
    )
    # Paying more than a commitment promised uses the difference too.
    f = line_figures(D("100000"), [(1, D("60000"))], [(D("70000"), 1)])
    assert (f.open_commitments, f.used, f.remaining) == (D("0"), D("70000"), D("30000"))
    fund = fund_figures(D("500000"), [f, line_figures(D("200000"), [], [(D("5000"), None)])])
    assert (fund.allocated, fund.unallocated, fund.used, fund.remaining) == (
        D("300000"),
        D("200000"),
        D("75000"),
        D("425000"),
    )


amounts = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)


@given(
    budget=amounts,
    commitments=st.lists(amounts, max_size=6),
    payments=st.lists(st.tuples(amounts, st.integers(min_value=-1, max_value=5)), max_size=8),
)
def test_line_invariants(
    budget: Decimal, commitments: list[Decimal], payments: list[tuple[Decimal, int]]
) -> None:
    listed = list(enumerate(commitments))
    paid = [(amount, k if 0 <= k < len(commitments) else None) for amount, k in payments]
    f = line_figures(budget, listed, paid)
    assert f.remaining == budget - f.used
    assert f.used == f.spent + f.open_commitments
    assert f.spent == sum((a for a, _k in paid), D("0"))
    assert f.used >= max(f.spent, f.committed - sum((a for a, k in paid if k is not None), D("0")))
    # Paying an open commitment within what it still promises does not change what is used.
    for cid, amount in listed:
        open_part = amount - sum((a for a, k in paid if k == cid), D("0"))
        if open_part > 0:
            after = line_figures(budget, listed, [*paid, (open_part, cid)])
            assert after.used == f.used and after.spent == f.spent + open_part
            break


@pytest.fixture
def fund() -> Fund:
    manager = person("mgr", "IPC1", "manager")
    made = services.fund_create(
        user=manager,
        office=Office.objects.get(code="IPC1"),
        data={
            "name": "กองทุนประชารัฐ ภาคเหนือตอนบน",
            "source": "pracharath",
            "amount": D("13000000"),
            "fiscal_year": 2563,
        },
    )
    activity = services.activity_create(
        user=manager,
        fund=made,
        data={"name": "อบรมเจ้าหน้าที่ สอจ. ด้านออกแบบผลิตภัณฑ์และบรรจุภัณฑ์"},
    )
    services.line_create(user=manager, activity=activity, name="ค่าวิทยากร", planned=D("180000"))
    return made


@pytest.mark.django_db
def test_spending_within_the_line_and_overspending_needs_a_manager(fund: Fund) -> None:
    officer = person("off", "IPC1", "officer")
    manager = User.objects.get(username="mgr")
    line = BudgetLine.objects.get()
    contract = services.commitment_add(
        user=officer,
        line=line,
        data={"on": "2020-01-20", "amount": D("150000"), "description": "สัญญาจ้างวิทยากร"},
    )
    services.spending_add(
        user=officer,
        line=line,
        commitment=contract,
        data={"on": "2020-02-10", "amount": D("150000"), "description": "จ่ายตามสัญญา"},
    )
    # 30,000 remain; 45,000 more needs an override: refused without a reason, and an officer
    # may not give one. Nothing is written either time.
    extra = {"on": "2020-02-11", "amount": D("45000"), "description": "ค่าวิทยากรเพิ่ม"}
    with pytest.raises(ApplicationError) as caught:
        services.spending_add(user=officer, line=line, data=extra)
    assert (caught.value.code, caught.value.status) == ("over_budget", 409)
    assert [e.code for e in caught.value.fields["override_reason"]] == ["override_needed"]
    with pytest.raises(ApplicationError) as caught:
        services.spending_add(user=officer, line=line, data=extra, override_reason="จำเป็น")
    assert caught.value.status == 403
    assert (Spending.objects.count(), BudgetOverride.objects.count()) == (1, 0)
    services.spending_add(
        user=manager, line=line, data=extra, override_reason="เพิ่มวิทยากรตามจำนวนผู้เข้าอบรม"
    )
    (override,) = BudgetOverride.objects.all()
    assert (override.kind, override.amount, override.over_by, override.approved_by) == (
        "spending",
        D("45000"),
        D("15000"),
        manager,
    )
    figures, activities, overrides = selectors.fund_detail(fund)
    (line_row,) = activities[0].lines
    assert (line_row[1].spent, line_row[1].remaining) == (D("195000"), D("-15000"))
    assert (figures.allocated, figures.used, figures.remaining) == (
        D("180000"),
        D("195000"),
        D("12805000"),
    )
    assert [o.reason for o in overrides] == ["เพิ่มวิทยากรตามจำนวนผู้เข้าอบรม"]


@pytest.mark.django_db
def test_lines_past_the_fund_need_an_override_and_a_fund_cannot_shrink_below_them(
    fund: Fund,
) -> None:
    manager = User.objects.get(username="mgr")
    activity = fund.activities.get()
    with pytest.raises(ApplicationError) as caught:
        services.line_create(user=manager, activity=activity, name="อื่น ๆ", planned=D("12900000"))
    assert caught.value.code == "over_budget"
    assert BudgetLine.objects.count() == 1
    services.line_create(
        user=manager,
        activity=activity,
        name="อื่น ๆ",
        planned=D("12900000"),
        override_reason="รวมงบกลางปี",
    )
    assert BudgetOverride.objects.get().over_by == D("80000")
    with pytest.raises(ApplicationError) as caught:
        services.fund_update(user=manager, fund=fund, data={"amount": D("1000000")})
    assert [e.code for e in caught.value.fields["amount"]] == ["below_allocated"]
    fund.refresh_from_db()
    assert fund.amount == D("13000000")


@pytest.mark.django_db
def test_chumphon_cannot_touch_the_upper_north_fund(fund: Fund) -> None:
    chumphon = person("m86", "PIO86", "manager")
    assert selectors.fund_list_for_user(chumphon) == []
    with pytest.raises(Fund.DoesNotExist):
        selectors.fund_get_for_user(chumphon, fund.pk)
    with pytest.raises(ApplicationError) as caught:
        services.commitment_add(
            user=chumphon,
            line=BudgetLine.objects.get(),
            data={"on": "2020-01-01", "amount": D("1"), "description": "x"},
        )
    assert caught.value.status == 403
    assert Commitment.objects.count() == 0
    # The regional center's provincial office (Lampang) does not see it either; the center does.
    assert selectors.fund_list_for_user(person("o52", "PIO52", "manager")) == []
    assert [r.fund for r in selectors.fund_list_for_user(person("v1", "IPC1", "viewer"))] == [fund]


@given(
    budget=amounts,
    commitments=st.lists(amounts, min_size=1, max_size=5),
    payments=st.lists(st.tuples(amounts, st.integers(min_value=-1, max_value=4)), max_size=6),
    undo=st.integers(min_value=0, max_value=10),
)
def test_an_entry_and_its_reversal_add_up_to_nothing(
    budget: Decimal, commitments: list[Decimal], payments: list[tuple[Decimal, int]], undo: int
) -> None:
    listed = list(enumerate(commitments))
    paid = [(amount, k if 0 <= k < len(commitments) else None) for amount, k in payments]
    before = line_figures(budget, listed, paid)
    # A wrong commitment recorded and reversed (under its own id), and a wrong payment of
    # a commitment recorded and reversed: the figures are as before.
    wrong_id = len(commitments)
    with_commitment = [*listed, (wrong_id, D("777.77")), (wrong_id, D("-777.77"))]
    target = undo % len(commitments)
    with_payment = [*paid, (D("55.55"), target), (D("-55.55"), target)]
    assert line_figures(budget, with_commitment, with_payment) == before


@pytest.mark.django_db
def test_a_wrong_commitment_and_payment_are_reversed_not_deleted(fund: Fund) -> None:
    officer = person("off", "IPC1", "officer")
    line = BudgetLine.objects.get()
    contract = services.commitment_add(
        user=officer,
        line=line,
        data={"on": "2020-01-20", "amount": D("150000"), "description": "สัญญาผิดงวด"},
    )
    paid = services.spending_add(
        user=officer,
        line=line,
        commitment=contract,
        data={"on": "2020-02-10", "amount": D("50000"), "description": "จ่ายงวดที่ 1"},
    )
    # The commitment has a payment standing against it: that payment goes first. A reason is
    # needed. Refusals write nothing.
    with pytest.raises(ApplicationError) as caught:
        services.commitment_reverse(user=officer, commitment=contract, reason="ผิดสัญญา")
    assert (caught.value.code, caught.value.status) == ("commitment_paid", 409)
    with pytest.raises(ApplicationError) as caught:
        services.spending_reverse(user=officer, spending=paid, reason="  ")
    assert [e.code for e in caught.value.fields["reason"]] == ["required"]
    assert (Commitment.objects.count(), Spending.objects.count()) == (1, 1)
    # Someone of another office may not.
    with pytest.raises(ApplicationError) as caught:
        services.spending_reverse(user=person("o86", "PIO86", "officer"), spending=paid, reason="x")
    assert caught.value.status == 403
    assert Spending.objects.count() == 1

    back = services.spending_reverse(user=officer, spending=paid, reason="จ่ายผิดงวด")
    assert (back.amount, back.reverses, back.commitment, back.reason, back.created_by) == (
        D("-50000"),
        paid,
        contract,
        "จ่ายผิดงวด",
        officer,
    )
    with pytest.raises(ApplicationError) as caught:
        services.spending_reverse(user=officer, spending=paid, reason="อีกครั้ง")
    assert caught.value.code == "entry_reversed"
    with pytest.raises(ApplicationError) as caught:
        services.spending_reverse(user=officer, spending=back, reason="กลับรายการ")
    assert caught.value.code == "entry_is_reversal"
    undone = services.commitment_reverse(user=officer, commitment=contract, reason="ผิดสัญญา")
    assert (undone.amount, undone.reverses, undone.description) == (
        D("-150000"),
        contract,
        "สัญญาผิดงวด",
    )
    # The line is back to its whole budget; the four entries stay, for the history.
    figures, activities, _overrides = selectors.fund_detail(fund)
    (line_row,) = activities[0].lines
    f = line_row[1]
    assert (f.committed, f.spent, f.used, f.remaining) == (D("0"), D("0"), D("0"), D("180000"))
    assert figures.remaining == D("13000000")
    assert (Commitment.objects.count(), Spending.objects.count()) == (2, 2)
    rows = selectors.line_entries(
        BudgetLine.objects.prefetch_related("commitments", "spendings").get()
    )
    assert [(r.kind, r.entry.amount, r.reversed) for r in rows] == [
        ("commitment", D("150000.00"), True),
        ("spending", D("50000.00"), True),
        ("spending", D("-50000.00"), False),
        ("commitment", D("-150000.00"), False),
    ]
    # A reversed commitment cannot be paid any more.
    with pytest.raises(ApplicationError) as caught:
        services.spending_add(
            user=officer,
            line=line,
            commitment=contract,
            data={"on": "2020-03-01", "amount": D("1000"), "description": "x"},
        )
    assert [e.code for e in caught.value.fields["commitment"]] == ["reversed"]


@pytest.mark.django_db
def test_reversing_from_the_activity_page_and_the_api(fund: Fund, client: Any) -> None:
    officer = person("off", "IPC1", "officer")
    line = BudgetLine.objects.get()
    wrong = services.commitment_add(
        user=officer,
        line=line,
        data={"on": "2020-01-20", "amount": D("9000"), "description": "ค่าวัสดุ (ผิดบรรทัด)"},
    )
    client.force_login(officer)
    page = client.get(line.activity.get_absolute_url()).content.decode()
    assert reverse("promotion:entry-reverse", args=["commitment", wrong.pk]) in page
    response = client.post(
        reverse("promotion:entry-reverse", args=["commitment", wrong.pk]), {"reason": ""}
    )
    assert response.status_code == 302 and Commitment.objects.count() == 1
    response = client.post(
        reverse("promotion:entry-reverse", args=["commitment", wrong.pk]),
        {"reason": "บันทึกผิดบรรทัด"},
    )
    assert response.status_code == 302 and Commitment.objects.count() == 2
    page = client.get(line.activity.get_absolute_url()).content.decode()
    assert "บันทึกผิดบรรทัด" in page and 'class="reversed"' in page
    assert '<span class="badge">รายการผูกพัน</span>' in page and "ข้อตกลงของกลุ่ม" not in page
    paid = services.spending_add(
        user=officer,
        line=line,
        data={"on": "2020-02-01", "amount": D("100"), "description": "ค่าส่ง"},
    )
    api = client.post(
        f"/api/v1/promotion/spending/{paid.pk}/reverse",
        {"reason": "ซ้ำกับใบเสร็จเดิม"},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    assert Spending.objects.get(pk=api.json()["id"]).amount == D("-100")
    # Chumphon's officer does not find the upper north fund's entries: a 404, nothing written.
    client.force_login(person("o86", "PIO86", "officer"))
    refused = client.post(
        f"/api/v1/promotion/spending/{paid.pk}/reverse",
        {"reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    assert Spending.objects.count() == 2
