"""Quality in the database: scores and issues after the scan and after each fix, the worklist,
snapshots with exact averages, the report command."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from saphan.core.tests.factories import PASSWORD, person
from saphan.registry import quality, services
from saphan.registry.models import Establishment, QualityIssue, QualitySnapshot
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db

FRESH = {"verified_at": timezone.now()}


def _good(name: str, **extra: object) -> Establishment:
    fields = {
        "latitude": Decimal("10.5"),
        "longitude": Decimal("99.2"),
        "house_no": "1",
        **FRESH,
        **extra,
    }
    return establishment(
        name,
        kind="business",
        juristic_id="0865551000012",
        **fields,  # type: ignore[arg-type]
    )


def test_scan_scores_and_snapshot_with_exact_averages() -> None:
    good = _good("ร้าน ก")
    bad = establishment(
        "ร้าน ข", kind="business", juristic_id="0865551000018", postal_code="86999", verified_at=None
    )
    today = timezone.localdate()
    result = quality.quality_scan(today=today)
    good.refresh_from_db()
    bad.refresh_from_db()
    assert list(good.quality_issues.values_list("rule", "params")) == []
    assert (good.completeness, good.validity, good.currency) == (100, 100, 100)
    rules = set(bad.quality_issues.values_list("rule", flat=True))
    assert {
        "format.juristic_id",
        "postal.subdistrict",
        "currency.never_verified",
        "required.coordinates",
    } <= rules
    assert result["records"] == 2
    snapshot = QualitySnapshot.objects.get(province_id="86", day=today)
    assert snapshot.records == 2
    assert snapshot.validity == (good.validity + bad.validity) // 2
    assert snapshot.open_issues == QualityIssue.objects.count()


def test_fix_and_verify_update_scores_at_once() -> None:
    officer = person("o", "PIO86", "officer")
    est = establishment("ร้าน ค", kind="business", juristic_id="0865551000018", verified_at=None)
    quality.quality_scan()
    assert est.quality_issues.filter(rule="format.juristic_id").exists()
    services.establishment_update(
        user=officer, establishment=est, data={"juristic_id": "0865551000012"}
    )
    assert not est.quality_issues.filter(rule="format.juristic_id").exists()
    services.establishment_verify(user=officer, establishment=est)
    est.refresh_from_db()
    assert est.currency == 100


def test_duplicates_found_by_the_full_scan() -> None:
    a = _good("บริษัท ทองดี จำกัด", house_no="5")
    b = _good("ทองดี", house_no="5")
    quality.quality_scan()
    issue = QualityIssue.objects.get(rule__startswith="duplicate.")
    assert {issue.establishment_id, issue.params["other"]} == {a.pk, b.pk}


def test_worklist_is_scoped_and_ordered_by_impact(client: Client) -> None:
    establishment("ชุมพร ไม่ครบ", kind="factory", verified_at=None)
    establishment("ลำปาง ไม่ครบ", kind="factory", subdistrict="520101", verified_at=None)
    quality.quality_scan()
    person("o", "PIO86", "officer")
    client.login(username="o", password=PASSWORD)
    data = client.get("/api/v1/registry/quality/issues").json()
    assert data["count"] > 0
    impacts = [i["impact"] for i in data["items"]]
    assert impacts == sorted(impacts, reverse=True)
    names = set(
        Establishment.objects.filter(
            pk__in=[i["establishment_id"] for i in data["items"]]
        ).values_list("name_th", flat=True)
    )
    assert names == {"ชุมพร ไม่ครบ"}
    page = client.get("/registry/quality/").content.decode()
    assert "ชุมพร ไม่ครบ" in page and "ลำปาง ไม่ครบ" not in page


def test_report_command_lists_every_open_issue_with_the_natural_key() -> None:
    establishment(
        "โรงงาน ก",
        factory={"fid": "10860000125417", "registration_no": "จ3-9(6)-1/51ชพ"},
        verified_at=None,
    )
    quality.quality_scan()
    out = io.StringIO()
    call_command("quality", "report", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == QualityIssue.objects.count()
    assert {r["natural_key"] for r in rows} == {"10860000125417"}
    assert {"rule", "field", "severity", "kind", "message_th", "message_en"} <= set(rows[0])
