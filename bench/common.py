"""Shared benchmark helpers: a throw-away PostgreSQL database, Django set up against it, timing
with medians and percentiles, phase timers, and deterministic registry data.

Every benchmark works in its own database, `saphan_bench` (or `$BENCH_DB`), created at the start of a run and
dropped at its end (also after a failure; `--keep` leaves it for inspection). No other database
is ever opened except PostgreSQL's maintenance database `postgres`, to create and drop it.
Nothing here imports Django at module level: `django_setup()` must run first.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import importlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

BENCH_DB = os.environ.get("BENCH_DB", "saphan_bench")
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")
DATABASE_URL = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{BENCH_DB}"
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR", "/tmp/saphan-bench-results"))
SEED = 20240116


# ---------------------------------------------------------------------------------------------
# Command line, output


def parser(
    description: str, default_rows: int, *, reusable: bool = False
) -> argparse.ArgumentParser:
    """`reusable`: the benchmark can measure a kept database again (--reuse)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--rows", type=int, default=default_rows, help=f"default {default_rows:,}")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--keep", action="store_true", help=f"leave the {BENCH_DB} database in place")
    if reusable:
        p.add_argument(
            "--reuse",
            action="store_true",
            help=f"measure the {BENCH_DB} database a --keep run left, as it is (implies --keep)",
        )
    return p


def say(*parts: Any) -> None:
    print(*parts, flush=True)


def heading(text: str) -> None:
    say("")
    say(text)
    say("-" * len(text))


def fmt_s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 120:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s ({seconds / 60:.1f} min)"


