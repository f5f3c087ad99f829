"""Quality in the database: scores and issues after the scan and after each fix, the worklist,
snapshots with exact averages, the report command."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from saphan.core.tests.factories import PASSWORD, person
from saphan.registry import quality, services
from saphan.registry.models import (
    EnterpriseProfile,
    Establishment,
    MineConcession,
    QualityIssue,
    QualityScore,
    QualitySnapshot,
)
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


def _issues() -> list[tuple[int, str, str, str, dict[str, object], int]]:
    return list(
        QualityIssue.objects.order_by("establishment_id", "rule", "field").values_list(
            "establishment_id", "rule", "field", "severity", "params", "impact"
        )
    )


def _scores() -> list[tuple[int, int, int, int]]:
    return list(
        QualityScore.objects.order_by("establishment_id").values_list(
            "establishment_id", "completeness", "validity", "currency"
        )
    )


def test_a_second_scan_keeps_open_issues_and_updates_what_changed() -> None:
    today = timezone.localdate()
    old = timezone.now() - dt.timedelta(days=400)
    est = establishment("ร้าน ง", kind="business", juristic_id="0865551000018", verified_at=old)
    quality.quality_scan(today=today)
    first = {i.rule: i for i in est.quality_issues.all()}
    assert set(first) == {"format.juristic_id", "currency.unverified", "required.coordinates"}
    quality.quality_scan(today=today + dt.timedelta(days=10))
    second = {i.rule: i for i in est.quality_issues.all()}
    assert {rule: (i.pk, i.found_at) for rule, i in second.items()} == {
        rule: (i.pk, i.found_at) for rule, i in first.items()
    }
    age = first["currency.unverified"].params["age_days"]
    assert second["currency.unverified"].params["age_days"] == age + 10
    Establishment.objects.filter(pk=est.pk).update(juristic_id="0865551000012")
    quality.quality_scan(today=today + dt.timedelta(days=10))
    assert set(est.quality_issues.values_list("pk", flat=True)) == {
        first["currency.unverified"].pk,
        first["required.coordinates"].pk,
    }
    score = QualityScore.objects.get(establishment=est)
    assert (score.completeness, score.validity) == (75, 100)


def test_scores_live_in_their_own_table_and_show_on_the_record() -> None:
    good = _good("ร้าน ก")
    merged = _good("ร้าน ก ซ้ำ")
    Establishment.objects.filter(pk=merged.pk).update(merged_into=good)
    QualityScore.objects.all().delete()
    assert Establishment.objects.get(pk=good.pk).completeness == 0  # not scored yet
    quality.quality_scan()
    assert _scores() == [(good.pk, 100, 100, 100)]
    est = Establishment.objects.select_related("quality_score").get(pk=good.pk)
    assert (est.completeness, est.validity, est.currency) == (100, 100, 100)
    assert est.quality_checked_at is not None


def test_chunks_give_the_same_result_as_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        establishment(f"ร้าน {i}", kind="business", juristic_id="0865551000018", verified_at=None)
    _good("บริษัท ทองดี จำกัด", house_no="5")
    _good("ทองดี", house_no="5")
    quality.quality_scan()
    whole = (_issues(), _scores())
    QualityIssue.objects.all().delete()
    QualityScore.objects.all().delete()
    monkeypatch.setattr(quality, "CHUNK", 2)
    assert quality.quality_scan()["records"] == 7
    assert (_issues(), _scores()) == whole


def test_a_cancelled_scan_run_again_finishes_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(4):
        establishment(f"ร้าน {i}", kind="business", juristic_id="0865551000018", verified_at=None)
    quality.quality_scan()
    whole = (_issues(), _scores())
    QualityIssue.objects.all().delete()
    QualityScore.objects.all().delete()
    monkeypatch.setattr(quality, "CHUNK", 2)

    def cancel(done: int, total: int, message: str) -> None:
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        quality.quality_scan(cancel)
    assert len(_scores()) == 2  # the first chunk committed, the rest untouched
    quality.quality_scan()
    assert (_issues(), _scores()) == whole


def test_a_partial_scan_keeps_duplicate_issues() -> None:
    a = _good("บริษัท ทองดี จำกัด", house_no="5")
    _good("ทองดี", house_no="5")
    quality.quality_scan()
    before = _issues()
    assert [i[1] for i in before] == ["duplicate.id"]  # the same juristic id
    quality.quality_scan(queryset=Establishment.objects.filter(pk=a.pk))
    assert _issues() == before


def test_the_rules_in_a_worker_process_give_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        establishment(f"ร้าน {i}", kind="business", juristic_id="0865551000018", verified_at=None)
    _good("บริษัท ทองดี จำกัด", house_no="5")
    _good("ทองดี", house_no="5")
    serial = quality.quality_scan()
    whole = (_issues(), _scores())
    QualityIssue.objects.all().delete()
    QualityScore.objects.all().delete()
    monkeypatch.setattr(quality, "CHUNK", 2)
    monkeypatch.setattr(quality, "PARALLEL_MIN", 1)
    assert quality.quality_scan() == serial
    assert (_issues(), _scores()) == whole


def test_a_rescan_rewrites_only_the_scores_that_changed() -> None:
    same = _good("ร้าน ก")
    fixed = establishment("ร้าน ข", kind="business", juristic_id="0865551000018", verified_at=None)
    quality.quality_scan()
    long_ago = timezone.now() - dt.timedelta(days=30)
    QualityScore.objects.update(checked_at=long_ago)
    Establishment.objects.filter(pk=fixed.pk).update(juristic_id="0865551000012")
    quality.quality_scan()
    scores = {s.establishment_id: s for s in QualityScore.objects.all()}
    assert scores[same.pk].checked_at == long_ago  # the same scores: the row was left alone
    assert scores[fixed.pk].checked_at > long_ago
    assert (scores[fixed.pk].completeness, scores[fixed.pk].validity) == (75, 100)


def test_scores_and_issues_go_with_their_record_and_a_full_scan_sweeps_any_left() -> None:
    # The link has no database constraint (a locking read per row written): the ORM's
    # cascade removes them with the record, and a full scan removes any whose record went
    # another way (here: deleted behind the ORM's back, as a record deleted while a scan was
    # writing its scores would leave them).
    kept = establishment("ร้าน ก", kind="business", verified_at=None)
    deleted = establishment("ร้าน ข", kind="business", verified_at=None)
    gone = establishment("ร้าน ค", kind="business", verified_at=None)
    quality.quality_scan()
    rules = sorted(QualityIssue.objects.filter(establishment=gone).values_list("rule", flat=True))
    assert rules == ["currency.never_verified", "required.coordinates"]
    deleted.delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_establishment WHERE id = %s", [gone.pk])
    assert sorted(QualityScore.objects.values_list("establishment_id", flat=True)) == sorted(
        [kept.pk, gone.pk]
    )
    assert set(QualityIssue.objects.values_list("establishment_id", flat=True)) == {
        kept.pk,
        gone.pk,
    }
    quality.quality_scan()
    assert quality._orphans_delete() == 0  # the scan left nothing to sweep
    assert list(QualityScore.objects.values_list("establishment_id", flat=True)) == [kept.pk]
    assert set(QualityIssue.objects.values_list("establishment_id", flat=True)) == {kept.pk}


def test_the_scans_chunks_give_the_rows_of_one_query_details_included(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Chunks join the detail tables on their own bound (scan_rows_after): every record keeps
    its details, a record without any keeps none, whatever chunk it falls in and wherever the
    queryset starts."""
    made = []
    for i in range(7):
        if i % 3 == 0:
            made.append(establishment(f"โรงงาน {i}", factory={"fid": f"1086000000{i:04d}"}))
        elif i % 3 == 1:
            made.append(establishment(f"ร้าน {i}", kind="business"))
        else:
            est = establishment(f"เหมือง {i}", kind="mine")
            MineConcession.objects.create(establishment=est, concession_no=f"{i}/2560")
            EnterpriseProfile.objects.create(establishment=est, members_count=i)
            made.append(est)
    monkeypatch.setattr(quality, "CHUNK", 2)
    for queryset in (
        Establishment.objects.all(),
        Establishment.objects.filter(id__gte=made[3].pk),
        Establishment.objects.filter(id__gte=made[6].pk),
        Establishment.objects.filter(id__gt=made[6].pk),
    ):
        chunks = list(quality._rows(queryset))
        assert [len(chunk) for chunk in chunks] == [2] * (queryset.count() // 2) + (
            [1] if queryset.count() % 2 else []
        )
        assert [row for chunk in chunks for row in chunk] == list(quality.scan_rows(queryset))
    ident, concession, members = (
        quality._ID,
        list(quality.VALUES_PATHS).index("mine_concession_no"),
        list(quality.VALUES_PATHS).index("enterprise_members_count"),
    )
    rows = [row for chunk in quality._rows(Establishment.objects.all()) for row in chunk]
    assert [(row[ident], row[concession], row[members]) for row in rows] == [
        (made[0].pk, None, None),
        (made[1].pk, None, None),
        (made[2].pk, "2/2560", 2),
        (made[3].pk, None, None),
        (made[4].pk, None, None),
        (made[5].pk, "5/2560", 5),
        (made[6].pk, None, None),
    ]
    licence = list(quality.VALUES_PATHS).index("factory_fid")
    assert [row[licence] for row in rows[::3]] == [
        "10860000000000", "10860000000003", "10860000000006"
    ]  # fmt: skip


