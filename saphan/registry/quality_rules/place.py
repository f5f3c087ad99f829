"""Validity of the address and place: postal code against subdistrict, coordinates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from saphan.registry.quality_rules.base import (
    _NONE,
    ALL_KINDS,
    ERROR,
    VALIDITY,
    WARNING,
    Context,
    Finding,
    Record,
    Rule,
    _register,
)

# --- validity: address and place ---------------------------------------------------------------


@_register(
    "postal.subdistrict", WARNING, VALIDITY, ("postal_code", "subdistrict_code"), ALL_KINDS,
    "รหัสไปรษณีย์ %(postal_code)s ไม่ใช่ของตำบลนี้ (รหัสไปรษณีย์ของตำบล: %(expected)s)",
    "The postal code %(postal_code)s does not belong to the subdistrict "
    "(its postal codes: %(expected)s).",
    weight=0.5,
)  # fmt: skip
def _postal_subdistrict(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    postal, sub = r.postal_code, r.subdistrict_code
    if not postal or not sub:
        return _NONE
    codes = c.subdistrict_postal_codes.get(sub)
    if not codes or postal.strip() in codes:  # an unknown subdistrict says nothing
        return _NONE
    params = {"postal_code": postal, "subdistrict_code": sub, "expected": ", ".join(codes)}
    return (rule.finding("postal_code", params),)


THAILAND_LAT: Final = (5.6, 20.5)
THAILAND_LON: Final = (97.3, 105.7)
EARTH_RADIUS_KM: Final = 6371.0088
_DEGREES_PER_KM_SAFE: Final = 0.99 * math.degrees(1 / EARTH_RADIUS_KM)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _in_thailand(lat: float, lon: float) -> bool:
    return THAILAND_LAT[0] <= lat <= THAILAND_LAT[1] and THAILAND_LON[0] <= lon <= THAILAND_LON[1]


@_register(
    "geo.thailand", ERROR, VALIDITY, ("latitude", "longitude"), ALL_KINDS,
    "พิกัด %(latitude)s, %(longitude)s อยู่นอกประเทศไทย",
    "The coordinates %(latitude)s, %(longitude)s lie outside Thailand.",
)  # fmt: skip
def _geo_thailand(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    if r.latitude is None or r.longitude is None:
        return _NONE
    lat, lon = float(r.latitude), float(r.longitude)
    if _in_thailand(lat, lon):
        return _NONE
    name = "latitude" if not THAILAND_LAT[0] <= lat <= THAILAND_LAT[1] else "longitude"
    return (rule.finding(name, {"latitude": lat, "longitude": lon}),)


@_register(
    "geo.province", WARNING, VALIDITY, ("latitude", "longitude", "province_code"), ALL_KINDS,
    "พิกัดอยู่ห่างจากกลางจังหวัด %(distance_km)s กม. เกินรัศมี %(radius_km)s กม. ของจังหวัด",
    "The coordinates lie %(distance_km)s km from the province centre, beyond its "
    "%(radius_km)s km radius.",
)  # fmt: skip
def _geo_province(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    if r.latitude is None or r.longitude is None or not r.province_code:
        return _NONE
    centre = c.province_centres.get(r.province_code)
    if centre is None:  # only the Thailand box applies then
        return _NONE
    lat, lon = float(r.latitude), float(r.longitude)
    if not _in_thailand(lat, lon):  # geo.thailand says it already
        return _NONE
    # A point whose latitude and longitude differ from the centre's by at most r/R radians
    # together is within r (the meridian, then the parallel, is a path of at most that length):
    # no trigonometry for most records. The 0.99 keeps clear of rounding at the edge.
    if abs(lat - centre[0]) + abs(lon - centre[1]) <= centre[2] * _DEGREES_PER_KM_SAFE:
        return _NONE
    km = distance_km(lat, lon, centre[0], centre[1])
    if km <= centre[2]:
        return _NONE
    params = {"province_code": r.province_code, "distance_km": round(km, 1), "radius_km": centre[2]}
    return (rule.finding("latitude", params),)
