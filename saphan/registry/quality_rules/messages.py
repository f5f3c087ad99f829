"""A finding's message in Thai or English, dates in the Buddhist era."""

from __future__ import annotations

import re
from typing import Any, Final

from saphan.registry.quality_rules.base import (
    Finding,
)
from saphan.registry.quality_rules.catalogue import _BY_CODE

# --- messages ----------------------------------------------------------------------------------

_TH_MONTHS: Final = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.",
    "ธ.ค.",
)  # fmt: skip
_EN_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_ISO_DATE: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _shown(value: Any, language: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and (m := _ISO_DATE.match(value)):
        year, month, day = int(m[1]) + 543, int(m[2]), int(m[3])  # dates show in the BE
        if language == "th":
            return f"{day} {_TH_MONTHS[month - 1]} {year}"
        return f"{day} {_EN_MONTHS[month - 1]} {year} BE"
    return str(value)


def finding_message(finding: Finding, language: str = "th") -> str:
    """The finding's message in Thai ("th") or English, params filled in, dates in the BE."""
    r = _BY_CODE[finding.rule_code]
    template = r.message_th if language == "th" else r.message_en
    return template % {k: _shown(v, language) for k, v in finding.params.items()}
