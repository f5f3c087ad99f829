"""Import of DIW `Factory_Data` rows into PostgreSQL, beside a bare COPY of the same file and
beside django-import-export.

    .venv/bin/python -m bench.import_factories [--rows 1000000] [--sample 20000]
                                               [--profile-rows 100000]

Steps, each in the throw-away `saphan_bench` database:
1. write a deterministic DIW Factory_Data CSV of --rows factories in all 77 provinces;
2. COPY it (3 times, median) into an unindexed table of 23 text columns: the physical limit;
3. import the first --sample rows with django-import-export (a ModelResource keyed by FID,
   creating the establishment beside each licence: what a Django team would write);
4. import the same sample with Saphan's importer (import_prepare + import_run, as
   `saphan import establishments` does, as a superuser; files from
   importer.PARALLEL_MIN_ROWS rows are cleaned in a second process);
5. import the whole file with Saphan's importer, timing its phases;
6. the floor of any importer into Saphan's registry (`--no-floor` skips it): the establishment
   rows the full import wrote, inserted again with one server-side `INSERT … SELECT` (no
   reading, cleaning, matching or scoring, not even COPY's parsing) into empty copies of the
   table: without indexes; with only the trigram index the search needs; without indexes and
   then that index built over all the rows at once; with every index the table has;
7. profile an import of the first --profile-rows rows with pyinstrument (if installed).
The registry is emptied between steps.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bench import common
from bench.common import fmt_s, heading, say

COPY_TABLE = "bench_copy_factory_data"


# ---------------------------------------------------------------------------------------------
# The physical limit: COPY into an unindexed table with the same columns


def copy_file(path: Path) -> float:
    from django.db import connection

    columns = ", ".join(f"{h.lower()} text" for h in common.DIW_HEADER)
    common.sql(f"DROP TABLE IF EXISTS {COPY_TABLE}")
    common.sql(f"CREATE TABLE {COPY_TABLE} ({columns})")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        statement = f"COPY {COPY_TABLE} FROM STDIN (FORMAT csv, HEADER true)"
        with cursor.cursor.copy(statement) as copy, path.open("rb") as handle:
            while block := handle.read(1 << 20):
                copy.write(block)
    seconds = time.perf_counter() - start
    return seconds


def copy_baseline(path: Path, times: int) -> list[float]:
    samples = [copy_file(path) for _ in range(times)]
    count = common.sql(f"SELECT count(*) FROM {COPY_TABLE}")[0][0]
    common.sql(f"DROP TABLE {COPY_TABLE}")
    say(
        f"  COPY {path.name}: {count:,} rows, median {fmt_s(common.median(samples))} ({common.spread(samples)})"
    )
    return samples


# ---------------------------------------------------------------------------------------------
# What a Django team would pick: django-import-export


_PREFIX = re.compile(r"^(?:จังหวัด|จ\.|อำเภอ|อ\.|ตำบล|ต\.|แขวง)\s*")


class _GeoLookup:
    """Exact name lookups after removing the usual level words: what a team would write."""

    def __init__(self) -> None:
        from saphan.core.models import District, Office, OfficeKind, Province, Subdistrict

        self.provinces = {
            name: code for code, name in Province.objects.values_list("code", "name_th")
        }
        self.provinces["กรุงเทพ"] = "10"
        self.districts = {
            (p, n): c for c, p, n in District.objects.values_list("code", "province_id", "name_th")
        }
        self.subdistricts = {
            (d, n): (c, postal.split()[0] if postal else "")
            for c, d, n, postal in Subdistrict.objects.values_list("code", "district_id", "name_th", "postal_codes")
        }  # fmt: skip
        self.offices = dict(
            Office.objects.filter(kind=OfficeKind.PROVINCIAL).values_list("provinces__code", "pk")
        )

    def codes(self, row: dict[str, Any]) -> tuple[str, str, str, str] | None:
        def strip(value: Any) -> str:
            return _PREFIX.sub("", str(value or "").strip()).strip()

        province = self.provinces.get(strip(row["FPROVNAME"]))
        if province is None:
            return None
        district = self.districts.get((province, strip(row["FAMPNAME"])))
        if district is None:
            return None
        found = self.subdistricts.get((district, strip(row["FTUMNAME"])))
        if found is None:
            return None
        return province, district, found[0], found[1]


def import_export_resource() -> Any:
    from import_export import fields, resources, widgets

    from saphan.registry.models import Establishment, FactoryLicence
    from saphan.registry.search import search_text_for

    geo = _GeoLookup()

    def decimal(value: Any) -> Decimal | None:
        text = str(value or "").replace(",", "").strip()
        try:
            return Decimal(text) if text else None
        except InvalidOperation:
            return None

    class DiwFactoryResource(resources.ModelResource):
        fid = fields.Field(attribute="fid", column_name="FID")
        registration_no = fields.Field(attribute="registration_no", column_name="DISPFACREG")
        type_code = fields.Field(attribute="type_code", column_name="FACTYPE")
        operator_name = fields.Field(attribute="operator_name", column_name="ONAME")
        investment_total = fields.Field(
            attribute="investment_total", column_name="TOTAL_CAP", widget=widgets.DecimalWidget()
        )
        workers_total = fields.Field(
            attribute="workers_total", column_name="TOTAL_WORKER", widget=widgets.IntegerWidget()
        )
        horsepower = fields.Field(
            attribute="horsepower", column_name="HP", widget=widgets.DecimalWidget()
        )
        isic_code = fields.Field(attribute="isic_code", column_name="ISIC_CODE")
        industrial_estate = fields.Field(
            attribute="industrial_estate", column_name="ESTATE_NAME_TH"
        )

        class Meta:
            model = FactoryLicence
            import_id_fields = ("fid",)
            fields = ("fid", "registration_no", "type_code", "operator_name", "investment_total",
                      "workers_total", "horsepower", "isic_code", "industrial_estate")  # fmt: skip

        def before_import_row(self, row: Any, **kwargs: Any) -> None:
            row["TOTAL_CAP"] = str(row["TOTAL_CAP"] or "").replace(",", "")

        def skip_row(
            self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None
        ) -> bool:
            return geo.codes(row) is None or super().skip_row(
                instance, original, row, import_validation_errors
            )

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            province, district, sub, postal = geo.codes(row)  # type: ignore[misc]
            est = (
                instance.establishment
                if instance.establishment_id
                else Establishment(kind="factory", source_kind="file")
            )
            est.name_th = row["FNAME"]
            est.activity = row["OBJECT"] or ""
            est.house_no = row["FADDR"] or ""
            est.moo = row["FMOO"] or ""
            est.soi = row["FSOI"] or ""
            est.road = row["FROAD"] or ""
            est.province_id, est.district_id, est.subdistrict_id = province, district, sub
            est.postal_code = postal
            est.latitude, est.longitude = decimal(row["LAT"]), decimal(row["LNG"])
            est.office_id = geo.offices.get(province)
            est.search_text = search_text_for(
                [est.name_th, "", est.activity, "", row["DISPFACREG"], row["FID"]]
            )
            est.save()
            instance.establishment = est

    return DiwFactoryResource()


def import_export_run(path: Path) -> tuple[float, dict[str, int]]:
    import tablib

    start = time.perf_counter()
    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv")
    resource = import_export_resource()
    result = resource.import_data(dataset, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - start
    totals = {k: int(v) for k, v in result.totals.items()}
    return seconds, totals


# ---------------------------------------------------------------------------------------------
# Saphan's importer


def saphan_import(path: Path, user: Any) -> tuple[float, dict[str, int]]:
    from saphan.registry.importer import import_prepare, import_run

    start = time.perf_counter()
    batch = import_prepare(user=user, data=path.read_bytes(), file_name=path.name, kind="factory")
    assert batch.layout == "diw_factory_data", batch.layout
    result = import_run(batch)
    return time.perf_counter() - start, result


FLOOR_TABLE = "bench_floor_establishment"


def floor_inserts() -> dict[str, float]:
    """Seconds to write the stored establishments again into empty copies of their table —
    without indexes, with the trigram index alone, with all the table's indexes: what no
    importer into this table can go below, whatever it does before writing."""
    table = "registry_establishment"
    trigram = [
        definition
        for (definition,) in common.sql(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%gin_trgm_ops%"],
        )
    ]
    assert len(trigram) == 1, trigram  # the search's one trigram index
    trigram_here = re.sub(
        r"^CREATE INDEX \S+ ON (\S+\.)?\S+", f"CREATE INDEX ON {FLOOR_TABLE}", trigram[0]
    )
    bare = f"CREATE TABLE {FLOOR_TABLE} (LIKE {table} INCLUDING DEFAULTS)"
    # name: (the empty copy, indexes made before writing, indexes built after writing)
    copies = {
        "no index": (bare, [], []),
        "the trigram index only": (bare, [trigram_here], []),
        "no index, then the trigram index built": (bare, [], [trigram_here]),
        "all the table's indexes": (
            f"CREATE TABLE {FLOOR_TABLE} (LIKE {table} INCLUDING ALL)",
            [],
            [],
        ),
    }
    seconds: dict[str, float] = {}
    for name, (create, before, after) in copies.items():
        common.sql(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        common.sql(create)
        for statement in before:
            common.sql(statement)
        [(count,)] = common.sql(
            "SELECT count(*) FROM pg_indexes WHERE tablename = %s", [FLOOR_TABLE]
        )
        common.sql("CHECKPOINT")  # the previous copy's dirty pages are not this one's cost
        with common.timed() as t:
            common.sql(f"INSERT INTO {FLOOR_TABLE} SELECT * FROM {table}")
            for statement in after:
                common.sql(statement)
        seconds[name] = t.seconds
        say(f"  {name} ({count} indexes while writing): {fmt_s(t.seconds)}")
    common.sql(f"DROP TABLE {FLOOR_TABLE}")
    return seconds


def import_phases() -> common.Phases:
    """Wrap the importer's steps (module attributes it calls at run time) to time them."""
    from django.db.models import QuerySet

    from saphan.registry import bulk, cleaning, importer, quality
    from saphan.registry import quality_rules as qr

    phases = common.Phases()
    phases.wrap(cleaning, "read_table", "read_table (decode, sniff, header)")
    phases.wrap_iter(importer, "_chunks", "CSV rows → cells by target (csv, Binding.raw)")
    phases.wrap(importer, "_estimate_rows", "estimate rows (progress)")
    phases.wrap(importer, "_clean_here", "clean rows (this process: small files)")
    phases.wrap(cleaning.GeoMatcher, "match", "geo matching")
    phases.wrap(importer, "_cleaned_there", "wait for the second process's cleaning")
    phases.wrap(importer, "_write_chunk", "write chunk")
    phases.wrap(importer, "_existing", "natural-key lookup (existing records)")
    phases.wrap(importer, "_new_rows", "new rows as column values, search text")
    phases.wrap(importer, "establishment_search_text", "search text of changed records")
    phases.wrap(QuerySet, "bulk_create", lambda qs, *a, **k: f"bulk_create {qs.model.__name__}")
    phases.wrap(
        QuerySet,
        "bulk_update",
        lambda qs, objs, fields, *a, **k: f"bulk_update {qs.model.__name__}.{','.join(fields)}",
    )
    phases.wrap(bulk, "take_ids", "take ids (nextval)")
    phases.wrap(bulk, "insert", lambda model, objs, *a, **k: f"COPY {model.__name__}")
    phases.wrap(bulk, "insert_rows", lambda model, rows, *a, **k: f"COPY {model.__name__} rows")
    phases.wrap(importer, "quality_scan", "quality scan of touched rows")
    phases.wrap_iter(quality, "_rows", "read rows (id > last)")
    phases.wrap(qr, "evaluate", "rules (evaluate)")
    phases.wrap(quality, "_chunk_store", "write scores and issues (a chunk)")
    phases.wrap(QuerySet, "delete", lambda qs, *a, **k: f"delete {qs.model.__name__}")
    phases.wrap(quality, "quality_context", "quality context")
    return phases