def save_results(name: str, results: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    return path


# ---------------------------------------------------------------------------------------------
# Timing


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of the samples."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def spread(values: Sequence[float]) -> str:
    """min–max around the median, as a percentage: the noise of a repeated measurement."""
    if len(values) < 2:
        return "single run"
    m = median(values)
    return f"min {fmt_s(min(values))}, max {fmt_s(max(values))} ({(max(values) - min(values)) / m:.0%} of median, n={len(values)})"


@dataclass
class Timed:
    seconds: float = 0.0


@contextlib.contextmanager
def timed() -> Iterator[Timed]:
    result = Timed()
    start = time.perf_counter()
    try:
        yield result
    finally:
        result.seconds = time.perf_counter() - start


def repeat(fn: Callable[[], Any], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


class Phases:
    """Inclusive wall time spent in wrapped functions, for a "where the time goes" table.

    Wrapping costs a fraction of a microsecond per call; only functions called at most a few
    times per row are wrapped. `restore()` puts the originals back.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._undo: list[tuple[Any, str, Any]] = []
        self.missing: list[str] = []

    def _add(self, label: str, start: float) -> None:
        self.seconds[label] += time.perf_counter() - start
        self.calls[label] += 1

    def wrap(self, owner: Any, attr: str, label: str | Callable[..., str]) -> None:
        """Time calls of owner.attr. The code under test changes: a step that no longer exists
        is skipped (and listed in `missing`)."""
        if (owner.__dict__ if isinstance(owner, type) else vars(owner)).get(attr) is None:
            self.missing.append(f"{getattr(owner, '__name__', owner)}.{attr}")
            return
        original = owner.__dict__[attr] if isinstance(owner, type) else getattr(owner, attr)

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self._add(label(*args, **kwargs) if callable(label) else label, start)

        setattr(owner, attr, wrapper)
        self._undo.append((owner, attr, original))

    def wrap_iter(self, owner: Any, attr: str, label: str) -> None:
        """A generator function: time spent producing each item (not the consumer's time)."""
        original = getattr(owner, attr, None)
        if original is None:
            self.missing.append(f"{getattr(owner, '__name__', owner)}.{attr}")
            return

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
            start = time.perf_counter()
            iterator = iter(original(*args, **kwargs))
            self._add(label, start)
            while True:
                start = time.perf_counter()
                try:
                    item = next(iterator)
                except StopIteration:
                    self._add(label, start)
                    return
                self.seconds[label] += time.perf_counter() - start
                yield item

        setattr(owner, attr, wrapper)
        self._undo.append((owner, attr, original))

    def restore(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo.clear()

    def table(self, total: float, order: Sequence[tuple[str, int]] | None = None) -> list[str]:
        """Lines "label  seconds  share of total"; `order` gives (label, indent) pairs."""
        rows = order or [
            (label, 0)
            for label in sorted(self.seconds, key=lambda label: self.seconds[label], reverse=True)
        ]
        lines = []
        for label, indent in rows:
            if label not in self.seconds:
                continue
            seconds = self.seconds[label]
            lines.append(
                f"  {'  ' * indent}{label:<{58 - 2 * indent}} {seconds:9.2f} s  {seconds / total:6.1%}"
                f"  ({self.calls[label]:,} calls)"
            )
        return lines

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {
            k: {"seconds": round(v, 3), "calls": self.calls[k]} for k, v in self.seconds.items()
        }


# ---------------------------------------------------------------------------------------------
# Machine


def cpu_probe(times: int = 7) -> list[float]:
    """A fixed pure-Python workload timed several times: how steady the machine is now."""

    def work() -> None:
        total = 0
        for i in range(400_000):
            total += i * i % 7
        "".join(str(i) for i in range(100_000))

    return repeat(work, times)


def busy_processes() -> str:
    """Other heavy processes (a CI run) that would disturb timings."""
    try:
        import subprocess

        out = subprocess.run(
            ["pgrep", "-f", ".ci/run"], capture_output=True, text=True, check=False
        ).stdout.split()
        return f"CI run in progress (pids {' '.join(out)})" if out else "none seen"
    except OSError:
        return "unknown"


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in load],
        "other_load": busy_processes(),
    }


_PARALLEL_WORKER = re.compile(r"parallel worker for PID (\d+)")


class ForeignLoad:
    """CPU used by other processes while a measurement runs (the machine is shared: tests, CI,
    other people's servers). Samples /proc every `interval` seconds in a thread; this
    process and the PostgreSQL backends serving the bench database count as ours."""

    def __init__(self, interval: float = 2.0) -> None:
        import threading

        self.interval = interval
        self.foreign_cpu = 0.0
        self.wall = 0.0
        self.busiest: dict[str, float] = defaultdict(float)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def _snapshot(self) -> dict[int, tuple[float, str]]:
        found: dict[int, tuple[float, str]] = {}
        me = os.getpid()
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == me:
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                cmd = (
                    Path(f"/proc/{entry}/cmdline")
                    .read_bytes()
                    .replace(b"\0", b" ")
                    .decode(errors="replace")
                    .strip()
                )
            except OSError:
                continue
            if BENCH_DB in cmd:
                continue  # our PostgreSQL backends
            if stat.rsplit(")", 1)[1].split()[1] == str(me):
                continue  # a process this one forked (e.g. the second half of a quality scan)
            if m := _PARALLEL_WORKER.search(cmd):
                try:
                    leader = Path(f"/proc/{m[1]}/cmdline").read_bytes()
                except OSError:
                    leader = b""
                if BENCH_DB.encode() in leader:
                    continue  # a parallel worker of one of our backends
            fields = stat.rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / self._tick
            found[int(entry)] = (cpu, cmd[:80] or stat.split("(", 1)[1].split(")", 1)[0])
        return found

    def _run(self) -> None:
        before = self._snapshot()
        while not self._stop.wait(self.interval):
            now = self._snapshot()
            for pid, (cpu, cmd) in now.items():
                # A process started during the interval is counted from its next sample.
                used = cpu - before[pid][0] if pid in before else 0.0
                if used > 0:
                    self.foreign_cpu += used
                    self.busiest[cmd] += used
            before = now

    def __enter__(self) -> ForeignLoad:
        if Path("/proc").is_dir():
            self._start = time.perf_counter()
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()
            self.wall = time.perf_counter() - self._start

    def summary(self) -> str:
        if not self.wall:
            return "not measured"
        cores = os.cpu_count() or 1
        share = self.foreign_cpu / (self.wall * cores)
        top = sorted(self.busiest.items(), key=lambda kv: kv[1], reverse=True)[:2]
        named = "; ".join(f"{cmd[:60]} {cpu:.0f} s" for cmd, cpu in top if cpu >= 1)
        return (f"other processes used {self.foreign_cpu:.0f} CPU-s over {self.wall:.0f} s "
                f"({share:.0%} of the {cores} cores)" + (f" — {named}" if named else ""))  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {"foreign_cpu_s": round(self.foreign_cpu, 1), "wall_s": round(self.wall, 1),
                "busiest": {k: round(v, 1) for k, v in sorted(self.busiest.items(), key=lambda kv: -kv[1])[:3]}}  # fmt: skip


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick


def _backends_cpu() -> dict[int, float]:
    """CPU so far of each PostgreSQL backend serving the bench database (and its parallel
    workers: their command line names the database too)."""
    found: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if BENCH_DB.encode() in cmd and b"postgres" in cmd:
            cpu = _proc_cpu(int(entry))
            if cpu == cpu:  # not NaN: it was still there
                found[int(entry)] = cpu
    return found


class CpuSplit:
    """Wall time split into the CPU of this process and the processes it forked (a quality
    scan may scan half its records in a second process), the CPU of the PostgreSQL backends
    serving the bench database (PostgreSQL runs on this machine; sampled every half second,
    since a scan may open new connections, so a backend that ends between two samples loses
    its last half second) and the rest: waiting for disk and fsync, or for other processes."""

    def __enter__(self) -> CpuSplit:
        import threading

        self._first = _backends_cpu()
        self._last = dict(self._first)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self._py = time.process_time()
        times = os.times()
        self._children = times.children_user + times.children_system
        self._wall = time.perf_counter()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            self._last.update(_backends_cpu())

    def __exit__(self, *exc: Any) -> None:
        self.wall = time.perf_counter() - self._wall
        self.python = time.process_time() - self._py
        times = os.times()
        self.children = times.children_user + times.children_system - self._children
        self.python += self.children
        self._stop.set()
        self._thread.join()
        self._last.update(_backends_cpu())
        self.postgres = sum(cpu - self._first.get(pid, 0.0) for pid, cpu in self._last.items())

    def summary(self) -> str:
        rest = self.wall - self.python - self.postgres
        forked = f", of which {self.children:.1f} in a forked process" if self.children else ""
        return (f"wall {self.wall:.1f} s = Python {self.python:.1f} CPU-s{forked} ({self.python / self.wall:.0%}) "
                f"+ PostgreSQL backend {self.postgres:.1f} CPU-s ({self.postgres / self.wall:.0%}) "
                f"+ waiting {rest:.1f} s ({rest / self.wall:.0%}: disk, fsync, other processes)")  # fmt: skip

    def as_dict(self) -> dict[str, float]:
        return {"wall_s": round(self.wall, 2), "python_cpu_s": round(self.python, 2),
                "forked_cpu_s": round(self.children, 2),
                "postgres_cpu_s": round(self.postgres, 2)}  # fmt: skip


CODE_FILES = ("importer.py", "bulk.py", "cleaning/__init__.py", "cleaning/text.py",
              "cleaning/files.py", "cleaning/values.py", "cleaning/geo.py", "cleaning/rows.py",
              "layouts.py", "quality.py", "quality_rules.py", "search.py", "selectors.py", "api.py", "schemas.py")  # fmt: skip


def code_fingerprint() -> dict[str, str]:
    """The code measured changes every day: which version of each hot file ran (sha-256
    prefix and modification time), to tie figures to code without git."""
    import hashlib

    root = Path(__file__).resolve().parent.parent / "saphan" / "registry"
    out = {}
    for name in CODE_FILES:
        path = root / name
        if path.exists():
            stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            out[name] = f"{hashlib.sha256(path.read_bytes()).hexdigest()[:12]} ({stamp})"
    return out


def postgres_info() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        info = {"version": version}
        for name in ("shared_buffers", "work_mem", "maintenance_work_mem",
                     "max_parallel_workers_per_gather", "synchronous_commit", "fsync"):  # fmt: skip
            cursor.execute(f"SHOW {name}")
            info[name] = cursor.fetchone()[0]
    return info


def print_machine(info: dict[str, Any], probe: list[float]) -> None:
    heading("Machine")
    say(f"  CPU: {info['cpu']} × {info['cores']} cores, {info['memory']} RAM")
    say(f"  Python {info['python']}; {info.get('postgres', {}).get('version', '')}")
    pg = info.get("postgres", {})
    if pg:
        say(
            "  PostgreSQL settings: "
            + ", ".join(f"{k}={v}" for k, v in pg.items() if k != "version")
        )
    say(
        f"  load average at start: {info['load_average_at_start']}; other load: {info['other_load']}"
    )
    say(
        f"  CPU probe (fixed workload ×{len(probe)}): median {fmt_s(median(probe))}, {spread(probe)}"
    )


# ---------------------------------------------------------------------------------------------
# Database and Django


def _admin_connection() -> Any:
    import psycopg

    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
    )


def create_database() -> None:
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f"CREATE DATABASE \"{BENCH_DB}\" ENCODING 'UTF8' TEMPLATE template0")


