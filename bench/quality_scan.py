"""The data-quality scan (`saphan.registry.quality.quality_scan`) of a national registry, beside
one SQL pass over the same table.

    .venv/bin/python -m bench.quality_scan [--rows 1000000] [--baseline-repeat 3]

The registry (--rows establishments of every kind, with the defects of the demo data:
missing coordinates, wrong postal codes, bad check digits, class against size, stale
verification, duplicates, expired concessions) is written straight into the tables with COPY.
Baselines: a SELECT of the columns the scan reads (its own query, fetched by the client
through a server-side cursor, 5,000 rows at a time) and an UPDATE touching every row. The
SELECT runs first; then the scan runs three times: the first scan (no issues yet), a second
one (re-scores everything, writes only what changed: the nightly case) — both with the code's
default `quality.PARALLEL_MIN` (100,000: the records split over two processes) — and a third,
serial (everything in this process), with phase timers to show where the time goes. The
UPDATE baseline runs last: each UPDATE leaves a dead version of every row and of its index
entries, so scans after it would read a table several times the size the SELECT read (the
runs before 2026-12-06 21:00 did that). VACUUM ANALYZE (not timed) precedes every measurement.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench import common
from bench.common import fmt_s, heading, say

TABLES = ("registry_establishment", "registry_qualityissue", "registry_factorylicence")


def select_pass() -> int:
    """The scan's own query, every row fetched by the client, no Django model layer."""
    from django.db import connection, transaction

    from saphan.registry.models import Establishment
    from saphan.registry.quality import scan_rows

    qs = scan_rows(Establishment.objects.filter(merged_into__isnull=True))
    statement, params = qs.query.sql_with_params()
    rows = 0
    with transaction.atomic():
        connection.ensure_connection()
        with connection.connection.cursor(name="bench_select_pass") as cursor:
            cursor.itersize = 5000
            cursor.execute(statement, params)
            for _row in cursor:
                rows += 1
    return rows


def update_pass() -> int:
    return common.sql(
        "WITH u AS (UPDATE registry_establishment SET verified_at = verified_at RETURNING 1) "
        "SELECT count(*) FROM u"
    )[0][0]


def scan_phases() -> common.Phases:
    """Timers on the scan's steps. Half the records may be scanned in a second process
    (PARALLEL_MIN), where these timers cannot see them: the timed run is always serial."""
    from saphan.registry import quality
    from saphan.registry import quality_rules as qr

    phases = common.Phases()
    phases.wrap(quality, "quality_context", "context (postal codes, province centres)")
    phases.wrap_iter(quality, "_rows", "read rows (values_list, id > last)")
    phases.wrap(quality, "_chunk_score", "score a chunk (no database)")
    phases.wrap(quality, "_build_record", "build Records")
    phases.wrap(qr, "evaluate", "rules (evaluate)")
    phases.wrap(quality, "_findings_into", "issues of a record (impacts)")
    phases.wrap(qr, "dup_key", "duplicate keys")
    phases.wrap(quality, "_chunk_store", "write a chunk (one transaction)")
    phases.wrap(quality, "_scores_changed", "compare with the stored scores")
    phases.wrap(quality, "_scores_write", "replace changed scores (DELETE + COPY)")
    phases.wrap(quality, "_issues_sync", "issues by difference (read, compare, write)")
    phases.wrap(quality, "_duplicates_sync", "duplicates (find and sync)")
    phases.wrap(qr, "find_duplicates", "find duplicates")
    phases.wrap(quality, "_orphans_delete", "scores and issues of deleted records")
    phases.wrap(quality, "snapshot_take", "province snapshot")
    return phases


PHASE_ORDER = [
    ("context (postal codes, province centres)", 0),
    ("read rows (values_list, id > last)", 0),
    ("score a chunk (no database)", 0),
    ("build Records", 1),
    ("rules (evaluate)", 1),
    ("issues of a record (impacts)", 1),
    ("duplicate keys", 1),
    ("write a chunk (one transaction)", 0),
    ("compare with the stored scores", 1),
    ("replace changed scores (DELETE + COPY)", 1),
    ("issues by difference (read, compare, write)", 1),
    ("duplicates (find and sync)", 0),
    ("find duplicates", 1),
    ("scores and issues of deleted records", 0),
    ("province snapshot", 0),
]


def run_scan() -> tuple[float, dict[str, int]]:
    from saphan.registry.quality import quality_scan

    start = time.perf_counter()
    result = quality_scan()
    return time.perf_counter() - start, result


def timed_passes(one_pass: Callable[[], int], repeat: int) -> tuple[int, list[float]]:
    """Rows of one pass and the seconds of each of `repeat` passes, VACUUM ANALYZE before each."""
    seconds = []
    for _ in range(repeat):
        common.vacuum_analyze(*TABLES)
        start = time.perf_counter()
        n = one_pass()
        seconds.append(time.perf_counter() - start)
    return n, seconds


