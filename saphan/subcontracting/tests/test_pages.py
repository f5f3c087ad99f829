"""Pages: every page renders for an officer, the flows work through the forms, and the printed
documents are Thai PDFs."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.services import representative_add
from saphan.subcontracting import weeks
from saphan.subcontracting.models import (
    Agreement,
    GroupProfile,
    Lot,
    LotStatus,
    Member,
    OfferStatus,
    Payment,
    WorkOffer,
)
from saphan.subcontracting.services import allocation, ledger, lots
from saphan.subcontracting.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_every_page_renders_for_an_officer() -> None:
    officer = f.officer()
    group = f.group()
    party = f.company()
    offer = f.offer(officer, party)
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=run)
    lot = lots.lot_accept(user=officer, lot=run.lots.get())
    today = timezone.localdate()
    ledger.material_record(user=officer, lot=lot, kind="issued", moved_on=today, pieces=700)
    ledger.receipt_record(user=officer, lot=lot, received_on=today, accepted=100)
    payment = ledger.payment_record(
        user=officer, lot=lot, paid_on=today, amount_baht=Decimal("4500"), method="cash"
    )
    client = _client("officer86")
    member = Member.objects.filter(group=group).first()
    assert member is not None
    for url in [
        "/subcontracting/",
        "/subcontracting/?province=86",
        "/subcontracting/groups/",
        f"/subcontracting/groups/{group.pk}/",
        f"/subcontracting/members/{member.pk}/",
        "/subcontracting/companies/",
        "/subcontracting/companies/?q=ชุมพร&all=1",
        f"/subcontracting/companies/{party.pk}/",
        "/subcontracting/offers/",
        f"/subcontracting/offers/new/?party={party.pk}",
        f"/subcontracting/offers/{offer.pk}/",
        f"/subcontracting/offers/{offer.pk}/edit/",
        "/subcontracting/runs/",
        f"/subcontracting/runs/{run.pk}/",
        f"/subcontracting/lots/{lot.pk}/",
        f"/subcontracting/payments/{payment.pk}/shares/",
        "/subcontracting/wages/",
        f"/registry/{group.pk}/",
        f"/registry/{party.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/subcontracting/runs/{run.pk}/").content.decode()
    assert "กลุ่มตัดเย็บบ้านนาโพธิ์" in page
    registry_page = client.get(f"/registry/{group.pk}/").content.decode()
    assert "เสื้อเชิ้ต" in registry_page  # the subcontracting panel shows the group's lot


def _title(pdf: bytes) -> str:
    """The document title from the PDF's information dictionary (UTF-16 hex or plain)."""
    found = re.search(rb"/Title (<[0-9a-fA-F]+>|\((?:[^)\\]|\\.)*\))", pdf)
    assert found is not None
    raw = found[1]
    if raw.startswith(b"<"):
        return bytes.fromhex(raw[1:-1].decode()).decode("utf-16")
    return raw[1:-1].decode("latin-1")


def test_pdfs_are_thai_documents() -> None:
    officer = f.officer()
    f.group()
    f.offer(officer, f.company())
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=run)
    lot = lots.lot_accept(user=officer, lot=run.lots.get())
    today = timezone.localdate()
    ledger.receipt_record(user=officer, lot=lot, received_on=today, accepted=100)
    payment = ledger.payment_record(
        user=officer, lot=lot, paid_on=today, amount_baht=Decimal("4500"), method="cash"
    )
    client = _client("officer86")
    agreement = client.get(f"/subcontracting/lots/{lot.pk}/agreement.pdf")
    assert agreement.status_code == 200
    assert agreement["Content-Type"] == "application/pdf"
    assert agreement.content.startswith(b"%PDF")
    number = Agreement.objects.get(lot=lot).number
    assert _title(agreement.content) == f"ข้อตกลงจ้างทำงานที่บ้าน {number}"
    slip = client.get(f"/subcontracting/payments/{payment.pk}/slip.pdf")
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF")
    assert _title(slip.content) == f"ใบสำคัญจ่ายเงิน {payment.number}"


