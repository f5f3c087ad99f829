"""Importing establishments from files: prepare (read, recognise the layout or apply a saved
mapping, store the file), then run as a job in chunks.

Each chunk is one transaction: its rows are cleaned (the cleaning package), matched to existing
records by natural key — FID, else the old registration number, else concession number or
enterprise registration code, else juristic id + name, else name + subdistrict — and written
with set-based inserts (COPY of plain column values on PostgreSQL) and updates.
Unchanged rows write nothing; changed ones write only the fields whose value changed (a blank
cell never erases a value) and leave one history entry per record naming the file and row. A
failure rolls back only its chunk; a retry resumes after the last committed chunk, and running
the same file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.jobs import JobContext, job_handler, job_start
from saphan.core.models import Office, OfficeKind
from saphan.core.scoping import Action, Scope, scope_for
from saphan.registry import bulk, cleaning, layouts
from saphan.registry.models import (
    ColumnMapping,
    EnterpriseProfile,
    Establishment,
    EstablishmentKind,
    EstablishmentStatus,
    FactoryLicence,
    ImportBatch,
    ImportRejection,
    LicenceStatus,
    MineConcession,
    SourceKind,
    VillageProfile,
)
from saphan.registry.quality import quality_scan, scan_statistics_refresh
from saphan.registry.search import (
    SEARCHED_DETAIL_FIELDS,
    establishment_search_text,
    search_text_for,
)

# Rows per transaction: each chunk pays a commit, a key lookup and a COPY start, so bigger is
# faster, while a cancel or a failure waits for, or loses, one chunk at most.
CHUNK = 5000
WRITE_BATCH = 2000  # rows per bulk_update / bulk_create statement (SQLite's parameter limit)
# Files from this many rows are cleaned in a second process (starting it takes about a second);
# chunks cleaned ahead of the writes, at most.
PARALLEL_MIN_ROWS = 20_000
PREFETCH_CHUNKS = 2
# From this many records written, the statistics the quality scan's plan needs are refreshed
# before the scan (autovacuum's own threshold is a tenth of the table, and it comes later).
ANALYZE_MIN_ROWS = 10_000
ESTABLISHMENT_TARGETS = (
    "name_th", "name_en", "juristic_id", "activity", "house_no", "moo", "soi", "road",
    "postal_code", "latitude", "longitude", "status",
)  # fmt: skip
DETAIL_MODELS: dict[str, type[Any]] = {
    "factory": FactoryLicence,
    "mine": MineConcession,
    "enterprise": EnterpriseProfile,
    "village": VillageProfile,
}
KIND_RELATION = {"factory": "factory", "mine": "mine", "enterprise": "enterprise",
                 "group": "enterprise", "village": "village"}  # fmt: skip
LICENCE_TO_STATUS = {
    LicenceStatus.LICENSED: EstablishmentStatus.ACTIVE,
    LicenceStatus.OPERATING: EstablishmentStatus.ACTIVE,
    LicenceStatus.STOPPED: EstablishmentStatus.INACTIVE,
    LicenceStatus.STRUCK_OFF: EstablishmentStatus.CLOSED,
}


@dataclass
class Counts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0


def _error(message: Any, code: str, status: int = 400, **params: Any) -> ApplicationError:
    return ApplicationError(message, code=code, status=status, params=params or None)


def import_layout(
    table: cleaning.Table, kind: str, mapping: ColumnMapping | None
) -> layouts.Layout:
    if mapping is not None:
        try:
            return layouts.mapping_from(
                table.headers, mapping.columns, kind=kind, name=mapping.name
            )
        except layouts.MappingError as exc:
            raise _error(_("The saved mapping does not fit this file: %(problems)s"),
                         "mapping_invalid", problems=str(exc)) from exc  # fmt: skip
    layout = layouts.detect_layout(table.headers)
    if layout is None:
        raise ApplicationError(
            _("This file's columns are not a known layout: map them first (%(headers)s)."),
            code="mapping_needed",
            params={"headers": ", ".join(table.headers[:30])},
        )
    return layout


def import_prepare(
    *,
    user: Any,
    data: bytes,
    file_name: str,
    kind: str,
    mapping_name: str = "",
    dry_run: bool = False,
    office: Office | None = None,
) -> ImportBatch:
    """Check the file can be read and mapped, keep it, and say what will happen. Nothing is
    written to the registry here."""
    if not scope_for(user).provinces(Action.CHANGE):
        raise PermissionDenied(_("Only officers import records."))
    if kind not in EstablishmentKind.values:
        raise _error(_("Unknown kind: %(kind)s"), "kind", kind=kind)
    mapping = None
    if mapping_name:
        mapping = ColumnMapping.objects.filter(name=mapping_name).first()
        if mapping is None:
            raise _error(
                _("No saved mapping is named %(name)s."), "mapping_unknown", name=mapping_name
            )
    try:
        table = cleaning.read_table(data, file_name)
    except cleaning.TableError as exc:
        raise ApplicationError(exc.message, code=exc.rule) from exc
    try:
        layout_name = import_layout(table, kind, mapping).name
    except ApplicationError as exc:
        if exc.code != "mapping_needed":
            raise
        layout_name = ""  # kept: the person maps the columns next, then starts it
    batch = ImportBatch(
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        kind=kind,
        layout=layout_name,
        mapping=mapping,
        dry_run=dry_run,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        office=office,
    )
    batch.file.save(file_name, ContentFile(data), save=False)
    batch.save()
    return batch


def import_headers(batch: ImportBatch) -> list[str]:
    with batch.file.open("rb") as handle:
        return cleaning.read_table(handle.read(), batch.file_name).headers


def import_map_columns(
    *, user: Any, batch: ImportBatch, columns: dict[str, str], save_as: str = ""
) -> ImportBatch:
    """Apply a column mapping (header -> target) to a kept file, saving it under a name if
    asked, so the next file of the same shape goes straight through."""
    headers = import_headers(batch)
    try:
        layouts.mapping_from(headers, columns, kind=batch.kind, name=save_as or "custom")
    except layouts.MappingError as exc:
        raise ApplicationError(str(exc), code="mapping_invalid") from exc
    name = save_as.strip() or f"import-{batch.pk}"
    mapping, _created = ColumnMapping.objects.update_or_create(
        name=name,
        defaults={"kind": batch.kind, "columns": columns,
                  "created_by": user if getattr(user, "is_authenticated", False) else None},
    )  # fmt: skip
    batch.mapping = mapping
    batch.layout = name
    batch.save(update_fields=["mapping", "layout"])
    return batch


def import_start(batch: ImportBatch, *, user: Any) -> ImportBatch:
    if not batch.layout:
        raise ApplicationError(_("Map the file's columns first."), code="mapping_needed")
    job = job_start(
        kind="registry.import", params={"batch_id": batch.pk}, user=user, office=batch.office
    )
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    batch.job = job
    return batch


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except Exception:
            return False
    return a == b


class _Chunk:
    """One chunk's rows, the records they match, and what to write."""

    def __init__(self, batch: ImportBatch, scope: Scope, offices: dict[str, int]) -> None:
        self.batch = batch
        self.scope = scope
        self.offices = offices
        self.relation = KIND_RELATION.get(batch.kind)
        self.rejections: list[ImportRejection] = []

    def reject(self, row: int, column: str, value: Any, rule: str, th: str, en: str) -> None:
        self.rejections.append(
            ImportRejection(batch=self.batch, row_number=row, column=column[:100],
                            value=str(value)[:300], rule=rule[:60], message_th=th[:400],
                            message_en=en[:400])
        )  # fmt: skip

    def split(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        est: dict[str, Any] = {k: values[k] for k in ESTABLISHMENT_TARGETS if k in values}
        est["province_id"] = values.get("province_code")
        est["district_id"] = values.get("district_code")
        est["subdistrict_id"] = values.get("subdistrict_code")
        detail: dict[str, Any] = {}
        if self.relation:
            detail = {name: values[key] for key, name in _detail_targets(self.relation)
                      if key in values}  # fmt: skip
        if not est.get("status") and detail.get("licence_status") in LICENCE_TO_STATUS:
            est["status"] = LICENCE_TO_STATUS[detail["licence_status"]]
        return est, detail


@cache
def _detail_targets(relation: str) -> tuple[tuple[str, str], ...]:
    """(target, detail field) for each target that fills a field of the relation's model."""
    names = {f.name for f in DETAIL_MODELS[relation]._meta.concrete_fields}
    prefix = f"{relation}."
    return tuple(
        (target, target[len(prefix) :])
        for target in layouts.TARGET_FIELDS
        if target.startswith(prefix) and target[len(prefix) :] in names
    )


def _new_rows(
    chunk: _Chunk, row_number: int, est_values: dict[str, Any], detail: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new record as column values (no model objects: a national file makes a million).
    It carries its file and row itself, so it needs no history entry."""
    batch = chunk.batch
    est = {k: v for k, v in est_values.items() if v not in (None, "")}
    est.update(
        kind=batch.kind, source_kind=SourceKind.FILE, source_batch_id=batch.pk,
        source_row=row_number, office_id=chunk.offices.get(est_values["province_id"]),
    )  # fmt: skip
    parts = [est.get("name_th"), est.get("name_en"), est.get("activity"), est.get("juristic_id")]
    if chunk.relation:
        parts.extend(detail.get(f) for f in SEARCHED_DETAIL_FIELDS[chunk.relation])
    est["search_text"] = search_text_for(parts)
    return est, detail


def _natural_key(kind: str, est: dict[str, Any], detail: dict[str, Any]) -> tuple[str, str] | None:
    if detail.get("fid"):
        return ("fid", detail["fid"])
    for name in ("registration_no", "concession_no", "registration_code"):
        if detail.get(name):
            return (name, detail[name])
    if est.get("juristic_id") and est.get("name_th"):
        return ("juristic", f"{est['juristic_id']}|{est['name_th']}")
    if est.get("name_th") and est.get("subdistrict_id"):
        # Groups and villages often have no id at all: their name in their subdistrict.
        return ("name_place", f"{est['name_th']}|{est['subdistrict_id']}")
    return None


def _existing(kind: str, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Establishment]:
    """Live records of these natural keys, with their details.

    Keys are looked up in their own indexed table first, then records by primary key: a
    single query filtering on merged_into as well was planned, while a big import outgrows
    the table's statistics, as a walk over every record per chunk (quadratic over a file).
    Merged records are left out here, in Python, for the same reason."""
    found: dict[tuple[str, str], Establishment] = {}
    by_kind: dict[str, list[str]] = {}
    for name, value in keys:
        by_kind.setdefault(name, []).append(value)
    base = Establishment.objects.order_by("id")
    relation = KIND_RELATION.get(kind)
    if relation:
        # One join, not four: records found by a file's keys are of the file's kind (another
        # kind's details would still load, one query each).
        base = base.select_related(relation)
    lookups = {
        "fid": (FactoryLicence, "fid"),
        "registration_no": (FactoryLicence, "registration_no") if kind == "factory" else None,
        "concession_no": (MineConcession, "concession_no"),
        "registration_code": (EnterpriseProfile, "registration_code"),
    }
    for name, values in by_kind.items():
        if name == "juristic":
            ids = {v.split("|", 1)[0] for v in values}
            for est in base.filter(juristic_id__in=ids, kind=kind):
                if est.merged_into_id is None:
                    found[("juristic", f"{est.juristic_id}|{est.name_th}")] = est
            continue
        if name == "name_place":
            names = {v.split("|", 1)[0] for v in values}
            for est in base.filter(name_th__in=names, kind=kind):
                if est.merged_into_id is None:
                    found[("name_place", f"{est.name_th}|{est.subdistrict_id}")] = est
            continue
        lookup = lookups.get(name)
        if lookup is None:
            continue
        model, field = lookup
        pks = list(
            model.objects.filter(**{f"{field}__in": values})
            .order_by()
            .values_list("establishment_id", flat=True)
        )
        if not pks:
            continue
        for est in base.filter(pk__in=pks):
            if est.merged_into_id is None:
                found[(name, str(getattr(est.detail(), field)))] = est
    return found


def _log(
    model_obj: Any,
    action: int,
    changes: dict[str, list[Any]],
    actor: Any,
    extra: dict[str, Any],
    ct: ContentType,
    now: dt.datetime,
) -> LogEntry:
    return LogEntry(
        content_type=ct,
        object_pk=str(model_obj.pk),
        object_id=model_obj.pk,
        object_repr=str(model_obj)[:200],
        action=action,
        changes=changes,
        changes_text=json.dumps(changes, ensure_ascii=False),
        actor=actor,
        additional_data=extra,
        timestamp=now,
    )


def _apply(target: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the values that differ; a blank cell never erases what the registry knows.
    Returns {field: [old, new]} for the history."""
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        if value in (None, ""):
            continue
        old = getattr(target, name)
        if not _same(old, value):
            changes[name] = [_plain(old), _plain(value)]
            setattr(target, name, value)
    return changes


def _write_chunk(chunk: _Chunk, rows: list[cleaning.CleanRow], counts: Counts) -> None:
    """Match one chunk's rows to the registry and write the new and changed records."""
    batch = chunk.batch
    now = timezone.now()
    pending: list[
        tuple[cleaning.CleanRow, dict[str, Any], dict[str, Any], tuple[str, str] | None]
    ] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        est_values, detail = chunk.split(row.values)
        if not chunk.scope.allows(est_values.get("province_id"), Action.CHANGE):
            chunk.reject(row.row_number, "province", row.values.get("province_code") or "",
                         "scope.province",
                         "แถวนี้เป็นของจังหวัดที่คุณไม่มีสิทธิ์แก้ไข",
                         "This row is for a province you may not change.")  # fmt: skip
            counts.rejected += 1
            continue
        key = _natural_key(batch.kind, est_values, detail)
        if key is not None and key in seen:
            chunk.reject(row.row_number, key[0], key[1], "duplicate.in_file",
                         f"ซ้ำกับแถว {seen[key]} ของไฟล์เดียวกัน",
                         f"Repeats the record of row {seen[key]} of the same file.")  # fmt: skip
            counts.rejected += 1
            continue
        if key is not None:
            seen[key] = row.row_number
        pending.append((row, est_values, detail, key))

    existing = _existing(batch.kind, [key for *_rest, key in pending if key is not None])
    detail_model = DETAIL_MODELS.get(chunk.relation or "")
    est_ct = ContentType.objects.get_for_model(Establishment)
    detail_ct = ContentType.objects.get_for_model(detail_model) if detail_model else None
    source = {"source_file": batch.file_name, "import": batch.pk}
    new: list[tuple[dict[str, Any], dict[str, Any]]] = []
    changed: list[tuple[Establishment, Any]] = []
    est_fields: set[str] = set()
    detail_fields: set[str] = set()
    logs: list[LogEntry] = []
    for row, est_values, detail, key in pending:
        current = existing.get(key) if key is not None else None
        if current is None:
            new.append(_new_rows(chunk, row.row_number, est_values, detail))
            continue
        current_detail = current.detail()
        changes = _apply(current, est_values)
        detail_changes = _apply(current_detail, detail) if current_detail is not None else {}
        if not (changes or detail_changes):
            counts.unchanged += 1
            continue
        counts.changed += 1
        current.search_text = establishment_search_text(current, current_detail)
        current.updated_at = now
        changed.append((current, current_detail))
        est_fields |= set(changes)
        detail_fields |= set(detail_changes)
        extra = {**source, "row": row.row_number}
        if changes:
            logs.append(
                _log(current, LogEntry.Action.UPDATE, changes, batch.created_by, extra, est_ct, now)
            )
        if detail_changes and detail_ct is not None:
            logs.append(
                _log(
                    current_detail,
                    LogEntry.Action.UPDATE,
                    detail_changes,
                    batch.created_by,
                    extra,
                    detail_ct,
                    now,
                )
            )
    counts.new += len(new)
    if batch.dry_run:
        return
    ids = bulk.insert_rows(Establishment, [est for est, _d in new])
    if detail_model is not None:
        for pk, (_est, detail_row) in zip(ids, new, strict=True):
            detail_row["establishment_id"] = pk
        bulk.insert_rows(detail_model, [d for _e, d in new])
    if changed:
        Establishment.objects.bulk_update(
            [est for est, _d in changed], sorted(est_fields | {"search_text", "updated_at"}),
            batch_size=WRITE_BATCH,
        )  # fmt: skip
        if detail_fields and detail_model is not None:
            detail_model.objects.bulk_update(
                [d for _e, d in changed if d is not None],
                sorted(detail_fields),
                batch_size=WRITE_BATCH,
            )
    LogEntry.objects.bulk_create(logs, batch_size=WRITE_BATCH)


def _chunks(
    table: cleaning.Table, binding: layouts.Binding, size: int
) -> Iterator[list[tuple[int, dict[str, object]]]]:
    chunk: list[tuple[int, dict[str, object]]] = []
    for number, cells in table.numbered_rows():
        chunk.append((number, binding.raw(cells)))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _clean_here(
    kind: str, headers: dict[str, str], rows: list[tuple[int, dict[str, object]]]
) -> list[cleaning.CleanRow]:
    return cleaning.clean_rows(kind, headers, rows)


def _cleaned_there(future: Future[list[cleaning.CleanRow]]) -> list[cleaning.CleanRow]:
    return future.result()


def _cleaned_chunks(
    table: cleaning.Table, binding: layouts.Binding, kind: str, skip: int, parallel: bool
) -> Generator[tuple[int, list[cleaning.CleanRow] | None]]:
    """(rows in the chunk, its cleaned rows) for each chunk of the file; None instead of the
    rows for the chunks within the first `skip` rows, which an earlier run committed.

    With `parallel`, a second process cleans the next chunks while this one writes: for a
    national file cleaning costs about as much as the writes. It touches no database, and
    closing this generator (a failure, a cancel) stops it."""
    headers = dict(binding.headers)
    seen = 0
    if not parallel:
        for raw_rows in _chunks(table, binding, CHUNK):
            seen += len(raw_rows)
            yield len(raw_rows), None if seen <= skip else _clean_here(kind, headers, raw_rows)
        return
    # spawn, not fork: a forked child would share this process's database connection.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    queue: deque[tuple[int, Future[list[cleaning.CleanRow]] | None]] = deque()
    try:
        for raw_rows in _chunks(table, binding, CHUNK):
            seen += len(raw_rows)
            future = (
                None if seen <= skip else pool.submit(cleaning.clean_rows, kind, headers, raw_rows)
            )
            queue.append((len(raw_rows), future))
            while len(queue) > PREFETCH_CHUNKS:
                size, waiting = queue.popleft()
                yield size, None if waiting is None else _cleaned_there(waiting)
        while queue:
            size, waiting = queue.popleft()
            yield size, None if waiting is None else _cleaned_there(waiting)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _estimate_rows(data: bytes, table: cleaning.Table) -> int:
    """For the progress bar: lines of a CSV, or the sheet's recorded size for a workbook."""
    if table.file_format == "csv":
        return max(0, data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - table.header_row)
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = book.active.max_row or 0 if book.active is not None else 0
    book.close()
    return max(0, rows - table.header_row)


def import_run(
    batch: ImportBatch, progress: Callable[[int, int, str], None] | None = None
) -> dict[str, int]:
    """Run (or resume) an import. Safe to call again: committed chunks are skipped, and the
    upsert by natural key makes a repeated row change nothing."""
    user = batch.created_by
    scope = scope_for(user)
    data = batch.file.open("rb").read()
    batch.file.close()
    table = cleaning.read_table(data, batch.file_name)
    layout = import_layout(table, batch.kind, batch.mapping)
    binding = layout.bind(table.headers)
    total = _estimate_rows(data, table)
    offices = dict(
        Office.objects.filter(kind=OfficeKind.PROVINCIAL).values_list("provinces__code", "pk")
    )
    counts = Counts(new=batch.rows_new, changed=batch.rows_changed,
                    unchanged=batch.rows_unchanged, rejected=batch.rows_rejected)  # fmt: skip
    done = 0
    parallel = total >= PARALLEL_MIN_ROWS and (os.cpu_count() or 1) > 1
    cleaned_chunks = _cleaned_chunks(table, binding, batch.kind, batch.rows_done, parallel)
    with closing(cleaned_chunks):
        for size, rows in cleaned_chunks:
            if rows is None:
                done += size  # committed by an earlier run of this job
                continue
            chunk = _Chunk(batch, scope, offices)
            cleaned: list[cleaning.CleanRow] = []
            for row in rows:
                if row.rejected:
                    counts.rejected += 1
                    for error in row.errors:
                        chunk.reject(row.row_number, error.column or "", error.value,
                                     error.rule, error.message_th, error.message_en)  # fmt: skip
                else:
                    cleaned.append(row)
            with transaction.atomic():
                _write_chunk(chunk, cleaned, counts)
                ImportRejection.objects.bulk_create(chunk.rejections, batch_size=WRITE_BATCH)
                done += size
                ImportBatch.objects.filter(pk=batch.pk).update(
                    rows_done=done, rows_new=counts.new, rows_changed=counts.changed,
                    rows_unchanged=counts.unchanged, rows_rejected=counts.rejected,
                )  # fmt: skip
            if progress is not None:
                progress(done, max(total, done), str(_("Importing rows…")))
    ImportBatch.objects.filter(pk=batch.pk).update(rows_total=done, finished_at=timezone.now())
    if not batch.dry_run and (counts.new or counts.changed):
        # Every record this import wrote (in this run or an earlier one of the same batch) has
        # updated_at after the batch was created: bulk inserts set it too.
        if counts.new + counts.changed >= ANALYZE_MIN_ROWS:
            scan_statistics_refresh()
        quality_scan(queryset=Establishment.objects.filter(updated_at__gte=batch.created_at))
    return {
        "rows": done, "new": counts.new, "changed": counts.changed,
        "unchanged": counts.unchanged, "rejected": counts.rejected,
    }  # fmt: skip


@job_handler("registry.import", label=_("Import establishments"))
def import_job(ctx: JobContext, *, batch_id: int) -> dict[str, int]:
    batch = ImportBatch.objects.select_related("created_by", "mapping").get(pk=batch_id)
    return import_run(batch, lambda done, total, message: ctx.progress(done, total, message))