def main() -> int:
    p = common.parser(__doc__.split("\n\n")[0], default_rows=1_000_000)
    p.add_argument("--baseline-repeat", type=int, default=3)
    p.add_argument(
        "--update-repeat", type=int, default=None,
        help="UPDATE passes (default: --baseline-repeat); each takes minutes at 1,000,000 rows",
    )  # fmt: skip
    p.add_argument(
        "--fillfactor", type=int, default=0,
        help="what-if: set this fillfactor on registry_establishment (and rewrite it) before "
        "measuring; not the schema as migrated",
    )  # fmt: skip
    args = p.parse_args()
    results: dict[str, Any] = {"rows": args.rows, "fillfactor": args.fillfactor or None}
    with common.bench_run(args) as bench:
        results["machine"] = bench.info
        heading("Data")
        with common.timed() as t:
            kinds = common.load_registry(args.rows, args.seed)
        say(f"  {args.rows:,} establishments {kinds} loaded with COPY in {fmt_s(t.seconds)}")
        if args.fillfactor:
            say(f"  WHAT-IF: registry_establishment rewritten with fillfactor={args.fillfactor} "
                "(the migrations leave the default, 100)")  # fmt: skip
            common.sql(
                f"ALTER TABLE registry_establishment SET (fillfactor = {int(args.fillfactor)})"
            )
            common.sql("VACUUM FULL registry_establishment")

        heading("One SQL pass: the SELECT baseline")
        with common.ForeignLoad() as load:
            n, selects = timed_passes(select_pass, args.baseline_repeat)
            say(f"  SELECT of the scan's columns, {n:,} rows fetched: median {fmt_s(common.median(selects))} "
                f"({common.spread(selects)})")  # fmt: skip
        say(f"  {load.summary()}")
        results["select_s"] = selects

        scans: list[dict[str, Any]] = []
        for label, instrumented in (("first scan (no issues yet)", False),
                                    ("second scan (the nightly case: writes what changed)", False),
                                    ("third scan, serial, with phase timers", True)):  # fmt: skip
            heading(f"quality_scan(), {label}")
            common.vacuum_analyze(*TABLES)
            phases = scan_phases() if instrumented else None
            from saphan.registry import quality

            parallel_min = quality.PARALLEL_MIN
            if instrumented:
                quality.PARALLEL_MIN = None  # the timers only see this process
            try:
                with common.ForeignLoad() as load, common.CpuSplit() as cpu:
                    seconds, result = run_scan()
            finally:
                quality.PARALLEL_MIN = parallel_min
                if phases is not None:
                    phases.restore()
            say(f"  {fmt_s(seconds)}: {args.rows / seconds:,.0f} records/s; {result}")
            say(f"  {load.summary()}")
            say(f"  {cpu.summary()}")
            scans.append({"label": label, "seconds": seconds, "result": result,
                          "foreign_load": load.as_dict(), "cpu": cpu.as_dict()})  # fmt: skip
            if phases is not None:
                say("  where the time goes (inclusive wall time):")
                for line in phases.table(seconds, PHASE_ORDER):
                    say(line)
                if phases.missing:
                    say(f"  (steps no longer in the code, not timed: {', '.join(phases.missing)})")
                accounted = sum(
                    phases.seconds[label] for label, indent in PHASE_ORDER if indent == 0
                )
                say(f"  {'(loop, chunking, transactions: the rest)':<58} {seconds - accounted:9.2f} s  "
                    f"{(seconds - accounted) / seconds:6.1%}")  # fmt: skip
                scans[-1]["phases"] = phases.as_dict()
        results["scans"] = scans

        heading("One SQL pass: the UPDATE baseline, after the scans")
        with common.ForeignLoad() as load:
            repeat = args.baseline_repeat if args.update_repeat is None else args.update_repeat
            n, updates = timed_passes(update_pass, repeat)
        say(
            f"  UPDATE of every row, {n:,} rows: median {fmt_s(common.median(updates))} "
            f"({common.spread(updates)}; the first one {fmt_s(updates[0])})"
        )
        say(f"  {load.summary()}")
        results["update_s"] = updates

        heading("Summary")
        select_s, update_s = common.median(selects), common.median(updates)
        steady = scans[1]["seconds"]
        first = scans[0]["seconds"]
        say(f"  SELECT pass: {fmt_s(select_s)}; UPDATE pass: {fmt_s(update_s)}")
        say(f"  quality scan: first {fmt_s(first)}, second {fmt_s(steady)}")
        for name, seconds in (("first", first), ("second", steady)):
            say(f"  {name} scan / SELECT pass: {seconds / select_s:.1f}×; / UPDATE pass: "
                f"{seconds / update_s:.1f}×")  # fmt: skip
        worst = max(first, steady)
        say(
            f"  goal ≤ 60 s: {'MET' if worst <= 60 else 'NOT MET'} (slower of the two: {fmt_s(worst)})"
        )
        for name, seconds in (("the SELECT", select_s), ("the UPDATE", update_s)):
            say(
                f"  goal within 5× of one SQL pass, {name}: "
                f"{'MET' if worst / seconds <= 5 else 'NOT MET'} ({worst / seconds:.1f}×)"
            )
        results["summary"] = {"select_s": select_s, "update_s": update_s, "first_scan_s": first,
                              "second_scan_s": steady}  # fmt: skip
        hot = common.sql("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
                         "WHERE relname = 'registry_establishment'")[0]  # fmt: skip
        say(f"  row updates on registry_establishment: {hot[0]:,}, of which HOT (no index "
            f"touched): {hot[1]:,} ({hot[1] / max(hot[0], 1):.0%})")  # fmt: skip
        results["updates"] = {"all": hot[0], "hot": hot[1]}
        name = f"quality_scan_ff{args.fillfactor}" if args.fillfactor else "quality_scan"
        say(f"  results: {common.save_results(name, results)}")
    return 0


if __name__ == "__main__":
    common.main_guard(main)
