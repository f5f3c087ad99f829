"""Allocation engine: split companies' sewing offers into weekly lots across villagers' groups.

Pure Python and OR-Tools, no Django. The application builds a `Problem` (or a problem file),
calls `solve`, and saves the `Result`; `greedy_allocate` is the baseline offices use by hand.
Formulation and contract: `solve.py` and `docs/allocation.md`.
"""

from engines.allocation.contract import problem_from_json, problem_to_json
from engines.allocation.greedy import greedy_allocate
from engines.allocation.model import (
    Group,
    GroupLoad,
    Lot,
    Objective,
    Offer,
    Problem,
    ProblemError,
    Result,
    Unallocated,
    WeekLoad,
    WeekPieces,
    great_circle_km,
)
from engines.allocation.results import result_from_json, result_to_json
from engines.allocation.solve import solve

__all__ = [
    "Group",
    "GroupLoad",
    "Lot",
    "Objective",
    "Offer",
    "Problem",
    "ProblemError",
    "Result",
    "Unallocated",
    "WeekLoad",
    "WeekPieces",
    "great_circle_km",
    "greedy_allocate",
    "problem_from_json",
    "problem_to_json",
    "result_from_json",
    "result_to_json",
    "solve",
]