def test_the_scans_own_reads_give_the_orms_rows() -> None:
    establishment(
        "ร้าน ก", kind="business", juristic_id="0865551000018", postal_code="86999",
        latitude=Decimal("10.5"), longitude=Decimal("99.2"),
        verified_at=timezone.now() - dt.timedelta(days=400),
    )  # fmt: skip
    _good("ร้าน ข")
    quality.quality_scan()
    rows = quality.scan_rows(Establishment.objects.all())
    assert quality._fetch(rows) == list(rows)
    issues = QualityIssue.objects.all()
    orm = issues.values_list(
        "id", "establishment_id", "rule", "field", "severity", "params", "impact"
    )
    assert sorted(tuple(row) for row in quality._issues_read(issues)) == sorted(orm)
    assert sorted(row[2] for row in orm) == [
        "currency.unverified", "format.juristic_id", "postal.subdistrict",
    ]  # fmt: skip


# Transactional (the second process sees committed rows only), on PostgreSQL only.
postgres_split = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the scan is split over two processes on PostgreSQL only",
    ),
    pytest.mark.django_db(transaction=True),
]


def _splits_seen(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids at which scans split (one per split scan), filled as they run."""
    splits: list[int] = []
    in_two = quality._scan_in_two

    def spy(*args: Any) -> quality.PartDone:
        splits.append(args[4])
        return in_two(*args)

    monkeypatch.setattr(quality, "_scan_in_two", spy)
    return splits


@pytest.mark.usefixtures("reference_data")
@postgres_split[0]
@postgres_split[1]
def test_a_scan_split_over_two_processes_gives_the_same_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for i in range(5):
        establishment(f"ร้าน {i}", kind="business", juristic_id="0865551000018", verified_at=None)
    _good("บริษัท ทองดี จำกัด", house_no="5")
    _good("ทองดี", house_no="5")
    monkeypatch.setattr(quality, "PARALLEL_MIN", None)
    serial = quality.quality_scan()
    whole = (_issues(), _scores())
    QualityIssue.objects.all().delete()
    QualityScore.objects.all().delete()
    monkeypatch.setattr(quality, "CHUNK", 2)
    monkeypatch.setattr(quality, "PARALLEL_MIN", 7)
    splits = _splits_seen(monkeypatch)
    seen: list[tuple[int, int]] = []
    assert quality.quality_scan(lambda done, total, message: seen.append((done, total))) == serial
    assert (_issues(), _scores()) == whole
    ids = sorted(Establishment.objects.values_list("id", flat=True))
    assert splits == [ids[3]]  # the lower half, 3 records, here; the upper 4 in the other
    # Four chunks (2 + 1 here, 2 + 2 there, in whatever order they finish), then the end.
    done = [d for d, _total in seen]
    assert done == sorted(done)
    assert len(done) == 6
    assert done[-3:] == [7, 7, 7]
    assert {total for _done, total in seen} == {7}


@pytest.mark.usefixtures("reference_data")
@postgres_split[0]
@postgres_split[1]
def test_each_half_of_a_split_scan_sweeps_the_rows_of_its_deleted_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = [establishment(f"ร้าน {i}", kind="business", verified_at=None).pk for i in range(8)]
    quality.quality_scan()  # serial: fewer than PARALLEL_MIN
    gone = [records[1], records[6]]  # one in each half
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_establishment WHERE id = ANY(%s)", [gone])
    monkeypatch.setattr(quality, "CHUNK", 2)
    monkeypatch.setattr(quality, "PARALLEL_MIN", 6)
    splits = _splits_seen(monkeypatch)
    assert quality.quality_scan()["records"] == 6
    assert splits == [records[4]]  # records 0, 2, 3 here; 4, 5, 7 in the other process
    left = [r for r in records if r not in gone]
    assert sorted(QualityScore.objects.values_list("establishment_id", flat=True)) == left
    assert sorted(set(QualityIssue.objects.values_list("establishment_id", flat=True))) == left


@pytest.mark.usefixtures("reference_data")
@postgres_split[0]
@postgres_split[1]
def test_a_cancelled_split_scan_run_again_finishes_the_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for i in range(6):
        establishment(f"ร้าน {i}", kind="business", juristic_id="0865551000018", verified_at=None)
    monkeypatch.setattr(quality, "PARALLEL_MIN", None)
    quality.quality_scan()
    whole = (_issues(), _scores())
    QualityIssue.objects.all().delete()
    QualityScore.objects.all().delete()
    monkeypatch.setattr(quality, "CHUNK", 1)
    monkeypatch.setattr(quality, "PARALLEL_MIN", 1)

    def cancel(done: int, total: int, message: str) -> None:
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        quality.quality_scan(cancel)
    assert 1 <= len(_scores()) < 6  # this process's first chunk committed, not everything
    quality.quality_scan()
    assert (_issues(), _scores()) == whole


@pytest.mark.usefixtures("reference_data")
@postgres_split[0]
@postgres_split[1]
def test_a_split_scan_under_an_event_loop_leaves_the_threads_own_connection_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Django keeps the connections used under a running event loop apart from the thread's
    own (Playwright's loop in the browser tests ran the suite's later tests that way). The
    forked process runs no loop, so it used to find the thread's own connection, still open
    in the parent, and take it over: a cancelled scan then left it broken for the next, and
    the child's closing ended the parent's session. This run fails on that code at the last
    query."""
    for i in range(4):
        establishment(f"ร้าน {i}", kind="business", verified_at=None)
    monkeypatch.setattr(quality, "CHUNK", 1)
    monkeypatch.setattr(quality, "PARALLEL_MIN", 1)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    splits = _splits_seen(monkeypatch)

    def backend() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        return int(pid)

    async def scan() -> dict[str, int]:
        try:
            return quality.quality_scan()
        finally:
            connections.close_all()  # the loop's own connection

    def in_a_thread_of_its_own() -> tuple[int, dict[str, int], int]:
        # A new thread, so that no loop runs in it yet (Playwright's may run in this one).
        try:
            own = backend()
            counts = asyncio.run(scan())
            return own, counts, backend()
        finally:
            connections.close_all()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        own, counts, after = pool.submit(in_a_thread_of_its_own).result()
    assert counts["records"] == 4
    assert len(splits) == 1
    assert QualityScore.objects.count() == 4
    assert after == own  # the same session, still open