def drop_database() -> None:
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


@dataclass
class Bench:
    """One benchmark run: its working directory, its people, its cleanup."""

    workdir: Path
    keep: bool
    superuser: Any = None
    viewer: Any = None
    info: dict[str, Any] = field(default_factory=dict)
    probe: list[float] = field(default_factory=list)

    def close(self) -> None:
        if self.keep:
            say(f"\nKept the database {BENCH_DB} and {self.workdir}.")
            return
        drop_database()
        shutil.rmtree(self.workdir, ignore_errors=True)
        say(f"\nDropped the database {BENCH_DB}; removed {self.workdir}.")


def django_setup() -> Path:
    """Point Django at the bench database and a temporary var/ directory, then set it up."""
    workdir = Path(tempfile.mkdtemp(prefix="saphan-bench-"))
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "saphan.settings"
    os.environ["SAPHAN_ENV"] = "local"
    os.environ["SAPHAN_VAR_DIR"] = str(workdir / "var")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["STATIC_ROOT"] = str(workdir / "static")
    os.environ["SECRET_KEY"] = "bench-only-not-a-secret"
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory: never for a benchmark
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    return workdir


@contextlib.contextmanager
def bench_run(args: argparse.Namespace) -> Iterator[Bench]:
    """Create the database, set Django up on it, migrate, load geography and the reference
    offices, make a superuser and a nation-wide viewer; drop everything at the end. With
    --reuse: the database a --keep run left, migrated, with its people; kept at the end."""
    info = machine()
    if "CI run" in info["other_load"]:
        say(f"WARNING: {info['other_load']}: timings will be disturbed.")
    probe = cpu_probe()
    reuse = getattr(args, "reuse", False)
    if not reuse:
        create_database()
    workdir = django_setup()
    bench = Bench(workdir=workdir, keep=args.keep or reuse, info=info, probe=probe)
    try:
        from django.core.management import call_command

        from saphan.core.geography import geography_load
        from saphan.core.models import Membership, Office, User
        from saphan.core.services import offices_load_reference

        with timed() as t:
            call_command("migrate", verbosity=0, interactive=False)
            if not reuse:
                geography_load()
                offices_load_reference()
        if reuse:
            bench.superuser = User.objects.get(username="bench")
            bench.viewer = User.objects.get(username="bench_viewer")
        else:
            bench.superuser = User.objects.create_superuser("bench", "bench@example.invalid", None)
            bench.viewer = User.objects.create_user("bench_viewer", "viewer@example.invalid", None)
            Membership.objects.create(
                user=bench.viewer, office=Office.objects.get(code="DIP"), role="viewer"
            )
        info["postgres"] = postgres_info()
        info["code"] = code_fingerprint()
        print_machine(info, probe)
        say("  code measured: " + ", ".join(f"{k} {v.split()[0]}" for k, v in info["code"].items()))
        say(f"  set-up (migrate, geography, offices): {fmt_s(t.seconds)}")
        yield bench
    finally:
        bench.close()


