"""Distances: great-circle × road factor, and the OSRM table client against a local server."""

from __future__ import annotations

import json
import math
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from engines.routing import DistanceError, GreatCircle, OsrmTable, Visit, haversine_km, solve
from engines.routing.distance import UNREACHABLE, minutes_up
from engines.routing.tests.helpers import east, problem, team, visit


def test_great_circle() -> None:
    # Bangkok (Democracy Monument) to Chumphon town: about 390 km as the crow flies.
    assert round(haversine_km((13.7567, 100.5018), (10.4936, 99.1800))) == 390
    assert haversine_km((10.0, 99.0), (10.0, 99.0)) == 0.0
    matrix = GreatCircle(road_factor=1.5, speed_kmh=60).matrix([east(0), east(10), east(25)])
    assert [[round(km, 6) for km in row] for row in matrix.km] == [
        [0, 15, 37.5],
        [15, 0, 22.5],
        [37.5, 22.5, 0],
    ]
    assert matrix.minutes == ((0, 15, 38), (15, 0, 23), (38, 23, 0))  # rounded up
    assert (minutes_up(12.0000000001), minutes_up(12.01), minutes_up(0)) == (12, 13, 0)


class FakeOsrm(BaseHTTPRequestHandler):
    """The table service: points on the equator; distance = 1.2 × great circle, duration
    at 40 km/h; a point with longitude 50 is an island (no road to or from it)."""

    calls: list[dict[str, Any]] = []
    answer: dict[str, Any] | None = None  # to answer something else
    status = 200

    def do_GET(self) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        prefix = "/osrm/table/v1/driving/"
        assert parsed.path.startswith(prefix), parsed.path
        points = [
            tuple(float(x) for x in p.split(",")) for p in parsed.path[len(prefix) :].split(";")
        ]
        query = dict(urllib.parse.parse_qsl(parsed.query))
        sources = (
            [int(i) for i in query["sources"].split(";")]
            if "sources" in query
            else range(len(points))
        )
        destinations = (
            [int(i) for i in query["destinations"].split(";")]
            if "destinations" in query
            else range(len(points))
        )
        type(self).calls.append({"points": len(points), "query": query})
        distances, durations = [], []
        for s in sources:
            d_row: list[float | None] = []
            t_row: list[float | None] = []
            for d in destinations:
                (lon1, lat1), (lon2, lat2) = points[s], points[d]
                if (lon1 == 50) != (lon2 == 50):
                    d_row.append(None)
                    t_row.append(None)
                    continue
                metres = 1200 * haversine_km((lat1, lon1), (lat2, lon2))
                d_row.append(round(metres, 1))
                t_row.append(round(metres / 1000 / 40 * 3600, 1))
            distances.append(d_row)
            durations.append(t_row)
        body = self.answer or {"code": "Ok", "durations": durations, "distances": distances}
        raw = json.dumps(body).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def osrm() -> Iterator[str]:
    FakeOsrm.calls, FakeOsrm.answer, FakeOsrm.status = [], None, 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/osrm/"
    finally:
        server.shutdown()
        server.server_close()


def test_osrm_table_in_blocks(osrm: str) -> None:
    points = [east(k) for k in (0, 10, 20, 30, 45)]
    matrix = OsrmTable(osrm, block=2).matrix(points)
    assert len(FakeOsrm.calls) == 9  # 3 × 3 blocks of at most 2 × 2
    assert FakeOsrm.calls[1]["query"] == {
        "annotations": "duration,distance",
        "sources": "0;1",
        "destinations": "2;3",
    }
    assert [[round(km, 3) for km in row] for row in matrix.km] == [
        [round(1.2 * abs(a - b), 3) for b in (0, 10, 20, 30, 45)] for a in (0, 10, 20, 30, 45)
    ]
    # 12 km at 40 km/h is 18 minutes (rounded up from OSRM's seconds).
    assert matrix.minutes[0][1] == 18
    assert matrix.minutes[0][4] == math.ceil(1.2 * 45 / 40 * 60 - 1e-9)
    whole = OsrmTable(osrm).matrix(points)
    assert FakeOsrm.calls[-1]["query"] == {"annotations": "duration,distance"}
    assert whole == matrix


def test_osrm_no_road(osrm: str) -> None:
    matrix = OsrmTable(osrm).matrix([(0.0, 0.0), (0.0, 50.0)])
    assert matrix.km[0][1] == math.inf and matrix.minutes[1][0] == UNREACHABLE
    assert matrix.km[0][0] == 0.0


def test_the_planner_uses_osrm(osrm: str) -> None:
    plan = problem([team()], [visit("v", 10)])
    (route,) = solve(plan, travel=OsrmTable(osrm)).routes
    assert (route.km, route.travel_minutes) == (24.0, 36)  # 2 × 12 km, 2 × 18 min
    result = solve(problem([team()], [Visit("island", (0.0, 50.0), 10)]), travel=OsrmTable(osrm))
    assert [(u.visit, u.reason, u.detail) for u in result.unassigned] == [
        ("island", "outside_working_hours", "no road from any depot of a team with the skills")
    ]


def test_osrm_failures(osrm: str) -> None:
    FakeOsrm.answer = {"code": "TooBig", "message": "Too many table coordinates"}
    with pytest.raises(DistanceError, match="OSRM refused the table: TooBig: Too many"):
        OsrmTable(osrm).matrix([east(0), east(1)])
    FakeOsrm.answer = {"code": "Ok", "durations": [[0]]}
    with pytest.raises(DistanceError, match="lacks a durations/distances table"):
        OsrmTable(osrm).matrix([east(0), east(1)])
    FakeOsrm.answer, FakeOsrm.status = {"code": "InvalidQuery"}, 400
    with pytest.raises(DistanceError, match="OSRM answered HTTP 400"):
        OsrmTable(osrm).matrix([east(0), east(1)])
    closed = osrm.replace(osrm.split(":")[2].split("/")[0], "9")  # nothing listens on port 9
    with pytest.raises(DistanceError, match="unreachable"):
        OsrmTable(closed, timeout_s=2).matrix([east(0), east(1)])
    with pytest.raises(ValueError, match="http"):
        OsrmTable("file:///etc/passwd")
