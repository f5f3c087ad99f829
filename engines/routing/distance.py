"""Travel distances and times between places: great-circle × road factor, or an OSRM table.

Both sources answer the same question through `TravelSource.matrix(points)`: kilometres and
whole minutes from every point to every other. Minutes are rounded up, so a plan never
promises an arrival it cannot make. A pair with no road between them (OSRM answers `null`) is
`math.inf` kilometres and `UNREACHABLE` minutes; the solver never uses such an arc.
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from engines.routing.model import Location

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
UNREACHABLE = 10**6  # minutes: longer than any planning horizon


@dataclass(frozen=True, slots=True)
class Matrix:
    """`km[i][j]` and `minutes[i][j]` from point i to point j."""

    km: tuple[tuple[float, ...], ...]
    minutes: tuple[tuple[int, ...], ...]


class TravelSource(Protocol):
    def matrix(self, points: Sequence[Location]) -> Matrix: ...


class DistanceError(RuntimeError):
    """The distance service failed or answered something unusable."""


def haversine_km(a: Location, b: Location) -> float:
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def minutes_up(value: float) -> int:
    """Round minutes up, forgiving float noise (12.0000000001 is 12, not 13)."""
    return max(0, math.ceil(value - 1e-9))


@dataclass(frozen=True, slots=True)
class GreatCircle:
    """Straight-line distance stretched by `road_factor` (roads are not straight: 1.2–1.4 is
    usual in Thai provinces), driven at `speed_kmh` on average."""

    road_factor: float
    speed_kmh: float

    def matrix(self, points: Sequence[Location]) -> Matrix:
        km_rows: list[tuple[float, ...]] = []
        minute_rows: list[tuple[int, ...]] = []
        for a in points:
            km = tuple(haversine_km(a, b) * self.road_factor for b in points)
            km_rows.append(km)
            minute_rows.append(tuple(minutes_up(d / self.speed_kmh * 60) for d in km))
        return Matrix(km=tuple(km_rows), minutes=tuple(minute_rows))


class OsrmTable:
    """OSRM's table service (`/table/v1/{profile}/...`) at `base_url`, e.g.
    `http://127.0.0.1:5000`. Large matrices are fetched in blocks of at most `block` sources ×
    `block` destinations, because OSRM refuses tables above its `--max-table-size` (100 by
    default)."""

    def __init__(
        self, base_url: str, *, profile: str = "driving", timeout_s: float = 30.0, block: int = 100
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        # Only http(s): urlopen would also open file:// and ftp:// URLs.
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(
                f"OSRM base URL must be http(s)://host[:port][/path], got {base_url!r}"
            )
        if block < 1:
            raise ValueError("block must be at least 1")
        self.base_url = base_url.rstrip("/")
        self.profile = profile
        self.timeout_s = timeout_s
        self.block = block

    def matrix(self, points: Sequence[Location]) -> Matrix:
        n = len(points)
        km = [[0.0] * n for _ in range(n)]
        minutes = [[0] * n for _ in range(n)]
        blocks = [list(range(i, min(i + self.block, n))) for i in range(0, n, self.block)]
        for sources in blocks:
            for destinations in blocks:
                self._fill(points, sources, destinations, km, minutes)
        return Matrix(km=tuple(map(tuple, km)), minutes=tuple(map(tuple, minutes)))

    def _fill(
        self,
        points: Sequence[Location],
        sources: list[int],
        destinations: list[int],
        km: list[list[float]],
        minutes: list[list[int]],
    ) -> None:
        same = sources == destinations
        indices = sources if same else sources + destinations
        coordinates = ";".join(f"{points[i][1]:.6f},{points[i][0]:.6f}" for i in indices)
        query = {"annotations": "duration,distance"}
        if not same:
            query["sources"] = ";".join(str(k) for k in range(len(sources)))
            query["destinations"] = ";".join(
                str(k) for k in range(len(sources), len(sources) + len(destinations))
            )
        url = (
            f"{self.base_url}/table/v1/{urllib.parse.quote(self.profile)}/{coordinates}"
            f"?{urllib.parse.urlencode(query, safe=';,')}"
        )
        body = self._get(url)
        durations = body.get("durations")
        distances = body.get("distances")
        if not _grid(durations, len(sources), len(destinations)) or not _grid(
            distances, len(sources), len(destinations)
        ):
            raise DistanceError(
                "OSRM answer lacks a durations/distances table of the requested size "
                "(is the server older than 5.18, without distance annotations?)"
            )
        assert isinstance(durations, list) and isinstance(distances, list)
        for r, i in enumerate(sources):
            for c, j in enumerate(destinations):
                seconds, metres = durations[r][c], distances[r][c]
                if i == j:
                    continue  # a place to itself is nothing, whatever snapping made of it
                if seconds is None or metres is None:
                    km[i][j], minutes[i][j] = math.inf, UNREACHABLE
                else:
                    km[i][j], minutes[i][j] = float(metres) / 1000, minutes_up(float(seconds) / 60)

    def _get(self, url: str) -> dict[str, object]:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 (scheme checked in __init__)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            raise DistanceError(f"OSRM answered HTTP {error.code}: {detail}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise DistanceError(f"OSRM at {self.base_url} unreachable: {error}") from error
        try:
            body = json.loads(raw)
        except ValueError as error:
            raise DistanceError("OSRM answered something that is not JSON") from error
        if not isinstance(body, dict):
            raise DistanceError("OSRM answered something that is not a JSON object")
        if body.get("code") != "Ok":
            raise DistanceError(
                f"OSRM refused the table: {body.get('code')}: {body.get('message')}"
            )
        return body


def _grid(value: object, rows: int, columns: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == rows
        and all(
            isinstance(row, list)
            and len(row) == columns
            and all(x is None or (isinstance(x, int | float) and x >= 0) for x in row)
            for row in value
        )
    )
