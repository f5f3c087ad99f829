"""Search over a national registry through the API: p50/p95 latency of the first page of
`/api/v1/registry/establishments?q=...` (with its count, exact up to 1,000), beside an unindexed `icontains` scan.

    .venv/bin/python -m bench.search [--rows 1000000] [--repeat 10] [--baseline-repeat 3]

The registry (--rows establishments of every kind in every province, deterministic) is written
straight into the tables with COPY; the pg_trgm index is built as the migration builds it.
Requests go through Django's test Client (every middleware, session authentication, the
django-ninja endpoint, the page's ids then its rows, the capped count, serialisation) as a nation-wide viewer (a
member of the department, whose scope covers every province). Each query of the mix runs once
to warm up, then --repeat times, interleaved; the baseline swaps the trigram-indexed search
filter for `search_text__icontains` (UPPER(...) LIKE UPPER(...), which no index serves) and
runs --baseline-repeat times. Results of both are checked to be the same.
"""

from __future__ import annotations

import time
from typing import Any

from bench import common
from bench.common import fmt_s, heading, say

URL = "/api/v1/registry/establishments"


def query_mix() -> list[tuple[str, str]]:
    """(what, q): realistic searches; identifiers are taken from the loaded data."""
    rows = common.sql("SELECT count(*) FROM registry_establishment")[0][0]
    fid, registration = common.sql(
        "SELECT fid, registration_no FROM registry_factorylicence "
        "WHERE establishment_id >= %s ORDER BY establishment_id LIMIT 1",
        [rows // 2],
    )[0]
    juristic = common.sql(
        "SELECT juristic_id FROM registry_establishment WHERE id >= %s AND kind = 'business' "
        "ORDER BY id LIMIT 1",
        [rows // 3],
    )[0][0]
    place = common.places()[len(common.places()) // 3].sub_name
    thai_digits = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    return [
        ("Thai name fragment", "ปาล์ม"),
        ("Thai name fragment", "ทะเลทอง"),
        ("Thai name, two words", "สยามเพชร"),
        ("activity", "ห้องเย็น"),
        ("place in a name", place),
        ("2 characters", "ยา"),
        ("2 characters", "ทอ"),
        ("2 characters, no match", "ฮฮ"),
        ("FID", fid),
        ("FID, first 8 digits", fid[:8]),
        ("registration number", registration),
        ("registration number, Thai digits", registration.translate(thai_digits)),
        ("juristic id", juristic),
        ("many rows", "บริษัท"),
        ("many rows", "จำกัด"),
        ("no rows", "ไม่มีชื่อนี้แน่นอน"),
        ("no rows, Latin", "zzqx"),
    ]


def run_api(client: Any, queries: list[tuple[str, str]], repeat: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {q: [] for _w, q in queries}
    counts: dict[str, tuple[int, bool, list[int]]] = {}
    for _ in range(repeat):
        for _what, q in queries:
            start = time.perf_counter()
            response = client.get(URL, {"q": q})
            samples[q].append(time.perf_counter() - start)
            assert response.status_code == 200, (q, response.status_code, response.content[:300])
            data = response.json()
            counts[q] = (data["count"], data["count_is_exact"], [i["id"] for i in data["items"]])
    run_api.counts = counts  # type: ignore[attr-defined]
    return samples


def sql_split(
    user: Any, queries: list[tuple[str, str]], repeat: int
) -> dict[str, tuple[float, float]]:
    """Median time of the first page's ids (from the newest rows when they hold more than
    COUNT_LIMIT matches, else with the count of matches up to SORT_LIMIT, or the ordered walk
    past it) and of loading those 50 rows as the API does, through the selectors.
    The order is the one the requests get: a search's default (selectors.effective_sort)."""
    from saphan.registry.api import PAGE_RELATED
    from saphan.registry.search import page_ids
    from saphan.registry.selectors import (
        COUNT_LIMIT,
        SORTS,
        EstablishmentFilters,
        effective_sort,
        establishment_matches_for_user,
        establishment_rows_for_user,
    )

    out = {}
    for _what, q in queries:
        filters = EstablishmentFilters(q=q)
        qs = establishment_matches_for_user(user, filters)
        walk = establishment_matches_for_user(user, filters, walk=True)
        scan = establishment_matches_for_user(user, filters, scan=True)
        order = SORTS[effective_sort(filters)]

        def first_page(qs: Any = qs, o: Any = order, w: Any = walk, s: Any = scan) -> Any:
            return page_ids(qs, o, 0, 51, w, scan=s, enough=COUNT_LIMIT)

        ids = first_page()[0][:50]
        first = common.median(common.repeat(first_page, repeat))

        def load_rows(i: list[int] = ids) -> Any:
            return establishment_rows_for_user(user, i, PAGE_RELATED)

        load = common.median(common.repeat(load_rows, repeat))
        out[q] = (first, load)
    return out


def explain(user: Any, q: str) -> tuple[list[str], list[str]]:
    from saphan.registry.search import NEWEST_PROBE, SORT_LIMIT
    from saphan.registry.selectors import (
        COUNT_LIMIT,
        SORTS,
        EstablishmentFilters,
        effective_sort,
        establishment_matches_for_user,
    )

    filters = EstablishmentFilters(q=q)
    order = SORTS[effective_sort(filters)]
    fields = list(dict.fromkeys(["id", *(f.lstrip("-") for f in order)]))
    qs = establishment_matches_for_user(user, filters)
    inner, params = qs.order_by().values(*fields)[: SORT_LIMIT + 1].query.sql_with_params()
    order_sql = ", ".join(f"s.{f.lstrip('-')}{' DESC' if f[0] == '-' else ''}" for f in order)
    lines = [f"up to {SORT_LIMIT:,} matches, sorted by {order}: EXPLAIN (ANALYZE, BUFFERS) q={q!r}"]
    lines += [
        r[0]
        for r in common.sql(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT s.id, COUNT(*) OVER () FROM "
            f"({inner}) s ORDER BY {order_sql} LIMIT 51",
            params,
        )
    ]
    newest = common.sql("SELECT max(id) FROM registry_establishment")[0][0]
    scan = establishment_matches_for_user(user, filters, scan=True).filter(
        id__gt=newest - NEWEST_PROBE
    )
    lines.append(f"newest first, the newest {NEWEST_PROBE:,} ids read one by one (the probe):")
    probe = scan.order_by("-id").values_list("id", flat=True)[: COUNT_LIMIT + 1]
    lines += probe.explain(analyze=True, buffers=True).splitlines()
    lines.append("the ordered walk (used past SORT_LIMIT matches):")
    walk = establishment_matches_for_user(user, filters, walk=True)
    page = walk.values_list("id", flat=True)[:51].explain(analyze=True, buffers=True).splitlines()
    return lines, page


def exact_counts(user: Any, queries: list[tuple[str, str]]) -> dict[str, int]:
    """How many records each query matches (the API says "more than 1,000"), untimed."""
    from saphan.registry.selectors import EstablishmentFilters, establishment_matches_for_user

    return {
        q: establishment_matches_for_user(user, EstablishmentFilters(q=q)).count()
        for _w, q in queries
    }


def icontains_filter(queryset: Any, query: str, **_how: bool) -> Any:
    from saphan.registry.search import normalize

    pattern = normalize(query)
    return queryset.filter(search_text__icontains=pattern) if pattern else queryset


def main() -> int:
    p = common.parser(__doc__.split("\n\n")[0], default_rows=1_000_000, reusable=True)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--baseline-repeat", type=int, default=3)
    args = p.parse_args()
    results: dict[str, Any] = {"rows": args.rows}
    with common.bench_run(args) as bench:
        from django.test import Client

        from saphan.registry import search, selectors

        results["machine"] = bench.info
        heading("Data")
        if args.reuse:
            kinds = dict(
                common.sql("SELECT kind, count(*) FROM registry_establishment GROUP BY kind")
            )
            args.rows = results["rows"] = sum(kinds.values())
            say(f"  {args.rows:,} establishments {kinds}: the kept database, as it is")
        else:
            with common.timed() as t:
                kinds = common.load_registry(args.rows, args.seed)
            say(f"  {args.rows:,} establishments {kinds} loaded with COPY, trigram and short-pattern indexes built, "
                f"ANALYZEd in {fmt_s(t.seconds)}")  # fmt: skip
        size = common.sql("SELECT pg_size_pretty(pg_total_relation_size('registry_establishment')), "
                          "pg_size_pretty(pg_relation_size('registry_est_search_trgm')), "
                          "pg_size_pretty(pg_relation_size('registry_est_search_grams'))")[0]  # fmt: skip
        say(
            f"  registry_establishment with indexes: {size[0]}; trigram index: {size[1]}; "
            f"short-pattern index: {size[2]}"
        )
        queries = query_mix()
        client = Client()
        client.force_login(bench.viewer)

        heading(f"API, trigram index: warm-up, then {args.repeat} rounds of {len(queries)} queries")
        with common.ForeignLoad() as load:
            cold = run_api(client, queries, 1)
            indexed = run_api(client, queries, args.repeat)
        counts = dict(run_api.counts)  # type: ignore[attr-defined]
        say(f"  {load.summary()}")
        split = sql_split(bench.viewer, queries, max(3, args.repeat // 2))

        heading(f"API, unindexed icontains scan: {args.baseline_repeat} rounds")
        # The baseline is the plain scan: no search index, and no look among the newest ids.
        original, newest = selectors.search_filter, search.NEWEST
        selectors.search_filter, search.NEWEST = icontains_filter, ()
        try:
            with common.ForeignLoad() as base_load:
                baseline = run_api(client, queries, args.baseline_repeat)
            base_counts = dict(run_api.counts)  # type: ignore[attr-defined]
        finally:
            selectors.search_filter, search.NEWEST = original, newest
        say(f"  {base_load.summary()}")
        assert base_counts == counts, "the baseline and the index must find the same rows"
        matched = exact_counts(bench.viewer, queries)

        heading("Per query (medians; p95 over the rounds)")
        say(f"  {'query':<34} {'q':<18} {'rows':>8} {'cold':>8} {'p50':>8} {'p95':>8} "
            f"{'ids':>8} {'rows':>8} {'scan p50':>9} {'×':>6}")  # fmt: skip
        per_query = []
        for what, q in queries:
            s, b = indexed[q], baseline[q]
            count_s, page_s = split[q]
            row = {
                "what": what, "q": q, "rows": matched[q], "count": counts[q][0],
                "count_is_exact": counts[q][1], "cold_ms": cold[q][0] * 1000,
                "p50_ms": common.median(s) * 1000, "p95_ms": common.percentile(s, 95) * 1000,
                "sql_ids_ms": count_s * 1000, "sql_rows_ms": page_s * 1000,
                "scan_p50_ms": common.median(b) * 1000,
            }  # fmt: skip
            per_query.append(row)
            say(f"  {what:<34} {q[:18]:<18} {matched[q]:>8,} {row['cold_ms']:>6.0f}ms "
                f"{row['p50_ms']:>6.1f}ms {row['p95_ms']:>6.1f}ms {row['sql_ids_ms']:>6.1f}ms "
                f"{row['sql_rows_ms']:>6.1f}ms {row['scan_p50_ms']:>7.0f}ms "
                f"{row['scan_p50_ms'] / row['p50_ms']:>5.1f}×")  # fmt: skip
        results["per_query"] = per_query

        pooled = [x for q in indexed.values() for x in q]
        pooled_base = [x for q in baseline.values() for x in q]
        p50, p95 = common.percentile(pooled, 50), common.percentile(pooled, 95)
        b50, b95 = common.percentile(pooled_base, 50), common.percentile(pooled_base, 95)
        worst = max(per_query, key=lambda r: r["p95_ms"])
        heading("Summary")
        say(f"  trigram index, {len(pooled)} requests: p50 {fmt_s(p50)}, p95 {fmt_s(p95)}, "
            f"max {fmt_s(max(pooled))}")  # fmt: skip
        say(f"  icontains scan, {len(pooled_base)} requests: p50 {fmt_s(b50)}, p95 {fmt_s(b95)}")
        say(f"  scan / index: p50 {b50 / p50:.1f}×, p95 {b95 / p95:.1f}×")
        say(f"  goal p95 ≤ 50 ms: {'MET' if p95 <= 0.050 else 'NOT MET'} "
            f"(slowest query: {worst['what']} {worst['q']!r}, p95 {worst['p95_ms']:.0f} ms)")  # fmt: skip
        over = [r for r in per_query if r["p95_ms"] > 50]
        if over:
            say("  queries over 50 ms at p95: " + ", ".join(f"{r['q']!r} ({r['rows']:,} rows, "
                f"{r['p95_ms']:.0f} ms)" for r in over))  # fmt: skip
        results["summary"] = {"p50_ms": p50 * 1000, "p95_ms": p95 * 1000, "max_ms": max(pooled) * 1000,
                              "scan_p50_ms": b50 * 1000, "scan_p95_ms": b95 * 1000,
                              "requests": len(pooled), "baseline_requests": len(pooled_base)}  # fmt: skip
        results["foreign_load"] = {"indexed": load.as_dict(), "baseline": base_load.as_dict()}

        heading(f"Query plans of the slowest query ({worst['q']!r})")
        plan, page = explain(bench.viewer, worst["q"])
        for line in plan + page[:14] + ["  …"] + page[-3:]:
            say("  " + line)
        results["plan_slowest"] = plan + page
        say(f"\n  results: {common.save_results('search', results)}")
    return 0


if __name__ == "__main__":
    common.main_guard(main)
