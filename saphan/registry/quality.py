"""Data quality in the database: scores and open issues kept per record, the scan, the worklist.

The rules themselves are pure Python in `quality_rules`; this module feeds them records read in
bulk as tuples, writes what they find, and keeps a daily snapshot per province for the trend.

A scan reads the live records in id order, CHUNK at a time (keyset pagination: no cursor held
open across the chunks' transactions), and per chunk, in one transaction, replaces the records'
scores (`QualityScore`, a table of their own) and brings their open issues up to date by
difference: new findings are inserted, findings gone are deleted, findings whose details
changed are updated — an issue that stays open keeps its row and `found_at`. On PostgreSQL the
rows travel by COPY; elsewhere through the ORM's bulk operations. Both compute the same rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import multiprocessing
import zoneinfo
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, connections, transaction
from django.db.models import Avg, Count, FilteredRelation, ForeignObjectRel, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from saphan.core.jobs import JobContext, job_handler, job_start
from saphan.core.models import Job, Subdistrict
from saphan.core.scoping import Action, scope_for
from saphan.registry import bulk
from saphan.registry import quality_rules as qr
from saphan.registry.abbr import province_abbr_map
from saphan.registry.models import Establishment, QualityIssue, QualityScore, QualitySnapshot

CHUNK = 10_000
# A record "near" its province lies within this distance of the average point of the
# province's located records (no province outlines are available offline; see docs).
PROVINCE_RADIUS_KM = 150.0
MIN_POINTS_FOR_CENTRE = 5
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
DUPLICATE = "duplicate."  # rules found across records, by `find_duplicates` in a full scan


def _values_paths() -> dict[str, str]:
    """Record field -> ORM path, for the fields the rules read (`qr.FIELDS_READ`)."""
    paths: dict[str, str] = {}
    renamed = {
        "subdistrict_code": "subdistrict_id",
        "district_code": "district_id",
        "province_code": "province_id",
        "factory_class": "factory__factory_class",
    }
    for name in sorted(qr.FIELDS_READ):
        if name in renamed:
            paths[name] = renamed[name]
            continue
        prefix, _sep, rest = name.partition("_")
        if prefix in {"factory", "mine", "enterprise", "village"} and rest:
            paths[name] = f"{prefix}__{rest}"
        else:
            paths[name] = name
    return paths


VALUES_PATHS = _values_paths()
# The rules only ever use the day in Bangkok of `verified_at` (`qr.base._day`): the database
# gives that day, and a date is much cheaper to fetch than an aware datetime.
_COLUMNS: list[str | TruncDate] = [
    TruncDate(path, tzinfo=BANGKOK) if path == "verified_at" else path
    for path in VALUES_PATHS.values()
]
_build_record = qr.record_builder(list(VALUES_PATHS))
_ID = list(VALUES_PATHS).index("id")


def scan_rows(queryset: QuerySet[Establishment]) -> QuerySet[Establishment, tuple[Any, ...]]:
    """The scan's query: what the rules read of each record, as tuples in id order."""
    return queryset.order_by("id").values_list(*_COLUMNS)


# The detail tables the rules read, joined one-to-one on the establishment's id (their key).
_DETAILS_READ = sorted({path.split("__")[0] for path in VALUES_PATHS.values() if "__" in path})


def _after(column: str | TruncDate) -> str | TruncDate:
    """The column read through the bounded join of its detail table (`scan_rows_after`)."""
    if isinstance(column, str):
        detail, _sep, field = column.partition("__")
        if detail in _DETAILS_READ:
            return f"{detail}_after__{field}"
    return column


_COLUMNS_AFTER = [_after(column) for column in _COLUMNS]


def scan_rows_after(
    queryset: QuerySet[Establishment], last: int
) -> QuerySet[Establishment, tuple[Any, ...]]:
    """`scan_rows` of the records with an id above `last`, each detail table joined on the
    same bound (`LEFT JOIN … ON … AND establishment_id > last`). PostgreSQL merge-joins a
    chunk with its details; without the bound each detail index was read from its first row,
    so every chunk re-read the details of all the chunks before it (at 1,000,000 records the
    chunk at the middle read 306,000 licences to join 6,000)."""
    joins = {
        f"{detail}_after": FilteredRelation(
            detail, condition=Q(**{f"{detail}__establishment_id__gt": last})
        )
        for detail in _DETAILS_READ
    }
    return (
        queryset.filter(id__gt=last).annotate(**joins).order_by("id").values_list(*_COLUMNS_AFTER)
    )


