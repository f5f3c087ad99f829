"""Data-quality rules (complete, correct, current) as pure Python over plain records: no ORM.

The same rules run on one record when an officer saves it and on every record in a scan. A
`Record` is a flat, frozen copy of an establishment and its details by kind (`factory_fid`,
`mine_expires_on`, ...); a `Context` carries what the rules need from outside the record (today,
reference geography). Each `Rule` is data — code, severity, dimension, fields read, kinds,
Thai and English messages, weight — plus a small check function returning `Finding`s whose
params are JSON-ready (numbers, strings, ISO dates, None).

Scores, each an integer 0–100 (see `score`):
- completeness = floor(100 × filled / required), over the completeness rules that apply to the
  record (one rule = one required item; 100 when none apply);
- validity = max(0, floor(100 − Σ penalty × weight)) over validity findings, penalty error 20,
  warning 5, info 0 — so every extra finding lowers it or leaves it;
- currency = 100 when verified within the period (`currency_months`), falling linearly to 0 at
  twice the period: floor(100 × (2P − age) / P), age and P in days; 0 when never verified.

`impact` orders a "fix these first" worklist; `find_duplicates` works on small key tuples
because duplicates need other records.

The package: `base` (records, context, findings, the Rule type), the rules by theme (`required`,
`formats`, `place`, `values`, `currency`, `duplicates`), `catalogue` (every rule in order),
`scoring` and `messages`. Import from the package itself.
"""

from __future__ import annotations

from saphan.registry.quality_rules.base import (
    ALL_KINDS,
    BANGKOK,
    BUSINESS,
    COMPLETENESS,
    CURRENCY,
    ENTERPRISE,
    ERROR,
    FACTORY,
    GROUP,
    INFO,
    MINE,
    RECORD_FIELDS,
    VALIDITY,
    VILLAGE,
    WARNING,
    CheckFn,
    Context,
    Dimension,
    Finding,
    Number,
    Record,
    Rule,
    Scores,
    Severity,
    record_builder,
    record_from_mapping,
)
from saphan.registry.quality_rules.catalogue import FIELDS_READ, RULES, rule, rules_for
from saphan.registry.quality_rules.duplicates import (
    DUP_GROUP_FULL,
    NAME_RATIO,
    DupKey,
    dup_key,
    find_duplicates,
    house_no_normalise,
    name_normalise,
)
from saphan.registry.quality_rules.formats import (
    CLASS1_WORKERS,
    CLASS2_WORKERS,
    CLASS3_ITEMS,
    CLASS_HP_LIMIT,
    REGISTRATION_NO,
    _valid_juristic_id,
    implied_class,
    parse_registration_no,
)
from saphan.registry.quality_rules.messages import finding_message
from saphan.registry.quality_rules.place import (
    EARTH_RADIUS_KM,
    THAILAND_LAT,
    THAILAND_LON,
    distance_km,
)
from saphan.registry.quality_rules.scoring import (
    SEVERITY_WEIGHT,
    VALIDITY_PENALTY,
    evaluate,
    impact,
    impacts,
    score,
)
from saphan.registry.quality_rules.values import LICENCE_ENDED

__all__ = [
    "ALL_KINDS",
    "BANGKOK",
    "BUSINESS",
    "CLASS1_WORKERS",
    "CLASS2_WORKERS",
    "CLASS3_ITEMS",
    "CLASS_HP_LIMIT",
    "COMPLETENESS",
    "CURRENCY",
    "DUP_GROUP_FULL",
    "EARTH_RADIUS_KM",
    "ENTERPRISE",
    "ERROR",
    "FACTORY",
    "FIELDS_READ",
    "GROUP",
    "INFO",
    "LICENCE_ENDED",
    "MINE",
    "NAME_RATIO",
    "RECORD_FIELDS",
    "REGISTRATION_NO",
    "RULES",
    "SEVERITY_WEIGHT",
    "THAILAND_LAT",
    "THAILAND_LON",
    "VALIDITY",
    "VALIDITY_PENALTY",
    "VILLAGE",
    "WARNING",
    "CheckFn",
    "Context",
    "Dimension",
    "DupKey",
    "Finding",
    "Number",
    "Record",
    "Rule",
    "Scores",
    "Severity",
    "_valid_juristic_id",
    "distance_km",
    "dup_key",
    "evaluate",
    "find_duplicates",
    "finding_message",
    "house_no_normalise",
    "impact",
    "impacts",
    "implied_class",
    "name_normalise",
    "parse_registration_no",
    "record_builder",
    "record_from_mapping",
    "rule",
    "rules_for",
    "score",
]  # fmt: skip
