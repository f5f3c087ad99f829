"""Visit routing: bundle service requests into joint visits and plan them for teams over days.

    from engines.routing import Problem, solve, problem_from_json, result_to_json

`python -m engines.routing solve PROBLEM.json` is the command-line contract; the model, the
formulation and the figures are in docs/routing.md.
"""

from engines.routing.bundle import Bundle, ServiceRequest, bundle, unbundled
from engines.routing.distance import (
    DistanceError,
    GreatCircle,
    Matrix,
    OsrmTable,
    TravelSource,
    haversine_km,
)
from engines.routing.jsonio import (
    problem_from_json,
    problem_to_json,
    result_from_json,
    result_to_json,
)
from engines.routing.model import (
    MAX_PRIORITY,
    REASONS,
    Depot,
    Location,
    Problem,
    ProblemError,
    Result,
    Route,
    Stop,
    Team,
    Unassigned,
    Visit,
    format_hhmm,
    parse_hhmm,
)
from engines.routing.solve import DEFAULT_TIME_LIMIT_S, Progress, default_budget, solve

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "MAX_PRIORITY",
    "REASONS",
    "Bundle",
    "Depot",
    "DistanceError",
    "GreatCircle",
    "Location",
    "Matrix",
    "OsrmTable",
    "Problem",
    "ProblemError",
    "Progress",
    "Result",
    "Route",
    "ServiceRequest",
    "Stop",
    "Team",
    "TravelSource",
    "Unassigned",
    "Visit",
    "bundle",
    "default_budget",
    "format_hhmm",
    "haversine_km",
    "parse_hhmm",
    "problem_from_json",
    "problem_to_json",
    "result_from_json",
    "result_to_json",
    "solve",
    "unbundled",
]
