"""Every rule, in registry order (the order the rule modules register them)."""

from __future__ import annotations

from typing import Final

# Importing the rule modules registers their rules: this order is the registry order (the order
# findings are listed in), so keep isort away from it.
# isort: off
from saphan.registry.quality_rules import required  # noqa: F401
from saphan.registry.quality_rules import formats  # noqa: F401
from saphan.registry.quality_rules import place  # noqa: F401
from saphan.registry.quality_rules import values  # noqa: F401
from saphan.registry.quality_rules import currency  # noqa: F401
from saphan.registry.quality_rules import duplicates  # noqa: F401

# isort: on
from saphan.registry.quality_rules.base import (
    _RULES,
    ALL_KINDS,
    Rule,
)

# --- the registry ------------------------------------------------------------------------------

RULES: Final[tuple[Rule, ...]] = tuple(_RULES)
_BY_CODE: Final[dict[str, Rule]] = {r.code: r for r in RULES}
assert len(_BY_CODE) == len(RULES), "rule codes are unique"
_BY_KIND: Final[dict[str, tuple[Rule, ...]]] = {
    kind: tuple(r for r in RULES if kind in r.kinds) for kind in ALL_KINDS
}
# What the rules (their `fields`, and the `when` of required.registration_code), `impact`
# (the workforce) and `dup_key` read of a record: a scan fetches these columns only. A test
# checks that blanking every other field changes no finding, score, impact or key.
FIELDS_READ: Final[frozenset[str]] = frozenset(
    {"id", "kind", "enterprise_group_kind", "factory_workers_total"}
).union(*(r.fields for r in RULES))


def rules_for(kind: str) -> tuple[Rule, ...]:
    """The rules that apply to establishments of a kind, in registry order."""
    return _BY_KIND.get(kind, ())


def rule(code: str) -> Rule:
    """The rule with this code; KeyError when there is none."""
    return _BY_CODE[code]