def test_offer_form_flow_and_the_wage_refusal_shown_to_the_poster() -> None:
    f.officer()
    party = f.company()
    f.group()
    client = _client("officer86")
    start = f.week1()
    data = {
        "party": party.pk, "title": "เสื้อโปโล", "pieces": "500", "piece_rate_baht": "20",
        "release_on": start.strftime("%d/%m/") + str(start.year + 543),
        "due_on": weeks.week_end(start, 3).isoformat(), "min_lot_pieces": "100", "max_groups": "2",
        "op-TOTAL_FORMS": "2", "op-INITIAL_FORMS": "0",
        "op-0-name": "เย็บประกอบ", "op-0-skill": "lockstitch_seam",
        "op-0-machine_type": "lockstitch", "op-0-sam_minutes": "12",
        "st-TOTAL_FORMS": "1", "st-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(f"/subcontracting/offers/new/?party={party.pk}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = WorkOffer.objects.get()
    assert offer.release_on == start
    assert [op.sam_minutes for op in offer.operations.all()] == [Decimal("12.00")]
    client.post(f"/subcontracting/offers/{offer.pk}/post/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.POSTED
    page = client.get(offer.get_absolute_url()).content.decode()
    # 20 × 60 × 0.35 ÷ 12 = 35.00 baht an hour: below 43.88
    assert 'data-testid="wage-verdict"' in page and "35.00" in page and "43.88" in page


def test_readiness_forms_name_the_field() -> None:
    f.officer()
    group = f.group(members=0, intent=False)
    client = _client("officer86")
    response = client.post(
        f"/subcontracting/groups/{group.pk}/",
        {"part": "member", "full_name": "นางมาลี", "hours_per_day": "6", "days_per_week": "5"},
    )
    assert response.status_code == 200
    assert "consent" in response.content.decode() or "ยินยอม" in response.content.decode()
    assert Member.objects.filter(group=group).count() == 0
    response = client.post(
        f"/subcontracting/groups/{group.pk}/",
        {"part": "member", "full_name": "นางมาลี", "hours_per_day": "6", "days_per_week": "5",
         "consent_on": "01/03/2568", "skills": ["lockstitch_seam", "overlock_seam"]},
    )  # fmt: skip
    assert response.status_code == 302
    member = Member.objects.get(group=group)
    assert member.skills == ["lockstitch_seam", "overlock_seam"]
    assert str(member.consent_on) == "2025-03-01"
    client.post(
        f"/subcontracting/groups/{group.pk}/",
        {"part": "profile", "intent_signed_on": "02/03/2568", "intent_signed_by": "นางมาลี"},
    )
    profile = GroupProfile.objects.get(establishment=group)
    assert profile.intent_signed_by == "นางมาลี"


def test_run_review_publish_through_the_pages() -> None:
    officer = f.officer()
    f.group("กลุ่มเอ")
    f.offer(officer, f.company(), pieces=600, min_lot=100)
    client = _client("officer86")
    response = client.post(
        "/subcontracting/runs/",
        {"province": "86", "week1_on": f.week1().isoformat(), "safety_margin": "0.10"},
    )
    assert response.status_code == 302
    run_url = response["Location"]
    lot = Lot.objects.get()
    client.post(f"/subcontracting/lots/{lot.pk}/review/adjust/", {"pieces": "300"})
    lot.refresh_from_db()
    assert lot.pieces == 300
    client.post(f"/subcontracting/lots/{lot.pk}/review/adjust/", {"pieces": "5000"})
    lot.refresh_from_db()
    assert lot.pieces == 300
    client.post(re.sub(r"/$", "/publish/", run_url))
    lot.refresh_from_db()
    assert lot.status == LotStatus.OFFERED
    assert Payment.objects.count() == 0


def test_the_groups_own_page_reads_in_a_fixed_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    # A group with several accepted lots: their receipts and last reports are read together.
    officer = f.officer()
    group = f.group()
    manager = person("manager86", "PIO86", "manager")
    representative_add(
        user=manager, establishment=group, username="rep.g", first_name="ผู้แทน", password=PASSWORD
    )
    for i in range(3):
        f.offer(officer, f.company(f"บริษัท {i} จำกัด"), pieces=100, title=f"แบบ {i}")
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=run)
    today = timezone.localdate()
    for lot in run.lots.all():
        lot = lots.lot_accept(user=officer, lot=lot)
        ledger.receipt_record(user=officer, lot=lot, received_on=today, accepted=10)
        lots.lot_progress(user=officer, lot=lot, reported_on=today, pieces_done=20)
    client = _client("rep.g")
    client.get("/subcontracting/my/")
    with django_assert_max_num_queries(13):
        page = client.get("/subcontracting/my/").content.decode()
    assert page.count('data-testid="accepted-lot"') == 3
    # Each lot's last report and its receipts, from the batched reads.
    assert page.count("รายงานล่าสุด: เย็บแล้ว 20 ชิ้น") == 3
    assert page.count("ตรวจรับแล้ว: ผ่าน 10 ") == 3


def test_unknown_actions_are_not_found() -> None:
    officer = f.officer()
    f.group()
    offer = f.offer(officer, f.company())
    client = _client("officer86")
    assert client.post(f"/subcontracting/offers/{offer.pk}/nonsense/").status_code == 404
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    assert client.post(f"/subcontracting/runs/{run.pk}/nonsense/").status_code == 404
    run.refresh_from_db()
    assert run.status == "proposed"  # not discarded by a mistyped action


def test_province_selects_speak_the_pages_language() -> None:
    f.officer()
    client = _client("officer86")
    client.cookies["saphan_language"] = "en"
    for url in ("/subcontracting/groups/", "/subcontracting/companies/", "/subcontracting/"):
        page = client.get(url).content.decode()
        options = re.findall(r'<option value="86"[^>]*>([^<]*)</option>', page)
        assert options == ["Chumphon"], url