def sql(statement: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def vacuum_analyze(*tables: str) -> None:
    """VACUUM cannot run in a transaction: Django's connection is in autocommit outside atomic."""
    for table in tables:
        sql(f"VACUUM ANALYZE {table}")


REGISTRY_TABLES = (
    "registry_qualityissue", "registry_qualitysnapshot", "registry_importrejection",
    "registry_establishmentcontact", "registry_factorylicence", "registry_mineconcession",
    "registry_enterpriseprofile", "registry_villageprofile", "registry_establishment",
    "registry_importbatch",
)  # fmt: skip


def reset_registry() -> None:
    """Empty the registry (and its history entries) between measured runs."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    sql("TRUNCATE " + ", ".join(REGISTRY_TABLES) + " RESTART IDENTITY CASCADE")
    registry_types = ContentType.objects.filter(app_label="registry")
    LogEntry.objects.filter(content_type__in=registry_types).delete()
    vacuum_analyze("auditlog_logentry")


# ---------------------------------------------------------------------------------------------
# Data: places, names, DIW rows

# Approximate centres (lat, lon) of the 77 provinces, for coordinates near their province.
PROVINCE_CENTRES: dict[str, tuple[float, float]] = {
    "10": (13.75, 100.50), "11": (13.60, 100.60), "12": (13.86, 100.51), "13": (14.02, 100.53),
    "14": (14.35, 100.57), "15": (14.59, 100.45), "16": (14.80, 100.65), "17": (14.89, 100.40),
    "18": (15.19, 100.13), "19": (14.53, 100.91), "20": (13.36, 100.98), "21": (12.68, 101.28),
    "22": (12.61, 102.10), "23": (12.24, 102.52), "24": (13.69, 101.08), "25": (14.05, 101.37),
    "26": (14.20, 101.21), "27": (13.81, 102.07), "30": (14.97, 102.10), "31": (14.99, 103.10),
    "32": (14.88, 103.49), "33": (15.12, 104.32), "34": (15.24, 104.85), "35": (15.79, 104.15),
    "36": (15.81, 102.03), "37": (15.86, 104.63), "38": (18.36, 103.65), "39": (17.20, 102.44),
    "40": (16.43, 102.83), "41": (17.41, 102.79), "42": (17.49, 101.72), "43": (17.88, 102.74),
    "44": (16.18, 103.30), "45": (16.05, 103.65), "46": (16.43, 103.51), "47": (17.16, 104.15),
    "48": (17.41, 104.78), "49": (16.54, 104.72), "50": (18.79, 98.98), "51": (18.58, 99.01),
    "52": (18.29, 99.49), "53": (17.62, 100.10), "54": (18.14, 100.14), "55": (18.78, 100.78),
    "56": (19.17, 99.90), "57": (19.91, 99.83), "58": (19.30, 97.97), "60": (15.70, 100.14),
    "61": (15.38, 100.02), "62": (16.48, 99.52), "63": (16.88, 99.13), "64": (17.01, 99.82),
    "65": (16.82, 100.26), "66": (16.44, 100.35), "67": (16.42, 101.16), "70": (13.54, 99.81),
    "71": (14.02, 99.53), "72": (14.47, 100.12), "73": (13.82, 100.06), "74": (13.55, 100.27),
    "75": (13.41, 100.00), "76": (13.11, 99.94), "77": (11.81, 99.80), "80": (8.43, 99.96),
    "81": (8.09, 98.91), "82": (8.45, 98.53), "83": (7.88, 98.39), "84": (9.14, 99.33),
    "85": (9.96, 98.64), "86": (10.49, 99.18), "90": (7.19, 100.60), "91": (6.62, 100.07),
    "92": (7.56, 99.61), "93": (7.62, 100.08), "94": (6.87, 101.25), "95": (6.54, 101.28),
    "96": (6.43, 101.82),
}  # fmt: skip

# (type code, item as written in the registration number, activity, usual class)
FACTORY_TYPES = [
    ("00906", "9(6)", "ห้องเย็นและแปรรูปอาหารทะเล", 3),
    ("01001", "10(1)", "สีข้าว", 2),
    ("06400", "64", "ผลิตน้ำมันปาล์มดิบ", 3),
    ("05301", "53(1)", "แปรรูปไม้ยางพารา", 3),
    ("05202", "52(2)", "ผลิตยางแผ่นรมควัน", 2),
    ("07701", "77(1)", "ผลิตคอนกรีตผสมเสร็จ", 3),
    ("04200", "42", "ผลิตน้ำแข็ง", 3),
    ("08900", "89", "ซ่อมรถยนต์และเครื่องยนต์", 3),
    ("00201", "2(1)", "ฆ่าสัตว์และแปรรูปเนื้อสัตว์", 3),
    ("01300", "13", "ผลิตน้ำตาลทราย", 3),
    ("02200", "22", "ปั่นด้ายและทอผ้า", 3),
    ("05300", "53", "ผลิตภัณฑ์พลาสติก", 3),
    ("06001", "60(1)", "ผลิตชิ้นส่วนโลหะ", 3),
    ("07400", "74", "ผลิตเครื่องใช้ไฟฟ้า", 3),
    ("03400", "34", "ผลิตเฟอร์นิเจอร์ไม้", 2),
    ("03802", "38(2)", "ผลิตกระดาษและบรรจุภัณฑ์", 3),
    ("04400", "44", "ผลิตสารเคมี", 3),
    ("01101", "11(1)", "ผลิตแป้งมันสำปะหลัง", 3),
    ("01600", "16", "ผลิตเครื่องดื่ม", 3),
    ("05800", "58", "ผลิตกระจกและเครื่องแก้ว", 3),
]
STEMS = [
    "สยาม", "ไทย", "รุ่งเรือง", "เจริญ", "มั่นคง", "ศรีสมบูรณ์", "ทองคำ", "เพชร", "พัฒนา",
    "ปาล์ม", "ยางพารา", "ข้าวหอม", "อาหาร", "ทะเลทอง", "เกษตร", "คอนกรีต", "เหล็กกล้า",
    "พลาสติก", "กระดาษ", "สิ่งทอ", "ยานยนต์", "อิเล็กทรอนิกส์", "เคมีภัณฑ์", "น้ำตาล", "มันสำปะหลัง",
    "ไม้งาม", "เฟอร์นิเจอร์", "บรรจุภัณฑ์", "โลหะ", "เซรามิก", "เครื่องดื่ม", "ห้องเย็น",
    "การพิมพ์", "ฟาร์ม", "ร่วมใจ", "นำโชค", "ทรัพย์สิน", "มงคล", "บูรพา", "อุดม",
]  # fmt: skip
SUFFIX_WORDS = [
    "", "", "", "กิจ", "พาณิชย์", "การผลิต", "อินดัสตรี้", "เทรดดิ้ง", "โปรดักส์", "กรุ๊ป",
    "เอ็นจิเนียริ่ง", "แมนูแฟคเจอริ่ง", "ซัพพลาย", "ฟู้ดส์", "โกลบอล", "ยูเนี่ยน", "อุตสาหกรรม",
]  # fmt: skip
FIRST_NAMES = ["สมชาย", "สุดา", "ประยูร", "มาลี", "วิชัย", "สมศักดิ์", "กาญจนา", "ธนพล", "นภา",
               "อนุชา", "ศิริพร", "ชัยวัฒน์", "ปราณี", "สุรชัย", "วันเพ็ญ", "ณัฐพงษ์"]  # fmt: skip
LAST_NAMES = ["ใจดี", "รักไทย", "ศรีสุข", "ทองดี", "แก้วมณี", "สุขสวัสดิ์", "บุญมา", "วงศ์ใหญ่",
              "จันทร์เพ็ญ", "พึ่งบุญ", "เรืองศรี", "มีทรัพย์", "อินทร์แก้ว", "ชัยมงคล"]  # fmt: skip
ROADS = ["เพชรเกษม", "สุขุมวิท", "พหลโยธิน", "มิตรภาพ", "สายเอเชีย", "บางนา-ตราด", "รัตนาธิเบศร์",
         "ปรมินทรมรรคา", "เทพารักษ์", "ศรีนครินทร์", "กาญจนวณิชย์", "ราชดำเนิน"]  # fmt: skip
SOIS = ["วัดใหม่", "ร่วมมิตร", "สุขุมวิท 50", "เทพารักษ์ 12", "บ้านสวน", "ประชาร่วมใจ"]
ESTATES = ["นิคมอุตสาหกรรมอมตะซิตี้", "นิคมอุตสาหกรรมบางปู", "นิคมอุตสาหกรรมลาดกระบัง",
           "นิคมอุตสาหกรรมมาบตาพุด", "นิคมอุตสาหกรรมภาคเหนือ"]  # fmt: skip
PRODUCTS = ["ผ้าบาติก", "กล้วยเล็บมืออบ", "กาแฟโรบัสต้า", "ผ้าทอมือ", "จักสานกระจูด", "ปลาเค็ม",
            "ข้าวกล้องงอก", "น้ำพริกแกง", "สบู่สมุนไพร", "เครื่องปั้นดินเผา"]  # fmt: skip
MINERALS = ["หินปูน", "ดีบุก", "ยิปซัม", "ดินขาว", "ถ่านหิน", "หินแกรนิต", "โดโลไมต์"]
BUSINESS_ACTIVITIES = ["ค้าส่งวัสดุก่อสร้าง", "ร้านกาแฟและเบเกอรี่", "ขนส่งสินค้า",
                       "ซ่อมเครื่องจักรกลการเกษตร", "รับเหมาก่อสร้าง", "ค้าปลีกเครื่องใช้ไฟฟ้า"]  # fmt: skip
_TONE = str.maketrans({c: None for c in "\u0e48\u0e49\u0e4a\u0e4b"})
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@dataclass(frozen=True, slots=True)
class Place:
    sub_code: str
    sub_name: str
    district_code: str
    district_name: str
    province_code: str
    province_name: str
    postal_code: str


@functools.cache
def places() -> list[Place]:
    """Every subdistrict of geothai, in code order."""
    import geothai

    found = []
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            for s in geothai.subdistricts(d.code):
                found.append(
                    Place(s.code, s.name_th, d.code, d.name_th, p.code, p.name_th,
                          s.postal_codes[0] if s.postal_codes else "")
                )  # fmt: skip
    missing = {pl.province_code for pl in found} - PROVINCE_CENTRES.keys()
    assert not missing, f"no centre for provinces {missing}"
    return found


@functools.cache
def _first_place_of_province() -> list[Place]:
    seen: dict[str, Place] = {}
    for place in places():
        seen.setdefault(place.province_code, place)
    return list(seen.values())


@functools.cache
def _abbr_by_province() -> dict[str, str]:
    from saphan.registry.abbr import province_abbr_map

    return {code: abbr for abbr, code in province_abbr_map().items()}


def pick_place(rng: random.Random, index: int) -> Place:
    """Rows 0–76 cover the 77 provinces once each (even a small run is national); the rest
    are spread over every subdistrict."""
    first = _first_place_of_province()
    if index < len(first):
        return first[index]
    everything = places()
    return everything[rng.randrange(len(everything))]


def company_name(rng: random.Random, place: Place) -> str:
    roll = rng.random()
    stem = rng.choice(STEMS) + rng.choice(STEMS) + rng.choice(SUFFIX_WORDS)
    if roll < 0.45:
        return f"บริษัท {stem} จำกัด"
    if roll < 0.55:
        return f"บริษัท {stem} จำกัด (มหาชน)"
    if roll < 0.75:
        return f"ห้างหุ้นส่วนจำกัด {stem}"
    if roll < 0.88:
        return f"โรงงาน{stem}"
    return f"{rng.choice(['โรงสีข้าว', 'โรงน้ำแข็ง', 'อู่ซ่อมรถ', 'โรงเลื่อย'])}{place.sub_name}"


def person_name(rng: random.Random) -> str:
    return (
        f"{rng.choice(['นาย', 'นาง', 'นางสาว'])}{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    )


def coordinates(rng: random.Random, province_code: str) -> tuple[Decimal, Decimal]:
    lat, lon = PROVINCE_CENTRES[province_code]
    return (
        Decimal(f"{lat + rng.uniform(-0.3, 0.3):.6f}"),
        Decimal(f"{lon + rng.uniform(-0.3, 0.3):.6f}"),
    )


def juristic_id(rng: random.Random, valid: bool = True) -> str:
    from saphan.core.validators import thai_id_check_digit

    first = "0" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    check = thai_id_check_digit(first)
    return first + str(check if valid else (check + 1) % 10)


@dataclass(slots=True)
class FactoryRow:
    """One factory as the registry should end up knowing it, and how DIW writes it."""

    index: int
    place: Place
    fid: str
    registration_no: str
    type_code: str
    factory_class: int
    name_th: str
    operator_name: str
    activity: str
    house_no: str
    moo: str
    soi: str
    road: str
    latitude: Decimal | None
    longitude: Decimal | None
    investment_total: Decimal
    workers_total: int
    horsepower: Decimal
    isic_code: str
    industrial_estate: str
    permit_year: int
    defect: str = ""  # "fid" (rejected), "district" (rejected), "spelling" (read as), ""


def factory_row(rng: random.Random, index: int) -> FactoryRow:
    place = pick_place(rng, index)
    type_code, item, activity, usual = FACTORY_TYPES[rng.randrange(len(FACTORY_TYPES))]
    factory_class = usual if rng.random() < 0.85 else rng.choice([1, 2, 3])
    year = rng.randint(20, 67)
    estate = rng.choice(ESTATES) if rng.random() < 0.05 else ""
    prefix = "น." if estate else "จ"
    abbr = _abbr_by_province()[place.province_code]
    workers = {1: rng.randint(2, 20), 2: rng.randint(10, 50), 3: rng.randint(20, 800)}[
        factory_class
    ]
    hp = {1: rng.randint(1, 20), 2: rng.randint(5, 50), 3: rng.randint(50, 5000)}[factory_class]
    lat = lon = None
    if rng.random() < 0.85:
        lat, lon = coordinates(rng, place.province_code)
    roll = rng.random()
    defect = (
        "fid"
        if roll < 0.003
        else "district"
        if roll < 0.004
        else "spelling"
        if roll < 0.014
        else ""
    )
    return FactoryRow(
        index=index,
        place=place,
        fid=f"1{place.province_code}{index + 1:011d}",
        registration_no=f"{prefix}{factory_class}-{item}-{index + 1}/{year:02d}{abbr}",
        type_code=type_code,
        factory_class=factory_class,
        name_th=company_name(rng, place),
        operator_name=person_name(rng),
        activity=activity,
        house_no=str(rng.randint(1, 999))
        + (f"/{rng.randint(1, 99)}" if rng.random() < 0.3 else ""),
        moo=str(rng.randint(1, 15)) if rng.random() < 0.6 else "",
        soi=rng.choice(SOIS) if rng.random() < 0.1 else "",
        road=rng.choice(ROADS) if rng.random() < 0.5 else "",
        latitude=lat,
        longitude=lon,
        investment_total=Decimal(rng.randint(1, 5000)) * 100_000,
        workers_total=workers,
        horsepower=Decimal(hp) + Decimal(rng.randint(0, 99)) / 100,
        isic_code=f"{rng.randint(10, 33)}{rng.randint(100, 999)}",
        industrial_estate=estate,
        permit_year=year,
        defect=defect,
    )


DIW_HEADER = [
    "FACREG", "DISPFACREG", "FID", "FACTYPE", "FNAME", "ONAME", "OBJECT", "FADDR", "FMOO",
    "FSOI", "FROAD", "FTUMNAME", "FAMPNAME", "FPROVNAME", "TOTAL_CAP", "TOTAL_WORKER", "HP",
    "LAT", "LNG", "ISIC_CODE", "ESTATE", "ESTATE_NAME_TH", "LAST_UPDATE",
]  # fmt: skip


def _written(rng: random.Random, name: str, short: str, long: str) -> str:
    roll = rng.random()
    if roll < 0.3:
        return short + name
    if roll < 0.4:
        return long + name
    return name


def diw_cells(rng: random.Random, row: FactoryRow) -> list[str]:
    """The row as DIW's Factory_Data export writes it: names with or without จ./อ./ต., the
    odd misspelling, Thai digits, thousands separators."""
    p = row.place
    bangkok = p.province_code == "10"
    province = "กรุงเทพมหานคร" if bangkok and rng.random() < 0.8 else p.province_name
    if bangkok:
        district = p.district_name  # already "เขต…"
        sub = _written(rng, p.sub_name, "แขวง", "แขวง ")
    else:
        province = _written(rng, province, "จ.", "จังหวัด")
        district = _written(rng, p.district_name, "อ.", "อำเภอ")
        sub = _written(rng, p.sub_name, "ต.", "ตำบล")
    if row.defect == "spelling" and sub.translate(_TONE) != sub:
        sub = sub.translate(_TONE)
    if row.defect == "district":
        district = "อ.ไม่มีในแผนที่"
    fid = row.fid[:-1] if row.defect == "fid" else row.fid
    house = row.house_no.translate(_THAI_DIGITS) if rng.random() < 0.02 else row.house_no
    capital = (
        f"{row.investment_total:,.2f}" if rng.random() < 0.2 else f"{row.investment_total:.2f}"
    )
    return [
        "3" + row.fid[1:], row.registration_no, fid, row.type_code, row.name_th,
        row.operator_name, row.activity, house, row.moo, row.soi, row.road, sub, district,
        province, capital, str(row.workers_total), f"{row.horsepower:.2f}",
        "" if row.latitude is None else str(row.latitude),
        "" if row.longitude is None else str(row.longitude),
        row.isic_code, "" if row.industrial_estate else "OUT", row.industrial_estate,
        f"25{rng.randint(60, 67)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
    ]  # fmt: skip


def write_diw_csv(path: Path, rows: int, seed: int) -> dict[str, int]:
    """A DIW Factory_Data CSV (UTF-8) of `rows` factories; returns what to expect of it."""
    import csv

    rng = random.Random(seed)
    expected = {"rows": rows, "rejected": 0}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DIW_HEADER)
        for index in range(rows):
            row = factory_row(rng, index)
            if row.defect in ("fid", "district"):
                expected["rejected"] += 1
            writer.writerow(diw_cells(rng, row))
    return expected


# ---------------------------------------------------------------------------------------------
# Data: a whole registry loaded straight into the tables (search and quality benchmarks)

KIND_MIX = [("factory", 60), ("business", 17), ("enterprise", 11), ("group", 7), ("mine", 3),
            ("village", 2)]  # fmt: skip
DEFECTS = ["no_coords", "postal", "juristic", "class", "stale", "duplicate", "expired"]


def _model_rows(model: Any, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    from django.db.models import NOT_PROVIDED

    fields = model._meta.concrete_fields
    defaults = []
    for f in fields:
        if f.default is not NOT_PROVIDED:
            defaults.append(f.get_default())
        elif f.null:
            defaults.append(None)
        else:
            defaults.append("")
    columns = [f.column for f in fields]
    names = [f.attname for f in fields]
    out = [[row.get(n, d) for n, d in zip(names, defaults, strict=True)] for row in rows]
    return columns, out


def copy_into(model: Any, rows: list[dict[str, Any]]) -> None:
    """COPY rows (dicts by attname; missing fields get their default) into a model's table."""
    from django.db import connection

    columns, values = _model_rows(model, rows)
    statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)


