"""Complaints under load: the public submission (POST /report/) and the tracking page
(GET /track/<code>/) against a production-mode server (gunicorn, DEBUG off,
SAPHAN_ENV=production) on PostgreSQL, beside a bare Django view that inserts or reads one row
through the same middleware, settings and server — the framework's limit on this machine —
and beside "the floor": that bare insert plus what any public form's submission must do
before its own work (the CSRF check, the rate limit's counter, the receipt's redirect with a
signed cookie), through Saphan's own code; and beside that floor with the report form checked
as the submission checks it (still no case written).

Each measured run also records the CPU a request cost the server's processes, the PostgreSQL
backends serving it and wrk, sampled from /proc: where the work behind the requests/s is
done, and the ratio of that work to the bare insert's.

    .venv/bin/python -m bench.complaints_load                    # 50 and 200 clients, 3 runs
    .venv/bin/python -m bench.complaints_load --seconds 10 --runs 1 --clients 50

Cases compared with each other (bare insert, floor, submission; bare read and tracking) run in
turn, run by run, with both servers up, so that the machine's drift over minutes falls on all
of them alike. Tracking any of the 3,000 cases is measured once every worker has drawn nearly
every page (slices of `--warm-any` seconds of it until each worker was asked for each case
about four times) and on a new server (a restart's cost).

Load comes from wrk (Debian package `wrk`) with a Lua script that reports requests/s and the
50th/95th/99th percentile latency. The run creates its own database (default
`saphan_h_complaints_bench`, `--database` to change), serves it with gunicorn on a loopback
port, and drops everything at the end (`--keep` leaves it). Goal (issue 4): the submission
and the tracking page reach at least half the bare view's throughput, with p95 ≤ 100 ms at
50 clients.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.common import heading, median, say

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PORT = 8191
SEED_COMPLAINTS = 3000
HOT = 100
WARM_ANY = 45  # seconds a slice of load on any case before its runs
WARM_DRAWS = 4  # … repeated until each worker was asked for each case about this many times
WARM_SLICES = 8  # … but no more slices than this
BARE_ROWS = 3000
CSRF = "b" * 32  # an unmasked CSRF secret, sent as cookie and field (Django accepts it)
LUA_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('{"requests": %d, "seconds": %.3f, "rps": %.2f, "p50_ms": %.2f, '
    .. '"p95_ms": %.2f, "p99_ms": %.2f, "errors": %d, "non2xx3xx": %d}\\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors, summary.errors.status))
end
"""


# --- The bare view: one row in, one row out, through the same Django ----------------------------


def _bare_views() -> list[Any]:
    from django.db import connection
    from django.http import HttpResponse
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    def insert(request: Any) -> HttpResponse:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_row (body) VALUES (%s) RETURNING id", [request.POST.get("b", "")]
            )
            row = cursor.fetchone()
        return HttpResponse(f"ok {row[0]}")

    def read(request: Any, pk: int) -> HttpResponse:
        with connection.cursor() as cursor:
            cursor.execute("SELECT body FROM bench_row WHERE id = %s", [pk])
            row = cursor.fetchone()
        return HttpResponse(row[0] if row else "", status=200 if row else 404)

    def floor(request: Any) -> HttpResponse:
        """What any public form's submission must do before its own work, and nothing else:
        the CSRF check (the middleware, as for the form), the rate limit's counter, one row
        in, and the receipt (a redirect carrying a signed cookie), each through Saphan's own
        code. No validation, no case."""
        from saphan.complaints import ratelimit
        from saphan.complaints.views.public import _to_receipt

        ratelimit.rate_limit_check(request, "report", "report_day")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_row (body) VALUES (%s) RETURNING id",
                [request.POST.get("description", "")],
            )
            row = cursor.fetchone()
        return _to_receipt(f"FLOOR-{row[0]}", "k" * 32)

    def checked(request: Any) -> HttpResponse:
        """The floor, and the form checked as the submission checks it (the report form's
        fields, its spam trap and its time stamp) before the row goes in: what any
        submission through a Django form must do, with nothing of the case written."""
        from saphan.complaints import ratelimit
        from saphan.complaints.forms import ReportForm
        from saphan.complaints.views.public import _to_receipt

        ratelimit.rate_limit_check(request, "report", "report_day")
        form = ReportForm.lean(request.POST)
        if not form.is_valid():
            return HttpResponse(form.errors.as_json(), status=422)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_row (body) VALUES (%s) RETURNING id",
                [form.cleaned_data["description"]],
            )
            row = cursor.fetchone()
        return _to_receipt(f"FLOOR-{row[0]}", "k" * 32)

    from django.urls import include

    return [
        path("bare/insert", insert),
        path("bare/read/<int:pk>", read),
        path("bare/floor", floor),
        path("bare/checked", checked),
        # The receipt's address, which the floor's redirect names; the place pickers'
        # addresses, which the report form names. After the bare views: never tried for them.
        path("", include("saphan.complaints.public_urls")),
        path("", include("saphan.core.urls")),
    ]


