"""Allocation in the application: runs (start, solve, re-allocate) and their review (adjust,
take out, publish, discard)."""

from saphan.subcontracting.services.allocation.review import (
    lot_adjust,
    lot_move,
    lot_withdraw,
    run_discard,
    run_publish,
)
from saphan.subcontracting.services.allocation.runs import (
    JOB_KIND,
    reallocation_start,
    run_execute,
    run_start,
)

__all__ = [
    "JOB_KIND",
    "lot_adjust",
    "lot_move",
    "lot_withdraw",
    "reallocation_start",
    "run_discard",
    "run_execute",
    "run_publish",
    "run_start",
]