def scan_statistics_refresh() -> None:
    """Fresh planner statistics for what `scan_rows_after` filters, orders and joins on
    (PostgreSQL; the importer calls this before scoring a large import). Statistics taken
    before an import describe a much smaller table: PostgreSQL then planned each chunk as a
    scan of every remaining record, sorted by id, instead of a walk along the primary key —
    quadratic (at 200,000 records the chunk at the middle took 145 ms instead of 7 ms; at
    1,000,000 the scan after an import took 93 s, 68 s with this). Only these columns: a
    plain ANALYZE also evaluates the search's expression indexes over its sample (5.6 s at
    200,000)."""
    if not bulk.is_postgres():
        return
    qn = connection.ops.quote_name
    tables = {Establishment._meta.db_table: ["id", "updated_at"]}
    for detail in _DETAILS_READ:
        link = Establishment._meta.get_field(detail)
        assert isinstance(link, ForeignObjectRel)  # a detail's one-to-one key to its record
        tables[link.field.model._meta.db_table] = [str(link.field.column)]
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            cursor.execute(f"ANALYZE {qn(table)} ({', '.join(qn(c) for c in columns)})")


def quality_context(today: dt.date | None = None) -> qr.Context:
    postal = {
        code: tuple(codes.split())
        for code, codes in Subdistrict.objects.values_list("code", "postal_codes")
    }
    centres: dict[str, tuple[float, float, float]] = {}
    located = (
        Establishment.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .values("province_id")
        .annotate(n=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
    )
    for row in located:
        if row["n"] >= MIN_POINTS_FOR_CENTRE:
            centres[row["province_id"]] = (float(row["lat"]), float(row["lon"]), PROVINCE_RADIUS_KM)
    return qr.Context(
        today=today or timezone.localdate(),
        currency_months=settings.SAPHAN_CURRENCY_MONTHS,
        subdistrict_postal_codes=postal,
        province_centres=centres,
        province_abbr=province_abbr_map(),
    )


def _rows(queryset: QuerySet[Establishment]) -> Iterator[list[tuple[Any, ...]]]:
    """The scan's rows of the queryset in id order, a chunk at a time: each chunk one query
    (`id > last`) of plain tuples, no model objects and no cursor left open between chunks."""
    first = queryset.order_by("id").values_list("id", flat=True).first()
    if first is None:
        return
    last = first - 1
    while True:
        chunk = _fetch(scan_rows_after(queryset, last)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][_ID]
        yield chunk


def _fetch(rows: QuerySet[Establishment, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The query's rows. On PostgreSQL straight from the cursor: the only converter Django would
    apply, TruncDate's, leaves PostgreSQL's dates as they are, and its pass over every row of a
    million-record scan costs seconds (a test checks the rows are the ORM's)."""
    if not bulk.is_postgres():
        return list(rows)
    statement, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


# (establishment id, rule, field) -> (severity, params, impact)
IssueKey = tuple[int, str, str]
IssueValue = tuple[str, dict[str, Any], int]


def _findings_into(
    record: qr.Record, findings: list[qr.Finding], issues: dict[IssueKey, IssueValue]
) -> None:
    """A record's findings as issues; the first finding of a (rule, field) wins."""
    pk = int(record.id or 0)  # records read from the database always have their id
    for finding, impact in zip(findings, qr.impacts(findings, record), strict=True):
        key = (pk, finding.rule_code, finding.field)
        if key not in issues:
            issues[key] = (finding.severity, finding.params, impact)


def _scores_changed(
    rows: list[tuple[int, int, int, int]], low: int, high: int
) -> tuple[list[tuple[int, int, int, int]], list[int]]:
    """The rows whose scores differ from those stored (or have none stored yet), and the ids
    among them that have scores stored (to be replaced), read by the chunk's id range in one
    short query: a nightly re-scan, where few records change, then writes almost nothing, and
    a first scan deletes nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT establishment_id, completeness, validity, currency "
            "FROM registry_qualityscore WHERE establishment_id BETWEEN %s AND %s",
            [low, high],
        )
        stored = {pk: (pk, c, v, u) for pk, c, v, u in cursor.fetchall()}
    changed = [row for row in rows if stored.get(row[0]) != row]
    return changed, [row[0] for row in changed if row[0] in stored]


def _scores_write(
    rows: list[tuple[int, int, int, int]], checked_at: dt.datetime, stored: list[int] | None = None
) -> None:
    """Replace the scores of these records: (id, completeness, validity, currency) rows.
    `stored`: the ids among them known to have scores (None: any may have)."""
    if not rows:
        return
    if bulk.is_postgres():
        replaced = [row[0] for row in rows] if stored is None else stored
        if replaced:
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM registry_qualityscore WHERE establishment_id = ANY(%s)",
                    [replaced],
                )
        bulk.copy_rows(
            QualityScore._meta.db_table,
            ["establishment_id", "completeness", "validity", "currency", "checked_at"],
            ((*row, checked_at) for row in rows),
        )
        return
    QualityScore.objects.bulk_create(
        [
            QualityScore(
                establishment_id=pk, completeness=c, validity=v, currency=u, checked_at=checked_at
            )
            for pk, c, v, u in rows
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["establishment"],
        update_fields=["completeness", "validity", "currency", "checked_at"],
    )


def _issues_sync(
    existing: QuerySet[QualityIssue],
    issues: dict[IssueKey, IssueValue],
    records: set[int] | None = None,
) -> int:
    """Make the open issues among `existing` (those of `records` only, when given) exactly
    `issues`: insert the new, delete the gone, update those whose severity, params or impact
    changed. Returns the number of issues."""
    old: dict[IssueKey, tuple[int, str, dict[str, Any], int]] = {
        (est, rule, field): (pk, severity, params, impact)
        for pk, est, rule, field, severity, params, impact in _issues_read(existing)
        if records is None or est in records
    }
    inserted: list[tuple[int, str, str, str, dict[str, Any], int]] = []
    updated: list[tuple[int, str, dict[str, Any], int]] = []
    for key, value in issues.items():
        was = old.pop(key, None)
        if was is None:
            inserted.append((*key, *value))
        elif was[1:] != value:
            updated.append((was[0], *value))
    _issues_delete([was[0] for was in old.values()])
    _issues_insert(inserted)
    _issues_update(updated)
    return len(issues)


def _issues_read(existing: QuerySet[QualityIssue]) -> Sequence[Sequence[Any]]:
    """(id, establishment, rule, field, severity, params, impact) of the issues. On PostgreSQL
    as one JSON array decoded by one `json.loads` (a test checks the rows are the ORM's): tens
    of thousands of params decoded one by one cost more than the query itself."""
    rows = existing.values_list(
        "id", "establishment_id", "rule", "field", "severity", "params", "impact"
    )
    if not bulk.is_postgres():
        return list(rows)
    statement, params = rows.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # Not an injection: the inner statement is Django's compiled query (values as params).
            "SELECT coalesce(json_agg(json_build_array(q.id, q.establishment_id, q.rule, "  # noqa: S608
            f"q.field, q.severity, q.params, q.impact)), '[]')::text FROM ({statement}) q",
            params,
        )
        found: list[Any] = json.loads(cursor.fetchone()[0])
    return found  # lists, not tuples: the caller unpacks them


def _issues_delete(ids: list[int]) -> None:
    if not ids:
        return
    if bulk.is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM registry_qualityissue WHERE id = ANY(%s)", [ids])
        return
    for start in range(0, len(ids), 2000):  # SQLite limits the parameters of one statement
        QualityIssue.objects.filter(id__in=ids[start : start + 2000]).delete()


def _issues_insert(rows: Sequence[tuple[int, str, str, str, dict[str, Any], int]]) -> None:
    if not rows:
        return
    now = timezone.now()
    if bulk.is_postgres():
        bulk.copy_rows(
            QualityIssue._meta.db_table,
            ["establishment_id", "rule", "field", "severity", "params", "impact", "found_at"],
            ((e, r, f, s, json.dumps(p) if p else "{}", i, now) for e, r, f, s, p, i in rows),
        )
        return
    QualityIssue.objects.bulk_create(
        [
            QualityIssue(
                establishment_id=e, rule=r, field=f, severity=s, params=p, impact=i, found_at=now
            )
            for e, r, f, s, p, i in rows
        ],
        batch_size=2000,
    )


def _issues_update(rows: Sequence[tuple[int, str, dict[str, Any], int]]) -> None:
    if not rows:
        return
    if bulk.is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS quality_issue_changes "
                "(id bigint, severity varchar(8), params jsonb, impact integer) "
                "ON COMMIT DELETE ROWS"
            )
        bulk.copy_rows(
            "quality_issue_changes",
            ["id", "severity", "params", "impact"],
            ((pk, s, json.dumps(p), i) for pk, s, p, i in rows),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE registry_qualityissue i SET severity = c.severity, params = c.params, "
                "impact = c.impact FROM quality_issue_changes c WHERE i.id = c.id"
            )
            cursor.execute("TRUNCATE quality_issue_changes")
        return
    QualityIssue.objects.bulk_update(
        [QualityIssue(id=pk, severity=s, params=p, impact=i) for pk, s, p, i in rows],
        ["severity", "params", "impact"],
        batch_size=500,
    )


class ChunkScores(NamedTuple):
    """What the rules found in a chunk of rows: no database needed to work it out."""

    scores: list[tuple[int, int, int, int]]  # (id, completeness, validity, currency)
    issues: dict[IssueKey, IssueValue]
    dup_keys: list[qr.DupKey]


def _chunk_score(rows: list[tuple[Any, ...]], context: qr.Context, with_keys: bool) -> ChunkScores:
    """Run the rules over a chunk of the scan's rows (and make their duplicate keys)."""
    evaluate = qr.evaluate
    build = _build_record
    score_rows: list[tuple[int, int, int, int]] = []
    issues: dict[IssueKey, IssueValue] = {}
    keys: list[qr.DupKey] = []
    for row in rows:
        record = build(row)
        findings, scores = evaluate(record, context)
        score_rows.append((row[_ID], *scores))
        if findings:
            _findings_into(record, findings, issues)
        if with_keys:
            keys.append(qr.dup_key(record))
    return ChunkScores(score_rows, issues, keys)


def _chunk_store(chunk: ChunkScores, checked_at: dt.datetime, rewrite: bool = False) -> int:
    """Write a chunk's scores and issues (duplicates aside) in one transaction; the number of
    its records' open issues. Scores that did not change are left as they are (and keep their
    `checked_at`) unless `rewrite`."""
    ids = [row[0] for row in chunk.scores]
    # The chunk's id range, not a list of ten thousand ids: a short query; records in the
    # range but not in the chunk (merged ones, others an import did not touch) are left.
    low, high = min(ids), max(ids)
    with transaction.atomic():
        if rewrite:
            _scores_write(chunk.scores, checked_at)
        else:
            changed, stored = _scores_changed(chunk.scores, low, high)
            _scores_write(changed, checked_at, stored)
        existing = QualityIssue.objects.filter(
            establishment_id__gte=low, establishment_id__lte=high
        ).exclude(rule__startswith=DUPLICATE)
        return _issues_sync(existing, chunk.issues, set(ids))


def _scored_chunks(
    queryset: QuerySet[Establishment], context: qr.Context, with_keys: bool
) -> Generator[ChunkScores, None, None]:
    """The chunks of the queryset scored, in id order."""
    for rows in _rows(queryset):
        yield _chunk_score(rows, context, with_keys)


class PartDone(NamedTuple):
    """What scanning a part of the records leaves to the rest of the scan."""

    records: int
    issues: int
    dup_keys: list[qr.DupKey]


def _scan_part(
    live: QuerySet[Establishment],
    context: qr.Context,
    with_keys: bool,
    now: dt.datetime,
    done: Callable[[int], None],
) -> PartDone:
    """Score and store the records of `live` chunk by chunk (each chunk its own transaction),
    calling `done` with each chunk's size."""
    records = issues = 0
    keys: list[qr.DupKey] = []
    # closing: a cancel (raised by `done`) stops the reading at once.
    with contextlib.closing(_scored_chunks(live, context, with_keys)) as chunks:
        for chunk in chunks:
            issues += _chunk_store(chunk, now)
            keys.extend(chunk.dup_keys)
            records += len(chunk.scores)
            done(len(chunk.scores))
    return PartDone(records, issues, keys)


# A full scan of at least PARALLEL_MIN records on PostgreSQL is split in two halves by id: a
# forked process reads, scores and writes the upper half through a connection of its own while
# this one does the lower half; only counts, progress and the duplicate keys come back (by
# pipe). Two cores then share the rules' Python and the database's work — the rows never
# travel between processes (an earlier worker that was sent every row and returned every
# result spent more on pickling than it gained; docs/benchmarks.md).
PARALLEL_MIN: int | None = 100_000


def _can_fork() -> bool:
    # The connection is closed before the fork so that neither process shares its socket;
    # inside a transaction (tests, a caller's atomic block) it cannot be, and the child would
    # not see uncommitted rows anyway.
    return bulk.is_postgres() and not connection.in_atomic_block


def _forget_inherited_connections() -> None:
    """Drop, unclosed, every database connection this forked process can see.

    The parent closes its connection before forking, but only the one it sees: Django keeps a
    thread's connections apart from those of an event loop running in it (asgiref's Local),
    and in the child no loop runs, so the child can find a connection the parent still holds
    and uses (seen in the test run after Playwright's loop). Sharing that socket corrupts
    both sides, and closing it here would end the parent's session. psycopg closes a
    connection only in the process that opened it, so the dropped objects are left alone and
    the child opens its own."""
    for alias in connections:
        with contextlib.suppress(AttributeError):  # none opened under this alias
            del connections[alias]


def _part_child(
    live: QuerySet[Establishment],
    split: int,
    context: qr.Context,
    with_keys: bool,
    now: dt.datetime,
    pipe: Any,
) -> None:
    """The forked process: the upper half (ids from `split`), reported chunk by chunk, its
    deleted records' rows swept, then its result."""
    _forget_inherited_connections()
    try:
        upper = live.filter(id__gte=split)
        part = _scan_part(upper, context, with_keys, now, lambda n: pipe.send(("done", n)))
        _orphans_delete(low=split)
        # Plain tuples pickle several times faster than named ones.
        pipe.send(("result", (part.records, part.issues, [tuple(k) for k in part.dup_keys])))
    except BaseException as exc:  # reported to the parent, which raises it
        pipe.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connections.close_all()
        pipe.close()


def _scan_in_two(
    live: QuerySet[Establishment],
    context: qr.Context,
    with_keys: bool,
    now: dt.datetime,
    split: int,
    done: Callable[[int], None],
) -> PartDone:
    """`_scan_part` of the records below id `split` here, of the others in a forked process;
    each half then sweeps the rows of its deleted records (`_orphans_delete`)."""
    connections.close_all()
    fork = multiprocessing.get_context("fork")
    receive, send = fork.Pipe(duplex=False)
    child = fork.Process(
        target=_part_child,
        args=(live, split, context, with_keys, now, send),
        daemon=True,
    )
    child.start()
    send.close()
    result: tuple[int, int, list[tuple[Any, ...]]] | None = None

    def drain(block: bool) -> None:
        nonlocal result
        while result is None and (block or receive.poll()):
            try:
                kind, value = receive.recv()
            except EOFError:
                raise RuntimeError("the scan's second process ended without its result") from None
            if kind == "done":
                done(value)
            elif kind == "error":
                raise RuntimeError(f"the scan's second process failed: {value}")
            else:
                result = value

    def done_here(records: int) -> None:
        done(records)
        drain(False)  # and what the other process reported meanwhile

    try:
        lower = _scan_part(live.filter(id__lt=split), context, with_keys, now, done_here)
        _orphans_delete(high=split)  # while the other process may still sweep its half
        drain(True)
        child.join()
    finally:
        if child.is_alive():  # cancelled or failed here: its open chunk is rolled back
            child.terminate()
            child.join()
        receive.close()
    assert result is not None
    records, issues, keys = result
    return PartDone(
        lower.records + records,
        lower.issues + issues,
        lower.dup_keys + [qr.DupKey(*k) for k in keys],
    )


@transaction.atomic
def establishment_quality_refresh(
    est: Establishment, context: qr.Context | None = None
) -> qr.Scores:
    """Re-score one record at once (after an edit or "verified today")."""
    rows = next(_rows(Establishment.objects.filter(pk=est.pk)))
    chunk = _chunk_score(rows, context or quality_context(), with_keys=False)
    now = timezone.now()
    # Duplicate findings need every record: they stay until the next scan or a merge.
    _chunk_store(chunk, now, rewrite=True)
    scores = qr.Scores(*chunk.scores[0][1:])
    est.quality_score = QualityScore(
        establishment=est,
        completeness=scores.completeness,
        validity=scores.validity,
        currency=scores.currency,
        checked_at=now,
    )
    return scores


def _duplicates_sync(keys: Iterable[qr.DupKey]) -> tuple[int, int]:
    """Find likely duplicates among all live records and make their issues exactly those:
    (pairs found, duplicate issues open). A record with several partners for one rule gets
    one issue, naming the partner with the smallest id."""
    duplicates = qr.find_duplicates(keys)
    issues: dict[IssueKey, IssueValue] = {}
    for a, b, code in duplicates:
        rule = qr.rule(code)
        issues.setdefault((b, code, ""), (rule.severity, {"other": a}, int(rule.weight * 50)))
    with transaction.atomic():
        count = _issues_sync(QualityIssue.objects.filter(rule__startswith=DUPLICATE), issues)
    return len(duplicates), count


def _orphans_delete(low: int | None = None, high: int | None = None) -> int:
    """Delete the scores and issues whose record no longer exists (the tables have no
    foreign-key constraint: `QualityScore`), of records with ids in [low, high) when given;
    the number of rows deleted. One anti-join a table: ~1 s at a million records (a split
    scan sweeps its two halves at once), and nothing to delete unless a record was deleted
    while a scan wrote its scores."""
    deleted = 0
    # The bounds on both sides: PostgreSQL then reads only that range of the records' key
    # for its anti-join (0.5 s for half of a million records, against 0.8 s reading them all).
    bounds = [(op, value) for op, value in ((">=", low), ("<", high)) if value is not None]
    with connection.cursor() as cursor:
        for model in (QualityScore, QualityIssue):
            table = model._meta.db_table
            inner = "".join(f" AND e.id {op} %s" for op, _value in bounds)
            outer = "".join(f" AND {table}.establishment_id {op} %s" for op, _value in bounds)
            cursor.execute(
                # Not an injection: table names from the models, values as parameters.
                f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM "  # noqa: S608
                f"{Establishment._meta.db_table} e WHERE e.id = {table}.establishment_id"
                f"{inner}){outer}",
                [value for _op, value in bounds] * 2,
            )
            deleted += cursor.rowcount
    return deleted


def quality_scan(
    progress: Callable[[int, int, str], None] | None = None,
    today: dt.date | None = None,
    queryset: QuerySet[Establishment] | None = None,
) -> dict[str, int]:
    """Re-score every live record, bring the open issues up to date, find duplicates,
    snapshot. With a queryset (the records an import touched) only those are re-scored:
    duplicates and the snapshot need every record and wait for the next full scan.

    Each chunk commits on its own: a cancelled or failed scan leaves every record either
    re-scored or as it was, and running it again finishes the work."""
    context = quality_context(today)
    everything = queryset is None
    live = (queryset if queryset is not None else Establishment.objects).filter(
        merged_into__isnull=True
    )
    total = live.count()
    now = timezone.now()
    done = 0

    def chunk_done(records: int) -> None:
        nonlocal done
        done += records
        if progress is not None:
            progress(done, total, str(_("Scoring records…")))

    split = None
    if everything and PARALLEL_MIN is not None and total >= PARALLEL_MIN and _can_fork():
        split = live.order_by("id").values_list("id", flat=True)[total // 2]
    if split is None:
        part = _scan_part(live, context, everything, now, chunk_done)
        if everything:
            _orphans_delete()
    else:
        part = _scan_in_two(live, context, everything, now, split, chunk_done)
    issues_total, dup_keys = part.issues, part.dup_keys
    if not everything:
        return {"records": total, "issues": issues_total, "duplicates": 0}
    if progress is not None:
        progress(done, total, str(_("Looking for duplicates…")))
    duplicates, dup_issues = _duplicates_sync(dup_keys)
    snapshot_take(today or timezone.localdate())
    if progress is not None:
        progress(total, total, str(_("Done.")))
    return {"records": total, "issues": issues_total + dup_issues, "duplicates": duplicates}


def _scores_by(queryset: QuerySet[Establishment], *group: str) -> list[dict[str, Any]]:
    """Averages per group (a record not scored yet counts 0, as before its first scoring), and
    open issues counted apart: a join with the issues would count a record once per issue and
    skew the averages."""
    zero = Value(0)
    rows = list(
        queryset.values(*group)
        .annotate(
            n=Count("id"),
            c=Avg(Coalesce("quality_score__completeness", zero)),
            v=Avg(Coalesce("quality_score__validity", zero)),
            u=Avg(Coalesce("quality_score__currency", zero)),
        )
        .order_by(*group)
    )
    issues = {
        tuple(r[f"establishment__{g}"] for g in group): r["k"]
        for r in QualityIssue.objects.filter(establishment__in=queryset)
        .values(*(f"establishment__{g}" for g in group))
        .annotate(k=Count("id"))
        .order_by()
    }
    for row in rows:
        row["open_issues"] = issues.get(tuple(row[g] for g in group), 0)
    return rows


def snapshot_take(day: dt.date) -> int:
    """Province averages of today's scores, kept for the trend (one row per province and day)."""
    rows = _scores_by(Establishment.objects.filter(merged_into__isnull=True), "province_id")
    snapshots = [
        QualitySnapshot(
            province_id=r["province_id"],
            day=day,
            records=r["n"],
            completeness=math.floor(r["c"] or 0),
            validity=math.floor(r["v"] or 0),
            currency=math.floor(r["u"] or 0),
            open_issues=r["open_issues"],
        )
        for r in rows
    ]
    QualitySnapshot.objects.bulk_create(
        snapshots,
        update_conflicts=True,
        unique_fields=["province", "day"],
        update_fields=["records", "completeness", "validity", "currency", "open_issues"],
    )
    return len(snapshots)


def issue_message(issue: QualityIssue, language: str | None = None) -> str:
    finding = qr.Finding(issue.rule, issue.field, issue.severity, issue.params)
    return qr.finding_message(finding, language or translation.get_language() or "th")


def quality_scan_start(*, user: Any, office: Any = None) -> Job:
    """Managers (of any province) and nation-wide staff start a scan; it re-scores everything."""
    scope = scope_for(user)
    if not scope.provinces(Action.MANAGE):
        raise PermissionDenied(_("Only managers start a data-quality scan."))
    return job_start(kind="registry.quality_scan", user=user, office=office)


@job_handler("registry.quality_scan", label=_("Data-quality scan"))
def quality_scan_job(ctx: JobContext) -> dict[str, int]:
    return quality_scan(lambda done, total, message: ctx.progress(done, total, message))


def scores_by_province(queryset: QuerySet[Establishment]) -> list[dict[str, Any]]:
    return _scores_by(queryset, "province_id", "province__name_th", "province__name_en")


def scores_by_office(queryset: QuerySet[Establishment]) -> list[dict[str, Any]]:
    return _scores_by(queryset, "office__code", "office__name_th", "office__name_en")


def trend(province_codes: list[str] | None) -> QuerySet[QualitySnapshot]:
    snapshots = QualitySnapshot.objects.all()
    if province_codes is not None:
        snapshots = snapshots.filter(province_id__in=province_codes)
    return snapshots.select_related("province").order_by("day", "province__name_th")