def bare_application() -> Any:
    """gunicorn 'bench.complaints_load:bare_application()': Saphan's settings and middleware,
    only the bare views as URLs."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = "bench.complaints_load"
    return get_wsgi_application()


def __getattr__(name: str) -> Any:
    # The URLconf the bare application uses, built only when Django asks for it.
    if name == "urlpatterns":
        return _bare_views()
    raise AttributeError(name)


# --- Running ---------------------------------------------------------------------------------------


def _server_env(workdir: Path, cache_url: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "SAPHAN_ENV": "production",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-not-a-secret",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": common.DATABASE_URL,
            "SAPHAN_VAR_DIR": str(workdir / "var"),
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
            # Every request is still counted; the limit is set above what the load sends.
            "SAPHAN_COMPLAINTS_RATE_LIMITS": "report:1000000000/600,report_day:1000000000/86400",
            "DJANGO_SETTINGS_MODULE": "saphan.settings",
            "PYTHONPATH": str(ROOT),
            # "" = each worker's own memory; redis://… = one cache for the four workers.
            "CACHE_URL": cache_url,
        }
    )
    return env


def _start(
    app: str, workers: int, env: dict[str, str], probe: str, port: int
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            str(GUNICORN),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            # Named after the bench database, so the foreign-load meter counts it as ours.
            "--env",
            f"SAPHAN_BENCH={common.BENCH_DB}",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    import urllib.request

    for _attempt in range(100):
        time.sleep(0.2)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=2)
            return process
        except OSError:
            continue
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError(f"gunicorn did not start: {app}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _cpu_of(server_group: int) -> dict[int, tuple[str, float]]:
    """CPU seconds so far of each process of the server (its process group: gunicorn's
    master and workers) and of each PostgreSQL backend serving the bench database."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        name, rest = stat.split("(", 1)[1].rsplit(")", 1)
        fields = rest.split()
        cpu = (int(fields[11]) + int(fields[12])) / tick
        if int(fields[2]) == server_group:
            found[int(entry)] = ("server", cpu)
        elif name == "postgres" and common.BENCH_DB.encode() in cmd:
            found[int(entry)] = ("postgres", cpu)
    return found


class _CpuMeter:
    """The server's and its backends' CPU over a run, sampled every half second: a backend
    that ends during the run (a connection older than its maximum age is closed after its
    request) is counted up to its last sample, one started during it from zero."""

    def __init__(self, server_group: int) -> None:
        import threading

        self.group = server_group
        self.before = _cpu_of(server_group)
        self.seen = dict(self.before)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.seen.update(_cpu_of(self.group))

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        self.seen.update(_cpu_of(self.group))
        used = {"server": 0.0, "postgres": 0.0}
        for pid, (part, cpu) in self.seen.items():
            used[part] += cpu - self.before.get(pid, (part, 0.0))[1]
        return used