def load_registry(rows: int, seed: int, batch: int = 50_000) -> dict[str, int]:
    """`rows` establishments of every kind in every province, with their details, search text
    and a realistic share of defects (like saphan.registry.demo), written with COPY. The
    trigram index is dropped for the load and rebuilt after it (same definition as the
    migration); everything is ANALYZEd."""
    from django.db import connection, transaction
    from django.utils import timezone

    from saphan.core.models import Office, OfficeKind
    from saphan.registry.models import (
        EnterpriseProfile,
        Establishment,
        FactoryLicence,
        MineConcession,
        VillageProfile,
    )
    from saphan.registry.search import search_text_for

    short_patterns = importlib.import_module("saphan.registry.migrations.0005_short_pattern_index")

    rng = random.Random(seed)
    offices = dict(
        Office.objects.filter(kind=OfficeKind.PROVINCIAL).values_list("provinces__code", "pk")
    )
    kinds = [k for k, share in KIND_MIX for _ in range(share)]
    now = timezone.now()
    counts: dict[str, int] = defaultdict(int)
    sql("DROP INDEX IF EXISTS registry_est_search_trgm")
    sql("DROP INDEX IF EXISTS registry_est_search_grams")
    previous: dict[str, dict[str, Any]] = {}
    with transaction.atomic():
        est_rows: list[dict[str, Any]] = []
        details: dict[Any, list[dict[str, Any]]] = defaultdict(list)

        def flush() -> None:
            copy_into(Establishment, est_rows)
            for model, detail_rows in details.items():
                copy_into(model, detail_rows)
            est_rows.clear()
            details.clear()

        for index in range(rows):
            pk = index + 1
            kind = kinds[rng.randrange(len(kinds))]
            defect = rng.choice(DEFECTS) if rng.random() < 0.12 else ""
            f = factory_row(rng, index)  # place, names and numbers, used by every kind
            place = f.place
            name, activity, jid = f.name_th, f.activity, ""
            detail: dict[str, Any] = {"establishment_id": pk}
            search_parts: list[Any] = []
            if kind == "factory":
                jid = juristic_id(rng, valid=defect != "juristic")
                workers, hp = f.workers_total, f.horsepower
                if defect == "class":  # size that disagrees with the class
                    workers, hp = (3, Decimal(2)) if f.factory_class == 3 else (500, Decimal(3000))
                detail |= {
                    "registration_no": f.registration_no, "fid": f.fid,
                    "type_code": f.type_code, "factory_class": f.factory_class,
                    "isic_code": f.isic_code, "operator_name": f.operator_name,
                    "horsepower": hp, "workers_total": workers,
                    "investment_total": f.investment_total,
                    "permit_date": dt.date(1957 + f.permit_year, rng.randint(1, 12), rng.randint(1, 28)),
                    "licence_status": "operating" if rng.random() < 0.9 else "stopped",
                    "industrial_estate": f.industrial_estate,
                }  # fmt: skip
                details[FactoryLicence].append(detail)
                search_parts = [f.registration_no, f.fid]
            elif kind == "business":
                jid = juristic_id(rng, valid=defect != "juristic")
                activity = rng.choice(BUSINESS_ACTIVITIES)
            elif kind in ("enterprise", "group"):
                product = rng.choice(PRODUCTS)
                name = (
                    f"{'วิสาหกิจชุมชน' if kind == 'enterprise' else 'กลุ่ม'}{product}บ้าน{place.sub_name}"
                )
                activity = f"ผลิต{product}"
                code = (
                    f"{place.province_code}{rng.randint(1, 99):02d}{pk:08d}"
                    if kind == "enterprise"
                    else ""
                )
                detail |= {
                    "registration_code": code,
                    "registered_on": dt.date(rng.randint(2006, 2024), rng.randint(1, 12), 1) if code else None,
                    "members_count": rng.randint(7, 45), "products": product,
                    "group_kind": "enterprise" if kind == "enterprise" else "unregistered",
                }  # fmt: skip
                details[EnterpriseProfile].append(detail)
                search_parts = [code, product]
            elif kind == "mine":
                jid = juristic_id(rng, valid=defect != "juristic")
                mineral = rng.choice(MINERALS)
                name = f"เหมือง{mineral}{rng.choice(STEMS)}"
                activity = "ทำเหมือง"
                issued = dt.date(rng.randint(2005, 2020), rng.randint(1, 12), 1)
                expires = (
                    dt.date(2024, 6, 30)
                    if defect == "expired"
                    else issued.replace(year=issued.year + 25)
                )
                concession = f"{pk}/{rng.randint(2548, 2563)}"
                detail |= {
                    "concession_no": concession, "minerals": mineral,
                    "area_rai": Decimal(rng.randint(50, 300)), "issued_on": issued,
                    "expires_on": expires, "operator_name": f.operator_name,
                    "concession_status": "operating",
                }  # fmt: skip
                details[MineConcession].append(detail)
                search_parts = [concession, mineral]
            else:  # village
                product = rng.choice(PRODUCTS)
                name = f"หมู่บ้าน{product}{place.sub_name}"
                activity = "ท่องเที่ยวเชิงสร้างสรรค์"
                detail |= {"community": place.sub_name, "products": product,
                           "story": "ชุมชนสืบสานภูมิปัญญาท้องถิ่น"}  # fmt: skip
                details[VillageProfile].append(detail)
                search_parts = [place.sub_name, product]
            sub_code, district_code, province_code = (
                place.sub_code,
                place.district_code,
                place.province_code,
            )
            twin = previous.get(kind)
            if defect == "duplicate" and twin is not None:
                name = twin["name_th"]
                sub_code, district_code, province_code = (
                    twin["subdistrict_id"],
                    twin["district_id"],
                    twin["province_id"],
                )
            postal = place.postal_code if sub_code == place.sub_code else twin["postal_code"]  # type: ignore[index]
            if defect == "postal":
                postal = f"{int(postal[:2]):02d}999"
            lat, lon = (f.latitude, f.longitude) if defect != "no_coords" else (None, None)
            if sub_code != place.sub_code and lat is not None:
                lat, lon = coordinates(rng, province_code)
            roll = rng.random()
            verified = None
            if defect == "stale":
                verified = now - dt.timedelta(days=rng.randint(700, 1200))
            elif roll < 0.55:
                verified = now - dt.timedelta(days=rng.randint(0, 330))
            elif roll < 0.75:
                verified = now - dt.timedelta(days=rng.randint(400, 1200))
            est = {
                "id": pk, "kind": kind, "name_th": name, "juristic_id": jid, "activity": activity,
                "house_no": f.house_no, "moo": f.moo, "soi": f.soi, "road": f.road,
                "subdistrict_id": sub_code, "district_id": district_code,
                "province_id": province_code, "postal_code": postal, "latitude": lat,
                "longitude": lon, "office_id": offices.get(province_code),
                "status": "active" if rng.random() < 0.92 else "inactive",
                "source_kind": "file", "verified_at": verified, "created_at": now,
                "updated_at": now,
                "search_text": search_text_for([name, "", activity, jid, *search_parts]),
            }  # fmt: skip
            previous[kind] = est
            est_rows.append(est)
            counts[kind] += 1
            if len(est_rows) >= batch:
                flush()
        if est_rows:
            flush()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('registry_establishment', 'id'), %s)",
            [max(rows, 1)],
        )
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            "CREATE INDEX registry_est_search_trgm ON registry_establishment "
            "USING gin (search_text gin_trgm_ops)"
        )
        cursor.execute(short_patterns.GRAMS_INDEX)
        cursor.execute("RESET maintenance_work_mem")
    vacuum_analyze(
        "registry_establishment", "registry_factorylicence", "registry_enterpriseprofile",
        "registry_mineconcession", "registry_villageprofile",
    )  # fmt: skip
    return dict(counts)


def main_guard(fn: Callable[[], int]) -> None:
    """Run a benchmark's main and exit with its status."""
    sys.exit(fn())
