"""Command line of the allocation engine: a problem file in, a result on standard output.

    python -m engines.allocation solve PROBLEM.json [--time-limit S] [--seed N] > RESULT.json

PROBLEM.json may be `-` for standard input. Exit status: 0 with a result (whatever its status),
2 for bad input — unreadable file, not JSON, or a field that breaks the contract — with the
reason on standard error and `{"status": "invalid", "field": …, "message": …}` on standard
output, so a redirected RESULT.json still says what went wrong. The contract is in
docs/allocation.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from engines.allocation.contract import problem_from_json
from engines.allocation.model import ProblemError
from engines.allocation.results import result_to_json
from engines.allocation.solve import solve

EXIT_INVALID = 2


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be ≥ 0, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m engines.allocation",
        description="Split sewing offers into weekly lots across villagers' groups.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser("solve", help="solve PROBLEM.json, print RESULT.json")
    solve_cmd.add_argument("problem", help="problem file (JSON), or - for standard input")
    solve_cmd.add_argument(
        "--time-limit",
        type=_positive,
        default=None,
        metavar="S",
        help="seconds for the repair after the first flow (default: no limit)",
    )
    solve_cmd.add_argument(
        "--seed", type=_seed, default=0, metavar="N", help="tie-breaking among equal plans"
    )
    return parser


def _invalid(field: str, message: str) -> int:
    print(f"invalid problem: {field}: {message}", file=sys.stderr)
    json.dump({"status": "invalid", "field": field, "message": message}, sys.stdout)
    sys.stdout.write("\n")
    return EXIT_INVALID


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    name = args.problem
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _invalid("problem", f"cannot read {name}: {exc}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _invalid("problem", f"{name} is not JSON: {exc}")
    try:
        problem = problem_from_json(data)
    except ProblemError as exc:
        return _invalid(exc.field, exc.message)
    result = solve(problem, time_limit_s=args.time_limit, seed=args.seed)
    json.dump(result_to_json(result), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
