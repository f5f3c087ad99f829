"""Data quality in the database: scores and open issues kept per record, the scan, the worklist.

The rules themselves are pure Python in `quality_rules.py`; this module feeds them records read
in bulk, writes what they find, and keeps a daily snapshot per province for the trend.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Avg, Count, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from saphan.core.jobs import JobContext, job_handler, job_start
from saphan.core.models import Job, Subdistrict
from saphan.core.scoping import Action, scope_for
from saphan.registry import bulk
from saphan.registry import quality_rules as qr
from saphan.registry.abbr import province_abbr_map
from saphan.registry.models import Establishment, QualityIssue, QualitySnapshot

CHUNK = 5000
# A record "near" its province lies within this distance of the average point of the
# province's located records (no province outlines are available offline; see docs).
PROVINCE_RADIUS_KM = 150.0
MIN_POINTS_FOR_CENTRE = 5


def _values_paths() -> dict[str, str]:
    """Record field -> ORM path for `.values()`."""
    paths: dict[str, str] = {}
    renamed = {
        "subdistrict_code": "subdistrict_id",
        "district_code": "district_id",
        "province_code": "province_id",
        "factory_class": "factory__factory_class",
    }
    for name in qr.RECORD_FIELDS:
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


def _records(queryset: QuerySet[Establishment]) -> Iterator[dict[str, Any]]:
    paths = VALUES_PATHS
    for row in queryset.values(*paths.values()).iterator(chunk_size=CHUNK):
        yield {name: row[path] for name, path in paths.items()}


def _pk(record: qr.Record) -> int:
    # Records read from the database always have their id.
    return int(record.id or 0)


def _issues_for(record: qr.Record, findings: list[qr.Finding]) -> list[QualityIssue]:
    seen: set[tuple[str, str]] = set()
    issues = []
    for finding in findings:
        key = (finding.rule_code, finding.field)
        if key in seen:
            continue
        seen.add(key)
        issues.append(
            QualityIssue(
                establishment_id=_pk(record),
                rule=finding.rule_code,
                field=finding.field,
                severity=finding.severity,
                params=finding.params,
                impact=qr.impact(finding, record),
            )
        )
    return issues


@transaction.atomic
def establishment_quality_refresh(
    est: Establishment, context: qr.Context | None = None
) -> qr.Scores:
    """Re-score one record at once (after an edit or "verified today")."""
    row = next(_records(Establishment.objects.filter(pk=est.pk)))
    record = qr.record_from_mapping(row)
    findings, scores = qr.evaluate(record, context or quality_context())
    now = timezone.now()
    Establishment.objects.filter(pk=est.pk).update(
        completeness=scores.completeness,
        validity=scores.validity,
        currency=scores.currency,
        quality_checked_at=now,
    )
    est.completeness, est.validity, est.currency = scores
    est.quality_checked_at = now
    # Duplicate findings need every record: they stay until the next scan or a merge.
    est.quality_issues.exclude(rule__startswith="duplicate.").delete()
    QualityIssue.objects.bulk_create(_issues_for(record, findings))
    return scores


def _write_scores(rows: list[tuple[int, int, int, int]], checked_at: dt.datetime) -> None:
    """(id, completeness, validity, currency) rows in one UPDATE … FROM (VALUES …) per chunk:
    a statement per row costs a round trip each (PostgreSQL and SQLite ≥ 3.33 both have it)."""
    if not rows:
        return
    if bulk.is_postgres():
        # COPY into a scratch table, then one UPDATE: no 20,000-parameter statement to build.
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS quality_scores "
                "(id bigint, c smallint, va smallint, u smallint) ON COMMIT DELETE ROWS"
            )
        bulk.copy_rows("quality_scores", ["id", "c", "va", "u"], rows)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE registry_establishment SET completeness = s.c, validity = s.va, "
                "currency = s.u, quality_checked_at = %s FROM quality_scores s "
                "WHERE registry_establishment.id = s.id",
                [checked_at],
            )
            cursor.execute("TRUNCATE quality_scores")
        return
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    statement = (
        f"WITH v(id, c, va, u) AS (VALUES {values}) "  # noqa: S608 — placeholders only
        "UPDATE registry_establishment SET completeness = v.c, validity = v.va, "
        "currency = v.u, quality_checked_at = %s FROM v WHERE registry_establishment.id = v.id"
    )
    params: list[Any] = [value for row in rows for value in row]
    params.append(checked_at)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def quality_scan(
    progress: Callable[[int, int, str], None] | None = None,
    today: dt.date | None = None,
    queryset: QuerySet[Establishment] | None = None,
) -> dict[str, int]:
    """Re-score every live record, replace the open issues, find duplicates, snapshot. With a
    queryset (the records an import touched) only those are re-scored: duplicates and the
    snapshot need every record and wait for the next full scan."""
    context = quality_context(today)
    everything = queryset is None
    live = (
        (queryset if queryset is not None else Establishment.objects)
        .filter(merged_into__isnull=True)
        .order_by("id")
    )
    total = live.count()
    done = issues_total = 0
    dup_keys: list[Any] = []
    now = timezone.now()
    batch: list[dict[str, Any]] = []

    def flush() -> int:
        records = [qr.record_from_mapping(row) for row in batch]
        scores_rows = []
        issues: list[QualityIssue] = []
        for record in records:
            findings, scores = qr.evaluate(record, context)
            scores_rows.append((_pk(record), scores.completeness, scores.validity, scores.currency))
            issues.extend(_issues_for(record, findings))
            dup_keys.append(qr.dup_key(record))
        ids = [_pk(r) for r in records]
        with transaction.atomic():
            _write_scores(scores_rows, now)
            QualityIssue.objects.filter(establishment_id__in=ids).delete()
            bulk.insert(QualityIssue, issues)
        return len(issues)

    for row in _records(live):
        batch.append(row)
        if len(batch) >= CHUNK:
            issues_total += flush()
            done += len(batch)
            batch = []
            if progress is not None:
                progress(done, total, str(_("Scoring records…")))
    if batch:
        issues_total += flush()
        done += len(batch)
    if not everything:
        return {"records": total, "issues": issues_total, "duplicates": 0}
    duplicates = qr.find_duplicates(dup_keys)
    dup_issues = [
        QualityIssue(
            establishment_id=b,
            rule=code,
            field="",
            severity=qr.rule(code).severity,
            params={"other": a},
            impact=int(qr.rule(code).weight * 50),
        )
        for a, b, code in duplicates
    ]
    QualityIssue.objects.bulk_create(dup_issues, batch_size=CHUNK, ignore_conflicts=True)
    snapshot_take(today or timezone.localdate())
    if progress is not None:
        progress(total, total, str(_("Done.")))
    return {
        "records": total,
        "issues": issues_total + len(dup_issues),
        "duplicates": len(duplicates),
    }


def _scores_by(queryset: QuerySet[Establishment], *group: str) -> list[dict[str, Any]]:
    """Averages per group, and open issues counted apart: a join with the issues would count a
    record once per issue and skew the averages."""
    rows = list(
        queryset.values(*group)
        .annotate(n=Count("id"), c=Avg("completeness"), v=Avg("validity"), u=Avg("currency"))
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