PHASE_ORDER = [
    ("read_table (decode, sniff, header)", 0),
    ("estimate rows (progress)", 0),
    ("CSV rows → cells by target (csv, Binding.raw)", 0),
    ("clean rows (this process: small files)", 0),
    ("geo matching", 1),
    ("wait for the second process's cleaning", 0),
    ("write chunk", 0),
    ("natural-key lookup (existing records)", 1),
    ("new rows as column values, search text", 1),
    ("search text of changed records", 1),
    ("COPY Establishment rows", 1),
    ("COPY FactoryLicence rows", 1),
    ("take ids (nextval)", 2),
    ("bulk_create LogEntry", 1),
    ("bulk_update Establishment.search_text", 1),
    ("bulk_create ImportRejection", 0),
    ("quality scan of touched rows", 0),
    ("quality context", 1),
    ("read rows (id > last)", 1),
    ("rules (evaluate)", 1),
    ("write scores and issues (a chunk)", 1),
    ("delete QualityIssue", 1),
    ("bulk_create QualityIssue", 1),
    ("COPY QualityIssue", 1),
]


def profile_import(path: Path, user: Any) -> str | None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        say("  pyinstrument is not installed: no profile (pip install pyinstrument).")
        return None
    profiler = Profiler(interval=0.002)
    profiler.start()
    seconds, result = saphan_import(path, user)
    profiler.stop()
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    common.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (common.RESULTS_DIR / "import_profile.txt").write_text(text)
    (common.RESULTS_DIR / "import_profile.html").write_text(profiler.output_html())
    say(f"  profiled import of {result['rows']:,} rows: {fmt_s(seconds)} under the profiler")
    say(f"  full tree: {common.RESULTS_DIR / 'import_profile.txt'} (and .html)")
    return text


