"""Importing files: layouts, idempotence, updates with history naming the file, dry run,
rejections report, scope, and no partial rows when a chunk fails."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from saphan.core.tests.factories import PASSWORD, person
from saphan.core.tests.indexes import redundant_indexes, unique_columns
from saphan.registry import bulk, importer
from saphan.registry.models import (
    ColumnMapping,
    EnterpriseProfile,
    Establishment,
    FactoryLicence,
    ImportBatch,
    ImportRejection,
    MineConcession,
    QualityIssue,
    QualityScore,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "FACREG,DISPFACREG,FID,FACTYPE,FNAME,ONAME,OBJECT,FADDR,FMOO,FSOI,FROAD,FTUMNAME,FAMPNAME,"
    "FPROVNAME,TOTAL_CAP,TOTAL_WORKER,HP,LAT,LNG,ISIC_CODE,ESTATE,ESTATE_NAME_TH,LAST_UPDATE"
)
ROWS = [
    "30860000125417,จ3-9(6)-100/51ชพ,10860000125417,00906,บริษัท ชุมพรอาหารทะเล จำกัด,นายสมชาย ใจดี,"
    "ห้องเย็น,12,3,,เพชรเกษม,ต.ท่าตะเภา,อ.เมืองชุมพร,จ.ชุมพร,1000,120,450.5,10.4930,99.1800,1020,,,2567-01-16",
    "30860000125418,จ2-10(1)-101/45ชพ,10860000125418,01001,โรงสีข้าวท่าแซะ,นางมาลี ทองดี,สีข้าว,5,,,,"
    "ท่าแซะ,ท่าแซะ,ชุมพร,50,30,40,,,,,,2567-01-16",
    "30520000000001,จ2-10(1)-1/45ลป,10520000000001,01001,โรงสีลำปาง,นายก,สีข้าว,1,,,,สบตุ๋ย,เมืองลำปาง,"
    "ลำปาง,50,30,40,,,,,,2567-01-16",
    "30860000125419,จ2-10(1)-102/45ชพ,1086000012541,01001,โรงสีเลขผิด,นายข,สีข้าว,7,,,,ท่าแซะ,ท่าแซะ,ชุมพร,"
    "50,30,40,,,,,,2567-01-16",
]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _import(user: Any, data: bytes, **kw: Any) -> dict[str, int]:
    batch = importer.import_prepare(user=user, data=data, file_name="diw.csv", kind="factory", **kw)
    return importer.import_run(batch)


@pytest.fixture
def officer(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return person("officer", "PIO86", "officer")


def test_diw_file_imports_and_second_run_changes_nothing(officer: Any) -> None:
    first = _import(officer, _csv(*ROWS))
    assert first == {"rows": 4, "new": 2, "changed": 0, "unchanged": 0, "rejected": 2}
    est = Establishment.objects.get(factory__fid="10860000125417")
    assert (est.subdistrict_id, est.factory.type_code, est.factory.factory_class) == (
        "860101",
        "00906",
        3,
    )
    assert est.source_kind == "file" and est.source_row == 2
    rules = dict(ImportRejection.objects.values_list("row_number", "rule"))
    assert rules[4] == "scope.province"
    assert rules[5].startswith("fid")
    logs_before = LogEntry.objects.count()
    second = _import(officer, _csv(*ROWS))
    assert second == {"rows": 4, "new": 0, "changed": 0, "unchanged": 2, "rejected": 2}
    assert LogEntry.objects.count() == logs_before
    assert Establishment.objects.count() == 2


def test_second_process_cleans_chunks_as_this_one_would(
    officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Big files are cleaned in a second process: here every file is, one row per chunk, so
    # chunks are cleaned ahead and their errors travel back with both languages.
    monkeypatch.setattr(importer, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(importer, "CHUNK", 1)
    monkeypatch.setattr(importer.os, "cpu_count", lambda: 2)
    result = _import(officer, _csv(*ROWS))
    assert result == {"rows": 4, "new": 2, "changed": 0, "unchanged": 0, "rejected": 2}
    assert sorted(Establishment.objects.values_list("source_row", "subdistrict_id")) == [
        (2, "860101"),
        (3, "860201"),
    ]
    rejection = ImportRejection.objects.get(row_number=5)
    assert (rejection.rule, rejection.column, rejection.value) == (
        "fid_format",
        "FID",
        "1086000012541",
    )
    assert rejection.message_th == "“1086000012541” ไม่ใช่เลขทะเบียนโรงงาน 14 หลัก"
    # Resumed after its first committed chunk, it skips that chunk without cleaning it again.
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(rows_done=1, rows_new=1, rows_rejected=0)
    Establishment.objects.exclude(source_row=2).delete()
    ImportRejection.objects.all().delete()
    again = importer.import_run(ImportBatch.objects.get(pk=batch.pk))
    assert again == {"rows": 4, "new": 2, "changed": 0, "unchanged": 0, "rejected": 2}
    assert Establishment.objects.count() == 2


def test_newer_file_updates_only_what_changed_with_the_file_in_history(officer: Any) -> None:
    _import(officer, _csv(ROWS[0]))
    newer = ROWS[0].replace(",120,450.5,", ",150,450.5,").replace("ห้องเย็น", "ห้องเย็นและแปรรูป")
    result = _import(officer, _csv(newer))
    assert result["changed"] == 1 and result["new"] == 0
    est = Establishment.objects.get()
    assert (est.activity, est.factory.workers_total) == ("ห้องเย็นและแปรรูป", 150)
    entries = LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE,
        content_type__app_label="registry",
    ).order_by("id")
    changes = {entry.content_type.model: entry.changes for entry in entries}
    assert changes["establishment"] == {"activity": ["ห้องเย็น", "ห้องเย็นและแปรรูป"]}
    assert changes["factorylicence"] == {"workers_total": [120, 150]}
    assert all(entry.additional_data["source_file"] == "diw.csv" for entry in entries)


def test_a_large_import_refreshes_the_statistics_its_scan_is_planned_with(
    officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From ANALYZE_MIN_ROWS records written, the columns the quality scan filters, orders and
    # joins on are analysed before it runs (PostgreSQL); a smaller import leaves it to
    # autovacuum. Only those columns: a plain ANALYZE evaluates the search's expression indexes.
    def analyzed(data: bytes) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            _import(officer, data)
        return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]

    monkeypatch.setattr(importer, "ANALYZE_MIN_ROWS", 2)
    expected = [
        'ANALYZE "registry_establishment" ("id", "updated_at")',
        'ANALYZE "registry_enterpriseprofile" ("establishment_id")',
        'ANALYZE "registry_factorylicence" ("establishment_id")',
        'ANALYZE "registry_mineconcession" ("establishment_id")',
    ]
    assert analyzed(_csv(*ROWS)) == (expected if bulk.is_postgres() else [])  # 2 new
    newer = ROWS[0].replace(",120,450.5,", ",150,450.5,")
    assert analyzed(_csv(newer, ROWS[1])) == []  # 1 changed, 1 unchanged


def test_blank_cells_never_erase(officer: Any) -> None:
    _import(officer, _csv(ROWS[0]))
    blanked = ROWS[0].replace("10.4930,99.1800", ",")
    assert _import(officer, _csv(blanked))["unchanged"] == 1
    assert str(Establishment.objects.get().latitude) == "10.493000"


def test_dry_run_counts_and_writes_nothing(officer: Any) -> None:
    result = _import(officer, _csv(*ROWS), dry_run=True)
    assert result == {"rows": 4, "new": 2, "changed": 0, "unchanged": 0, "rejected": 2}
    assert Establishment.objects.count() == 0
    assert ImportRejection.objects.count() == 2  # the report is there to read


def test_duplicate_rows_in_one_file(officer: Any) -> None:
    result = _import(officer, _csv(ROWS[0], ROWS[0]))
    assert (result["new"], result["rejected"]) == (1, 1)
    assert ImportRejection.objects.get().rule == "duplicate.in_file"


def test_failure_mid_import_leaves_no_partial_chunk_and_retry_is_safe(
    officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "CHUNK", 1)
    batch = importer.import_prepare(
        user=officer, data=_csv(ROWS[0], ROWS[1]), file_name="diw.csv", kind="factory"
    )
    real = bulk.insert_rows
    calls = {"n": 0}

    def failing(model: Any, rows: Any) -> Any:
        # The second chunk's licences fail after its establishments were written.
        if model is FactoryLicence:
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
        return real(model, rows)

    monkeypatch.setattr(bulk, "insert_rows", failing)
    with pytest.raises(RuntimeError):
        importer.import_run(batch)
    # The first chunk committed; the failed one left nothing, not even its establishment.
    assert list(Establishment.objects.values_list("name_th", flat=True)) == [
        "บริษัท ชุมพรอาหารทะเล จำกัด"
    ]
    assert ImportBatch.objects.get(pk=batch.pk).rows_done == 1
    monkeypatch.setattr(bulk, "insert_rows", real)
    result = importer.import_run(ImportBatch.objects.get(pk=batch.pk))
    assert (result["new"], result["rows"]) == (2, 2)
    assert Establishment.objects.count() == 2


def test_rejections_report_downloads(officer: Any, client: Client) -> None:
    batch = importer.import_prepare(
        user=officer, data=_csv(*ROWS), file_name="diw.csv", kind="factory"
    )
    importer.import_run(batch)
    client.login(username="officer", password=PASSWORD)
    text = client.get(f"/registry/import/{batch.pk}/rejected.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["row", "column", "value", "rule", "message_th", "message_en"]
    assert rows[1][:4] == ["4", "province", "52", "scope.province"]
    assert rows[1][5] == "This row is for a province you may not change."
    response = client.get(f"/registry/import/{batch.pk}/rejected.xlsx")
    assert response.status_code == 200


def test_unknown_layout_goes_through_a_saved_mapping(
    officer: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    lines = [
        "ชื่อสถานประกอบการ;ตำบล;อำเภอ;จังหวัด;รหัสไปรษณีย์",
        "กลุ่มทอผ้าบ้านนา;ท่าตะเภา;เมืองชุมพร;ชุมพร;86000",
    ]
    data = ("\n".join(lines) + "\n").encode("cp874")
    client.login(username="officer", password=PASSWORD)
    upload = io.BytesIO(data)
    upload.name = "groups.csv"
    response = client.post("/registry/import/", {"file": upload, "kind": "group"})
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/registry/import/{batch.pk}/mapping/"
    page = client.get(response["Location"]).content.decode()
    assert "ชื่อสถานประกอบการ" in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            response["Location"],
            {"col-0": "name_th", "col-1": "subdistrict_name", "col-2": "district_name",
             "col-3": "province_name", "col-4": "postal_code", "save_as": "กลุ่มอาชีพ ชุมพร"},
        )  # fmt: skip
    assert response["Location"] == f"/registry/import/{batch.pk}/"
    mapping = ColumnMapping.objects.get(name="กลุ่มอาชีพ ชุมพร")
    assert mapping.columns["ตำบล"] == "subdistrict_name"
    importer.import_run(ImportBatch.objects.get(pk=batch.pk))
    est = Establishment.objects.get()
    assert (est.name_th, est.kind, est.subdistrict_id) == ("กลุ่มทอผ้าบ้านนา", "group", "860101")
    # The next file of that shape goes straight through with the saved mapping.
    again = importer.import_prepare(
        user=officer, data=data, file_name="g2.csv", kind="group", mapping_name="กลุ่มอาชีพ ชุมพร"
    )
    assert importer.import_run(again) == {
        "rows": 1, "new": 0, "changed": 0, "unchanged": 1, "rejected": 0
    }  # fmt: skip


def test_import_through_the_api(officer: Any, client: Client) -> None:
    from saphan.core.models import Job

    client.login(username="officer", password=PASSWORD)
    upload = io.BytesIO(_csv(*ROWS))
    upload.name = "diw.csv"
    response = client.post("/api/v1/registry/imports", {"file": upload, "kind": "factory"})
    assert response.status_code == 202, response.content
    data = response.json()
    assert (data["layout"], data["job_state"]) == ("diw_factory_data", "queued")
    assert Job.objects.get(pk=data["job_id"]).params == {"batch_id": data["id"]}
    bad = client.post("/api/v1/registry/imports", {"file": io.BytesIO(b""), "kind": "factory"})
    assert bad.status_code in (400, 422)
    assert set(bad.json()["error"]) >= {"code", "message_th", "message_en"}


BULK_TABLES = [
    model._meta.db_table
    for model in (
        Establishment,
        FactoryLicence,
        MineConcession,
        EnterpriseProfile,
        QualityIssue,
        QualityScore,
    )
]


def test_the_tables_an_import_and_a_scan_write_carry_no_redundant_index() -> None:
    # Before 0009, on PostgreSQL: the establishment's place keys and merged_into had their own
    # indexes (and LIKE-pattern twins) beside the composite ones, the ids LIKE-pattern twins,
    # and each quality issue's establishment an index the unique constraint starts with.
    assert redundant_indexes(BULK_TABLES) == {}
    assert unique_columns(FactoryLicence._meta.db_table) == [["fid"]]
    assert unique_columns(QualityIssue._meta.db_table) == [["establishment_id", "rule", "field"]]
