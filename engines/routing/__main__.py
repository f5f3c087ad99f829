"""Command line of the routing engine: `python -m engines.routing solve PROBLEM.json > RESULT.json`.

Exit status: 0 with the result on standard output; 2 for bad usage or bad input (unreadable
file, invalid JSON, a field missing or out of range — the message names the field); 3 when the
OSRM service fails. Messages go to standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from engines.routing.distance import DistanceError, OsrmTable, TravelSource
from engines.routing.jsonio import problem_from_json, result_to_json
from engines.routing.model import ProblemError
from engines.routing.solve import DEFAULT_TIME_LIMIT_S, solve

PROG = "python -m engines.routing"
EXIT_INPUT = 2
EXIT_DISTANCE = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Plan joint visits for teams.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "solve",
        help="plan the visits of PROBLEM.json; the result goes to standard output",
        description='Plan the visits of PROBLEM.json ("-" for standard input).',
    )
    run.add_argument("problem", metavar="PROBLEM.json")
    run.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT_S,
        metavar="S",
        help=f"wall-clock safety net in seconds (default {DEFAULT_TIME_LIMIT_S:g}); the search "
        "normally stops earlier, on a fixed budget, so that results are reproducible",
    )
    run.add_argument("--seed", type=int, default=0, metavar="N", help="another seed, another plan")
    run.add_argument(
        "--budget",
        type=int,
        default=None,
        metavar="N",
        help="search budget in steps (default: grows with the number of visits); the same "
        "problem, seed and budget give the same plan",
    )
    run.add_argument(
        "--osrm",
        default=None,
        metavar="URL",
        help="road distances and times from an OSRM server (e.g. http://127.0.0.1:5000) "
        "instead of great-circle × road_factor",
    )
    return parser


def _fail(code: int, message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.time_limit > 0:
        return _fail(EXIT_INPUT, "--time-limit must be positive")
    if args.budget is not None and args.budget < 1:
        return _fail(EXIT_INPUT, "--budget must be at least 1")
    if args.seed < 0:
        return _fail(EXIT_INPUT, "--seed must be ≥ 0")
    name = "standard input" if args.problem == "-" else args.problem
    try:
        text = sys.stdin.read() if args.problem == "-" else Path(args.problem).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return _fail(EXIT_INPUT, f"cannot read {name}: {error}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return _fail(
            EXIT_INPUT,
            f"{name} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
        )
    try:
        problem = problem_from_json(data)
    except ProblemError as error:
        return _fail(EXIT_INPUT, f"{name}: {error}")
    travel: TravelSource | None = None
    if args.osrm:
        try:
            travel = OsrmTable(args.osrm)
        except ValueError as error:
            return _fail(EXIT_INPUT, f"--osrm: {error}")
    try:
        result = solve(
            problem,
            time_limit_s=args.time_limit,
            seed=args.seed,
            travel=travel,
            budget=args.budget,
        )
    except DistanceError as error:
        return _fail(EXIT_DISTANCE, str(error))
    json.dump(result_to_json(result), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