def _wrk(
    script: Path, url: str, clients: int, seconds: int, server_group: int | None = None
) -> dict[str, Any]:
    """One wrk run. Given the server's process group, the result also holds the CPU each
    request cost the server, its PostgreSQL backends and wrk itself (milliseconds): where
    the work behind the requests/s is done."""
    threads = max(1, min(2, clients))
    meter = _CpuMeter(server_group) if server_group is not None else None
    load_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        out = subprocess.run(
            [
                "nice",
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(clients),
                "-d",
                f"{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"{url}?{common.BENCH_DB}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        used = meter.stop() if meter is not None else None
    line = next(x for x in out.stdout.splitlines() if x.startswith("{"))
    result = dict(json.loads(line))
    if used is not None and result["requests"]:
        load_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = (load_after.ru_utime + load_after.ru_stime) - (
            load_before.ru_utime + load_before.ru_stime
        )
        per = 1000 / result["requests"]
        result["cpu_ms"] = {
            "server": round(used["server"] * per, 3),
            "postgres": round(used["postgres"] * per, 3),
            "wrk": round(load * per, 3),
        }
    return result


def _scripts(workdir: Path, codes: list[str], bare_ids: list[int], stamp: str) -> dict[str, Path]:
    from urllib.parse import urlencode

    form = urlencode(
        {
            "csrfmiddlewaretoken": CSRF,
            "started": stamp,
            "website": "",
            "category": "dust",
            "description": "ฝุ่นจากโรงงานลอยมาทุกเช้า (bench)",
            "time_of_day": "morning",
            "frequency": "daily",
            "province": "86",
            "district": "8601",
            "subdistrict": "860101",
            "latitude": "10.493817",
            "longitude": "99.180426",
            "location_source": "pin",
        }
    )
    scripts = {
        "submit": f"""
wrk.method = "POST"
wrk.body = "{form}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken={CSRF}"
""",
        "track": "paths = {"
        + ",".join(f'"/track/{c}/"' for c in codes)
        + "}\nrequest = function() return wrk.format('GET', paths[math.random(#paths)]) end\n",
        # The cases people actually look at: the latest hundred.
        "track_hot": "paths = {"
        + ",".join(f'"/track/{c}/"' for c in codes[-HOT:])
        + "}\nrequest = function() return wrk.format('GET', paths[math.random(#paths)]) end\n",
        "bare_insert": """
wrk.method = "POST"
wrk.body = "b=one+row"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
""",
        "bare_read": "ids = {"
        + ",".join(str(i) for i in bare_ids)
        + "}\nrequest = function() return wrk.format('GET', '/bare/read/' .. ids[math.random(#ids)]) end\n",
    }
    paths = {}
    for name, body in scripts.items():
        path = workdir / f"{name}.lua"
        path.write_text(body + LUA_REPORT, encoding="utf-8")
        paths[name] = path
    return paths


def _seed(rng: random.Random) -> tuple[list[str], list[int]]:
    """Complaints to track (as the public would find them) and rows for the bare read."""
    from decimal import Decimal

    from saphan.complaints.services import intake
    from saphan.core.models import Subdistrict

    subs = list(Subdistrict.objects.filter(province_id="86").values_list("code", flat=True))
    codes = []
    for i in range(SEED_COMPLAINTS):
        submitted = intake.complaint_submit(
            intake=intake.Intake(
                category=rng.choice(["dust", "odour", "noise", "wastewater"]),
                description=f"bench complaint {i}",
                time_of_day="morning",
                frequency="daily",
                latitude=Decimal(f"{10.3 + rng.random() * 0.4:.6f}"),
                longitude=Decimal(f"{99.0 + rng.random() * 0.3:.6f}"),
                location_source="pin",
                province_code="86",
                subdistrict_code=rng.choice(subs),
            ),
            contact=intake.Contact(),
            rng=rng,
        )
        codes.append(submitted.complaint.code)
    common.sql("CREATE TABLE bench_row (id bigserial PRIMARY KEY, body text NOT NULL)")
    common.sql(
        "INSERT INTO bench_row (body) SELECT 'row ' || g FROM generate_series(1, %s) g",
        [BARE_ROWS],
    )
    common.vacuum_analyze("bench_row", "complaints_complaint", "complaints_caseevent")
    return codes, list(range(1, BARE_ROWS + 1))


def main() -> None:
    global PORT
    parser = common.parser("Complaints: submission and tracking under load vs a bare view.", 0)
    parser.add_argument("--seconds", type=int, default=15, help="per measurement (default 15)")
    parser.add_argument("--runs", type=int, default=3, help="repeats per case (median)")
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument(
        "--warm-any",
        type=int,
        default=WARM_ANY,
        help=f"seconds a slice of load on any case before its runs (default {WARM_ANY})",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--database", default="saphan_h_complaints_bench")
    parser.add_argument(
        "--port",
        type=int,
        default=PORT,
        help=f"loopback port for Saphan, the next for the bare views (default {PORT})",
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help="CACHE_URL for the servers, e.g. redis://127.0.0.1:6379/14 (default: per-process)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    # Our own database name: other benchmarks may be using saphan_bench at the same time.
    common.BENCH_DB = args.database
    common.DATABASE_URL = (
        f"postgres://{common.PG_USER}@{common.PG_HOST}:{common.PG_PORT}/{args.database}"
    )
    PORT = args.port
    rng = random.Random(args.seed)
    with common.bench_run(args) as bench:
        heading("Seeding")
        with common.timed() as t:
            codes, bare_ids = _seed(rng)
        say(f"  {len(codes)} complaints and {len(bare_ids)} bare rows in {common.fmt_s(t.seconds)}")
        from saphan.complaints.forms import form_stamp

        stamp = form_stamp()  # signed with the server's SECRET_KEY: more than 3 s old by then
        workdir = Path(tempfile.mkdtemp(prefix="saphan-bench-load-", dir=bench.workdir))
        env = _server_env(bench.workdir, args.cache_url)
        if args.cache_url:
            import redis

            # Pages of an earlier run must not be served as this run's.
            redis.Redis.from_url(args.cache_url).flushdb()
            say(f"  one cache for every worker: {args.cache_url} (emptied)")
        subprocess.run(
            [sys.executable, "-m", "saphan", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        scripts = _scripts(workdir, codes, bare_ids, stamp)
        saphan_app, bare_app = "saphan.wsgi", "bench.complaints_load:bare_application()"
        bases = {saphan_app: f"http://127.0.0.1:{PORT}", bare_app: f"http://127.0.0.1:{PORT + 1}"}
        # Cases compared with each other run in turn, run by run, with both servers up: the
        # machine's speed drifts by tens of per cent over minutes, and the ratio of runs taken
        # side by side is what stays comparable. Each group: its warm-ups (server, script,
        # path, seconds), then its cases (name, server, script, path).
        groups = [
            (
                [
                    (bare_app, "bare_insert", "/bare/insert", 3),
                    (bare_app, "submit", "/bare/floor", 3),
                    (bare_app, "submit", "/bare/checked", 3),
                    (saphan_app, "submit", "/report/", 3),
                ],
                [
                    ("bare insert", bare_app, "bare_insert", "/bare/insert"),
                    ("floor", bare_app, "submit", "/bare/floor"),
                    ("floor, form checked", bare_app, "submit", "/bare/checked"),
                    ("submission", saphan_app, "submit", "/report/"),
                ],
            ),
            (
                # Each worker's cache of the recent cases, then of any case, just before the
                # runs: a page drawn stays TRACK_SECONDS (300 s).
                [
                    (bare_app, "bare_read", "/bare/read/1", 3),
                    (saphan_app, "track_hot", "/track/", 8),
                    (saphan_app, "track", "/track/", args.warm_any),
                ],
                [
                    ("bare read", bare_app, "bare_read", "/bare/read/1"),
                    ("tracking, 100 recent", saphan_app, "track_hot", "/track/"),
                    # Any case once every worker has drawn (nearly) every page: a server that
                    # has run for a while.
                    ("tracking, any of 3000", saphan_app, "track", "/track/"),
                ],
            ),
        ]
        results: dict[str, Any] = {
            "clients": args.clients,
            "workers": args.workers,
            "seconds": args.seconds,
            "runs": args.runs,
            "interleaved": True,
            "cases": {},
        }

        def warm(app: str, script: str, path: str, seconds: int) -> None:
            # Any of the 3,000 cases: until each worker has been asked for each case about
            # WARM_DRAWS times (e^-4: 98% of pages drawn in every worker), in slices of
            # --warm-any seconds — a slower machine needs more of them — at most WARM_SLICES.
            wanted = args.workers * SEED_COMPLAINTS * WARM_DRAWS if script == "track" else 0
            served = 0
            for _slice in range(WARM_SLICES if wanted else 1):
                done = _wrk(scripts[script], bases[app] + path, 10 if seconds < 10 else 50, seconds)
                if done["non2xx3xx"]:
                    # A case that answers with errors measures nothing: stop before its runs.
                    raise SystemExit(f"{path}: {done['non2xx3xx']} error responses warming up")
                served += done["requests"]
                if served >= wanted:
                    break
            if wanted:
                say(f"  any of {SEED_COMPLAINTS}: {served} requests before the runs")
                results["warm_any_requests"] = served

        def start(app: str) -> subprocess.Popen[bytes]:
            probe = "/bare/read/1" if app == bare_app else "/healthz"
            port = PORT if app == saphan_app else PORT + 1
            return _start(app, args.workers, env, probe, port)

        def cpu(runs: list[dict[str, Any]], part: str = "") -> float:
            """Median CPU a request cost: one part, or the server's and PostgreSQL's."""
            parts = [part] if part else ["server", "postgres"]
            return median([sum(r["cpu_ms"][p] for p in parts) for r in runs])

        def report(name: str, clients: int, runs: list[dict[str, Any]]) -> None:
            results["cases"].setdefault(name, {})[str(clients)] = runs
            say(
                f"  {name:<22} {clients:>3} clients: "
                f"{median([r['rps'] for r in runs]):8.1f} req/s, "
                f"p50 {median([r['p50_ms'] for r in runs]):6.1f} ms, "
                f"p95 {median([r['p95_ms'] for r in runs]):7.1f} ms, "
                f"p99 {median([r['p99_ms'] for r in runs]):7.1f} ms, "
                f"errors {sum(r['errors'] for r in runs)}"
            )
            say(
                f"  {'':<22} CPU a request: server {cpu(runs, 'server'):.2f} ms, "
                f"PostgreSQL {cpu(runs, 'postgres'):.2f} ms, wrk {cpu(runs, 'wrk'):.2f} ms"
            )

        foreign = common.ForeignLoad()
        foreign.__enter__()
        servers = {app: start(app) for app in bases}
        try:
            for warm_ups, group in groups:
                for warm_up in warm_ups:
                    warm(*warm_up)
                for clients in args.clients:
                    taken: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in group}
                    for _r in range(args.runs):
                        for name, app, script, path in group:
                            taken[name].append(
                                _wrk(
                                    scripts[script],
                                    bases[app] + path,
                                    clients,
                                    args.seconds,
                                    servers[app].pid,
                                )
                            )
                    for name, runs in taken.items():
                        report(name, clients, runs)
            # Any case on a new server, warmed on the recent cases only: most pages are drawn
            # for the first time in their worker (the cost after a restart or a deploy). Each
            # run gets its own new server; a bare read runs beside it.
            for clients in args.clients:
                cold, bare = [], []
                for _r in range(args.runs):
                    _stop(servers[saphan_app])
                    servers[saphan_app] = start(saphan_app)
                    warm(saphan_app, "track_hot", "/track/", 3)
                    track_url = bases[saphan_app] + "/track/"
                    cold.append(
                        _wrk(
                            scripts["track"],
                            track_url,
                            clients,
                            args.seconds,
                            servers[saphan_app].pid,
                        )
                    )
                    read_url = bases[bare_app] + "/bare/read/1"
                    bare.append(
                        _wrk(
                            scripts["bare_read"],
                            read_url,
                            clients,
                            args.seconds,
                            servers[bare_app].pid,
                        )
                    )
                report("tracking, any, cold", clients, cold)
                report("bare read (beside cold)", clients, bare)
        finally:
            for server in servers.values():
                _stop(server)
        foreign.__exit__(None, None, None)
        say(f"  {foreign.summary()}")
        heading("Ratios (medians)")
        for clients in args.clients:
            key = str(clients)

            def rps(case: str, key: str = key) -> float:
                return median([r["rps"] for r in results["cases"][case][key]])

            def p95(case: str, key: str = key) -> float:
                return median([r["p95_ms"] for r in results["cases"][case][key]])

            # (case, the case it is compared with) for the submission's ratios.
            pairs = {
                "submission": ("submission", "bare insert"),
                "floor": ("floor", "bare insert"),
                "checked": ("floor, form checked", "bare insert"),
                "submission_to_floor": ("submission", "floor"),
            }
            ratios = {
                **{name: rps(case) / rps(base) for name, (case, base) in pairs.items()},
                "tracking_recent": rps("tracking, 100 recent") / rps("bare read"),
                "tracking_any": rps("tracking, any of 3000") / rps("bare read"),
                "tracking_any_cold": rps("tracking, any, cold") / rps("bare read (beside cold)"),
            }
            say(
                f"  {clients} clients: the floor (CSRF, rate limit, one row, receipt) "
                f"{ratios['floor']:.2f}× bare insert (p95 {p95('floor'):.0f} ms), with the form "
                f"checked {ratios['checked']:.2f}× (p95 {p95('floor, form checked'):.0f} ms); "
                f"the submission {ratios['submission_to_floor']:.2f}× the floor"
            )
            say(
                f"  {clients} clients: submission {ratios['submission']:.2f}× bare insert "
                f"(p95 {p95('submission'):.0f} ms); tracking {ratios['tracking_recent']:.2f}× "
                f"bare read for the 100 recent cases (p95 {p95('tracking, 100 recent'):.0f} ms), "
                f"{ratios['tracking_any']:.2f}× for any of 3000 "
                f"(p95 {p95('tracking, any of 3000'):.0f} ms) once drawn, "
                f"{ratios['tracking_any_cold']:.2f}× on a new server "
                f"(p95 {p95('tracking, any, cold'):.0f} ms)"
            )
            results[f"ratio_{key}"] = {k: round(v, 3) for k, v in ratios.items()}

            def work(case: str, key: str = key) -> float:
                return cpu(results["cases"][case][key])

            # The same comparison by the CPU (server and PostgreSQL) each request needed: on
            # two cores shared with wrk, requests/s follow it.
            works = {name: work(base) / work(case) for name, (case, base) in pairs.items()}
            say(
                f"  {clients} clients, by CPU a request (server and PostgreSQL): bare insert "
                f"{work('bare insert'):.2f} ms, floor {work('floor'):.2f} ms "
                f"({works['floor']:.2f}×), with the form checked "
                f"{work('floor, form checked'):.2f} ms ({works['checked']:.2f}×), "
                f"submission {work('submission'):.2f} ms "
                f"({works['submission']:.2f}×; {works['submission_to_floor']:.2f}× the floor)"
            )
            results[f"cpu_ratio_{key}"] = {k: round(v, 3) for k, v in works.items()}
        from saphan.complaints.models import Complaint

        results["complaints_after"] = Complaint.objects.count()
        results["foreign_load"] = foreign.as_dict()
        results["machine"] = bench.info
        say(f"  complaints in the database after the run: {results['complaints_after']}")
        saved = common.save_results("complaints_load", results)
        say(f"  results: {saved}")


if __name__ == "__main__":
    main()