def main() -> int:
    p = common.parser(__doc__.split("\n\n")[0], default_rows=1_000_000)
    p.add_argument("--sample", type=int, default=20_000, help="rows for django-import-export")
    p.add_argument("--profile-rows", type=int, default=100_000, help="0: no profile")
    p.add_argument("--copy-repeat", type=int, default=3)
    p.add_argument(
        "--no-floor", action="store_true", help="skip re-inserting the rows into empty copies"
    )
    args = p.parse_args()
    results: dict[str, Any] = {"rows": args.rows, "sample": min(args.sample, args.rows)}
    with common.bench_run(args) as bench:
        results["machine"] = bench.info
        work = bench.workdir
        heading("Data")
        full = work / "Factory_Data.csv"
        sample = work / "Factory_Data_sample.csv"
        with common.timed() as t:
            expected = common.write_diw_csv(full, args.rows, args.seed)
            sample_rows = min(args.sample, args.rows)
            expected_sample = common.write_diw_csv(sample, sample_rows, args.seed)
        size = full.stat().st_size
        say(f"  {full.name}: {args.rows:,} rows, {size / 1e6:.0f} MB, all 77 provinces; "
            f"{expected['rejected']:,} rows built to be rejected (bad FID, unknown district); "
            f"written in {fmt_s(t.seconds)}")  # fmt: skip
        results["file_mb"] = round(size / 1e6, 1)

        heading("COPY into an unindexed table (physical limit)")
        with common.ForeignLoad() as load:
            copy_full = copy_baseline(full, args.copy_repeat)
            copy_sample = copy_baseline(sample, args.copy_repeat)
        say(f"  {load.summary()}")
        loads = {"copy": load.as_dict()}
        results["copy_full_s"] = copy_full
        results["copy_sample_s"] = copy_sample

        heading(f"django-import-export {_version('django-import-export')}, {sample_rows:,} rows")
        with common.ForeignLoad() as load, common.CpuSplit() as cpu:
            ie_seconds, ie_totals = import_export_run(sample)
        say(f"  {fmt_s(ie_seconds)}: {sample_rows / ie_seconds:,.0f} rows/s; totals {ie_totals}")
        say(f"  {load.summary()}")
        say(f"  {cpu.summary()}")
        loads["import_export"] = load.as_dict()
        results["import_export"] = {"seconds": ie_seconds, "totals": ie_totals}
        common.reset_registry()

        heading(f"Saphan importer, same {sample_rows:,} rows")
        with common.ForeignLoad() as load, common.CpuSplit() as cpu:
            s_seconds, s_result = saphan_import(sample, bench.superuser)
        say(f"  {fmt_s(s_seconds)}: {sample_rows / s_seconds:,.0f} rows/s; {s_result}")
        say(f"  {load.summary()}")
        say(f"  {cpu.summary()}")
        loads["saphan_sample"] = load.as_dict()
        assert s_result["rejected"] == expected_sample["rejected"], (s_result, expected_sample)
        results["saphan_sample"] = {"seconds": s_seconds, "result": s_result}
        common.reset_registry()

        heading(f"Saphan importer, {args.rows:,} rows (one run), with phase timers")
        phases = import_phases()
        try:
            with common.ForeignLoad() as load, common.CpuSplit() as cpu:
                f_seconds, f_result = saphan_import(full, bench.superuser)
        finally:
            phases.restore()
        say(f"  {fmt_s(f_seconds)}: {args.rows / f_seconds:,.0f} rows/s; {f_result}")
        say(f"  {load.summary()}")
        say(f"  {cpu.summary()}")
        loads["saphan_full"] = load.as_dict()
        results["saphan_full_cpu"] = cpu.as_dict()
        results["foreign_load"] = loads
        from saphan.registry.models import Establishment, FactoryLicence

        stored = Establishment.objects.count(), FactoryLicence.objects.count()
        say(f"  stored: {stored[0]:,} establishments, {stored[1]:,} licences")
        assert f_result["rejected"] == expected["rejected"], (f_result, expected)
        assert stored[0] == args.rows - expected["rejected"]
        say("  where the time goes (inclusive wall time; indented = part of the line above):")
        for line in phases.table(f_seconds, PHASE_ORDER):
            say(line)
        if phases.missing:
            say(f"  (steps no longer in the code, not timed: {', '.join(phases.missing)})")
        results["saphan_full"] = {
            "seconds": f_seconds,
            "result": f_result,
            "phases": phases.as_dict(),
        }
        floor: dict[str, float] = {}
        if not args.no_floor:
            heading(f"The floor: the {stored[0]:,} establishments written again, nothing else")
            with common.ForeignLoad() as load:
                floor = floor_inserts()
            say(f"  {load.summary()}")
            results["floor_s"] = floor
        common.reset_registry()

        profile_rows = min(args.profile_rows, args.rows)
        if profile_rows:
            heading(f"Profile (pyinstrument), {profile_rows:,} rows")
            profiled = work / "Factory_Data_profile.csv"
            common.write_diw_csv(profiled, profile_rows, args.seed)
            text = profile_import(profiled, bench.superuser)
            if text:
                say("\n".join(text.splitlines()[:70]))
            common.reset_registry()

        heading("Summary")
        copy_s = common.median(copy_full)
        copy_sample_s = common.median(copy_sample)
        ie_rate = sample_rows / ie_seconds
        s_rate = sample_rows / s_seconds
        f_rate = args.rows / f_seconds
        ratio_copy = f_seconds / copy_s
        ratio_ie_sample = ie_seconds / s_seconds
        ratio_ie_full = f_rate / ie_rate
        say(
            f"  COPY, {args.rows:,} rows:                 {fmt_s(copy_s)}  ({args.rows / copy_s:,.0f} rows/s)"
        )
        say(
            f"  Saphan import, {args.rows:,} rows:        {fmt_s(f_seconds)}  ({f_rate:,.0f} rows/s)"
        )
        say(
            f"  Saphan import, {sample_rows:,} rows:         {fmt_s(s_seconds)}  ({s_rate:,.0f} rows/s)"
        )
        say(f"  django-import-export, {sample_rows:,} rows:  {fmt_s(ie_seconds)}  ({ie_rate:,.0f} rows/s)"
            f" → {args.rows:,} rows extrapolated: {fmt_s(args.rows / ie_rate)}")  # fmt: skip
        say(f"  Saphan / COPY ({args.rows:,} rows): {ratio_copy:.1f}× — goal ≤ 3×: "
            f"{'MET' if ratio_copy <= 3 else 'NOT MET'}")  # fmt: skip
        say(f"  Saphan / COPY ({sample_rows:,} rows): {s_seconds / copy_sample_s:.1f}×")
        for name, seconds in floor.items():
            say(f"  floor, the rows alone into a table with {name} / COPY: "
                f"{seconds / copy_s:.1f}×")  # fmt: skip
        say(f"  django-import-export / Saphan, same {sample_rows:,} rows: {ratio_ie_sample:.1f}× — "
            f"goal ≥ 20×: {'MET' if ratio_ie_sample >= 20 else 'NOT MET'}")  # fmt: skip
        say(f"  Saphan {args.rows:,}-row rate / django-import-export {sample_rows:,}-row rate: "
            f"{ratio_ie_full:.1f}× (extrapolation)")  # fmt: skip
        results["summary"] = {
            "copy_s": copy_s, "saphan_full_s": f_seconds, "saphan_sample_s": s_seconds,
            "import_export_sample_s": ie_seconds, "import_export_rows_per_s": ie_rate,
            "saphan_full_rows_per_s": f_rate, "saphan_sample_rows_per_s": s_rate,
            "ratio_saphan_to_copy": ratio_copy, "ratio_ie_to_saphan_sample": ratio_ie_sample,
            "ratio_rates_full_vs_ie": ratio_ie_full,
            "ratio_floor_to_copy": {name: sec / copy_s for name, sec in floor.items()},
        }  # fmt: skip
        say(f"  results: {common.save_results('import_factories', results)}")
    return 0


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"


if __name__ == "__main__":
    common.main_guard(main)
