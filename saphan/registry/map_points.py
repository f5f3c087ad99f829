"""Map data: establishments grouped on a grid in the database, so a country of points stays a few
hundred markers; past zoom 13 the points themselves. Works the same on both databases."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, F, IntegerField, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse

from saphan.registry.models import Establishment

POINTS_FROM_ZOOM = 13
MAX_POINTS = 3000
# Thailand and a margin: what the map shows when no box is given.
THAILAND = (97.0, 5.4, 106.0, 20.7)


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        return THAILAND
    return west, south, east, north


def cluster(records: QuerySet[Establishment], *, bbox: str, zoom: str) -> dict[str, Any]:
    west, south, east, north = _bbox(bbox)
    level = int(zoom) if str(zoom).isdigit() else 6
    located = records.order_by().filter(
        latitude__isnull=False,
        longitude__isnull=False,
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )
    if level >= POINTS_FROM_ZOOM:
        rows = located.values("id", "latitude", "longitude", "kind", "name_th")[:MAX_POINTS]
        return {
            "clusters": [],
            "points": [
                {
                    "id": r["id"],
                    "lat": float(r["latitude"] or 0),  # never None: filtered above
                    "lon": float(r["longitude"] or 0),
                    "kind": r["kind"],
                    "name": r["name_th"],
                    "url": reverse("establishment-detail", args=[r["id"]]),
                }
                for r in rows
            ],
        }
    # About four cells across a 256-pixel tile at this zoom.
    cell = 360.0 / (2**level) / 4
    groups = (
        located.annotate(
            gy=Cast(F("latitude") / cell, IntegerField()),
            gx=Cast(F("longitude") / cell, IntegerField()),
        )
        .values("gy", "gx")
        .annotate(n=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
    )
    return {
        "clusters": [
            {"lat": float(g["lat"]), "lon": float(g["lon"]), "count": g["n"]} for g in groups
        ],
        "points": [],
    }
