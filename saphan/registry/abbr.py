"""Thai province abbreviations (as in old factory registration numbers: …/51ชพ) to DOPA codes."""

from __future__ import annotations

from functools import cache

import geothai
from pythainlp.corpus import provinces


@cache
def province_abbr_map() -> dict[str, str]:
    """{"ชพ": "86", "ลป": "52", …}: pythainlp's abbreviations joined to geothai by Thai name."""
    codes = {p.name_th: p.code for p in geothai.provinces()}
    rows: list[dict[str, str]] = provinces(details=True)  # type: ignore[assignment]
    return {
        row["abbr_th"]: codes[row["name_th"]]
        for row in rows
        if row["name_th"] in codes and row.get("abbr_th")
    }
