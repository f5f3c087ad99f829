"""The example in docs/allocation.md solves to what the page says."""

from __future__ import annotations

import json
import re
from pathlib import Path

from engines.allocation import problem_from_json, solve
from engines.allocation.tests.helpers import schedule_of, violations

DOC = Path(__file__).resolve().parents[3] / "docs" / "allocation.md"


def test_documented_example() -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    problem = problem_from_json(json.loads(blocks[0]))
    result = solve(problem)
    assert violations(problem, result) == []
    assert result.status == "feasible"
    o = result.objective
    assert (o.pieces_offered, o.pieces_on_time, o.pieces_on_time_bound) == (15000, 14429, 14943)
    assert schedule_of(result, "tshirts-2025-07", "ban-nong-yai") == [(1, 3969), (2, 3969)]
    assert schedule_of(result, "tshirts-2025-07", "ban-tha-sae") == [(1, 1466), (2, 1466)]
    assert schedule_of(result, "tshirts-2025-07", "ban-khao-talu") == [(2, 1129)]
    assert schedule_of(result, "polo-2025-07", "ban-khao-talu") == [(2, 468), (3, 981), (4, 981)]
    assert [(u.offer_id, u.pieces, u.code) for u in result.unallocated] == [
        ("polo-2025-07", 570, "capacity"),
        ("tshirts-2025-07", 1, "capacity"),
    ]
