"""Demo data for subcontracting (filled in later in this issue)."""

from __future__ import annotations

import random

from saphan.core.models import Province


def subcontracting_demo(province: Province, rng: random.Random, scale: int) -> dict[str, int]:
    return {}
