"""Likely duplicates: their two rules and the search over all records' keys."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from operator import attrgetter
from typing import Final, NamedTuple, TypeGuard

from saphan.registry.quality_rules.base import (
    _NONE,
    ALL_KINDS,
    VALIDITY,
    WARNING,
    Context,
    Finding,
    Record,
    Rule,
    _register,
)


# Likely duplicates need every record: `find_duplicates` finds them in a scan; these two rules
# carry their severity and messages, and check nothing on a single record.
@_register(
    "duplicate.id", WARNING, VALIDITY, ("factory_fid", "juristic_id"), ALL_KINDS,
    "อาจเป็นสถานประกอบการเดียวกับรายการเลขที่ %(other)s (เลขทะเบียนเดียวกัน) โปรดตรวจสอบและรวมรายการ",
    "Probably the same establishment as record %(other)s (the same id): check and merge them.",
)  # fmt: skip
def _duplicate_id(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    return _NONE


@_register(
    "duplicate.name_address", WARNING, VALIDITY, ("name_th", "subdistrict_code", "house_no"),
    ALL_KINDS,
    "อาจเป็นสถานประกอบการเดียวกับรายการเลขที่ %(other)s (ชื่อและที่อยู่ใกล้เคียงกัน) โปรดตรวจสอบ",
    "Possibly the same establishment as record %(other)s (near-identical name and address).",
)  # fmt: skip
def _duplicate_name_address(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    return _NONE


# Rules whose findings only `find_duplicates` makes: `evaluate` does not call them.
ACROSS_RECORDS: Final = frozenset({"duplicate.id", "duplicate.name_address"})

# --- duplicates --------------------------------------------------------------------------------


class DupKey(NamedTuple):
    """What duplicate detection needs of a record; name and house number normalised."""

    id: int
    fid: str | None
    juristic_id: str | None
    name: str
    subdistrict_code: str | None
    house_no: str | None


_THAI_DIGITS: Final = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# str.translate looks every character of a Thai string up in the table (~6 µs a name); most
# names have no Thai digit, and a search says so ten times faster.
_HAS_THAI_DIGIT: Final = re.compile("[๐-๙]").search
_THAI_NAME_NOISE: Final = (
    "ห้างหุ้นส่วนสามัญนิติบุคคล", "ห้างหุ้นส่วนจำกัด", "ห้างหุ้นส่วนสามัญ", "ห้างหุ้นส่วน",
    "บริษัทมหาชนจำกัด", "บริษัท", "(มหาชน)", "มหาชน", "จำกัด", "หจก.", "หจก", "หสน.",
    "หสม.", "บจก.", "บจก", "บมจ.", "บมจ", "โรงงาน",
)  # fmt: skip
_THAI_NOISE_RE: Final = re.compile(
    "|".join(re.escape(t) for t in sorted(_THAI_NAME_NOISE, key=len, reverse=True))
)
_ENGLISH_NOISE_RE: Final = re.compile(
    r"\b(?:public\s+company\s+limited|company\s+limited|limited\s+partnership|co\.?\s*,?\s*"
    r"ltd\.?|ltd\.?|limited|public|plc\.?|company|co\.|inc\.?|part\.?)(?![a-z])"
)
# Keep letters and digits, Thai letters and their vowel and tone marks (which `\w` drops); drop
# spaces, punctuation and Thai signs (ฯ ฿ ๏ ๚ ๛).
_NAME_DROP_RE: Final = re.compile(r"[^0-9a-z\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59]+")
NAME_RATIO: Final = 0.92


def name_normalise(name: str | None) -> str:
    """A name for comparison: lower case, Arabic digits, without company words, spaces and
    punctuation ("บริษัท ไทยรุ่งเรือง จำกัด (มหาชน)" → "ไทยรุ่งเรือง")."""
    if not name:
        return ""
    text = name.lower()
    if _HAS_THAI_DIGIT(text):
        text = text.translate(_THAI_DIGITS)
    text = _THAI_NOISE_RE.sub(" ", text)
    text = _ENGLISH_NOISE_RE.sub(" ", text)
    return _NAME_DROP_RE.sub("", text)


def house_no_normalise(house_no: str | None) -> str:
    if not house_no:
        return ""
    if _HAS_THAI_DIGIT(house_no):
        house_no = house_no.translate(_THAI_DIGITS)
    return "".join(house_no.lower().split())


def dup_key(record: Record) -> DupKey:
    assert record.id is not None, "duplicates are found among saved records"
    return DupKey(
        record.id,
        (record.factory_fid or "").strip(),
        (record.juristic_id or "").strip(),
        name_normalise(record.name_th),
        record.subdistrict_code or "",
        house_no_normalise(record.house_no),
    )


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def find_duplicates(records: Iterable[DupKey]) -> list[tuple[int, int, str]]:
    """Likely duplicate pairs (smaller id, larger id, reason), sorted, one reason per pair.

    "duplicate.id": the same FID, or the same juristic id — except two records that both have
    an FID (two factories of one company); placeholders such as "0000000000000" are ignored and
    a group of more than DUP_GROUP_FULL records is linked to its smallest id only.
    "duplicate.name_address": normalised names equal or difflib ratio ≥ 0.92, in the same
    subdistrict, with the same house number or one of them empty.

    Keys are grouped by FID, juristic id and subdistrict first; names are compared only inside
    a subdistrict, by house number, and only between names whose lengths allow the ratio."""
    keys = list(records)
    # Only an identifier held by two records or more can make a pair: counting them first
    # (in C) spares the placeholder test and a list for each of a million unique ones.
    fids = Counter(map(_FID, keys))
    juristic_ids = Counter(map(_JURISTIC_ID, keys))
    by_fid: dict[str, list[DupKey]] = defaultdict(list)
    by_juristic: dict[str, list[DupKey]] = defaultdict(list)
    by_place: dict[str, list[DupKey]] = defaultdict(list)
    for key in keys:
        if key.fid and fids[key.fid] > 1 and _identifier(key.fid):
            by_fid[key.fid].append(key)
        if key.juristic_id and juristic_ids[key.juristic_id] > 1 and _identifier(key.juristic_id):
            by_juristic[key.juristic_id].append(key)
        if key.subdistrict_code and key.name:
            by_place[key.subdistrict_code].append(key)

    pairs: dict[tuple[int, int], str] = {}
    for group in by_fid.values():
        if len(group) > 1:
            for a_id, b_id in _group_pairs(group, group):
                pairs[_pair(a_id, b_id)] = "duplicate.id"
    for group in by_juristic.values():
        if len(group) > 1:
            # Records that both have an FID are told apart by it (one company, two factories).
            without_fid = [k for k in group if not k.fid]
            for a_id, b_id in _group_pairs(group, without_fid):
                pairs[_pair(a_id, b_id)] = "duplicate.id"
    bits = _LetterBits()
    matcher = SequenceMatcher(autojunk=False)  # one: difflib's set-up is not free
    for group in by_place.values():
        if len(group) > 1:
            for a_id, b_id in _similar_pairs(group, bits, matcher):
                pairs.setdefault(_pair(a_id, b_id), "duplicate.name_address")
    return sorted((a, b, reason) for (a, b), reason in pairs.items())


DUP_GROUP_FULL: Final = 20
_FID: Final = attrgetter("fid")
_JURISTIC_ID: Final = attrgetter("juristic_id")


def _identifier(value: str | None) -> TypeGuard[str]:
    # "0000000000000", "-" and the like are placeholders, not identities: more than one
    # distinct character (counting the first is cheaper than building a set of them).
    return value is not None and len(value) > 1 and value.count(value[0]) != len(value)


def _group_pairs(group: list[DupKey], anchors: list[DupKey]) -> Iterable[tuple[int, int]]:
    """Pairs of a group sharing an identifier where at least one side is an anchor.

    A group larger than DUP_GROUP_FULL (a placeholder or a mass copy) is linked as a star to
    its smallest-id anchor instead of n²/2 pairs: the cluster is the same, the list stays short."""
    if not anchors:
        return
    anchor_ids = {k.id for k in anchors}
    if len(group) <= DUP_GROUP_FULL:
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.id != b.id and (a.id in anchor_ids or b.id in anchor_ids):
                    yield a.id, b.id
        return
    hub = min(anchor_ids)
    for k in group:
        if k.id != hub:
            yield hub, k.id


class _Name(NamedTuple):
    length: int
    text: str
    id: int
    letters: int  # a bit per distinct letter, see _LetterBits


class _LetterBits(dict[str, int]):
    """A bit of its own for each distinct letter, given out as letters are first seen.

    One table per `find_duplicates` call, so threads never share one."""

    def __missing__(self, letter: str) -> int:
        bit = self[letter] = 1 << len(self)
        return bit


def _names(keys: Iterable[DupKey], bits: _LetterBits) -> list[_Name]:
    # Distinct letters have distinct bits, so the sum of a name's set of letters is its mask.
    return sorted(
        _Name(len(k.name), k.name, k.id, sum(map(bits.__getitem__, set(k.name)))) for k in keys
    )


def _similar_pairs(
    group: list[DupKey], bits: _LetterBits, matcher: SequenceMatcher[str]
) -> Iterable[tuple[int, int]]:
    """Pairs of one subdistrict with similar names and compatible house numbers."""
    no_house: list[DupKey] = []
    by_house: dict[str, list[DupKey]] = defaultdict(list)
    for key in group:
        (by_house[key.house_no] if key.house_no else no_house).append(key)
    others = _names(no_house, bits)
    if len(others) > 1:
        yield from _within(others, matcher)
    lengths = [n.length for n in others]
    for bucket in by_house.values():
        if len(bucket) == 1 and not others:
            continue  # nothing to compare it with: spare its letters' mask
        names = _names(bucket, bits)
        if len(names) > 1:
            yield from _within(names, matcher)
        if others:
            yield from _across(names, others, lengths, matcher)


def _max_length(length: int) -> int:
    # ratio = 2M / (la + lb) ≤ 2·la / (la + lb): no match once lb > la·(2 − r) / r.
    return math.floor(length * (2 - NAME_RATIO) / NAME_RATIO + 1e-9)


def _min_length(length: int) -> int:
    return math.ceil(length * NAME_RATIO / (2 - NAME_RATIO) - 1e-9)


# A cheap necessary condition for ratio ≥ NAME_RATIO, tested inline in the loops below: each
# letter found in only one of the names leaves at least one letter unmatched, so
# M ≤ (la + lb − |A △ B|) / 2 and ratio ≤ 1 − |A △ B| / (la + lb); |A △ B| is the bit count
# of the letters' masks XORed.
_SLACK: Final = 1 - NAME_RATIO


def _within(names: list[_Name], matcher: SequenceMatcher[str]) -> Iterable[tuple[int, int]]:
    """Similar pairs inside one list sorted by length."""
    for i, a in enumerate(names):
        limit = _max_length(a.length)
        ready = False
        for b in names[i + 1 :]:
            if b.length > limit:
                break
            if (a.letters ^ b.letters).bit_count() > _SLACK * (a.length + b.length):
                continue
            if a.id == b.id:
                continue
            if a.text != b.text:
                if not ready:
                    matcher.set_seq2(a.text)  # difflib caches what it learns about seq2
                    ready = True
                if not _similar(matcher, b.text):
                    continue
            yield a.id, b.id


def _across(
    names: list[_Name], others: list[_Name], lengths: list[int], matcher: SequenceMatcher[str]
) -> Iterable[tuple[int, int]]:
    """Similar pairs between two lists; `others` sorted by length, `lengths` its lengths."""
    for a in names:
        start = bisect_right(lengths, _min_length(a.length) - 1)
        stop = bisect_right(lengths, _max_length(a.length))
        letters, length = a.letters, a.length
        ready = False
        for b in others[start:stop]:
            if (letters ^ b.letters).bit_count() > _SLACK * (length + b.length):
                continue
            if a.id == b.id:
                continue
            if a.text != b.text:
                if not ready:
                    matcher.set_seq2(a.text)
                    ready = True
                if not _similar(matcher, b.text):
                    continue
            yield a.id, b.id


def _similar(matcher: SequenceMatcher[str], text: str) -> bool:
    matcher.set_seq1(text)
    return matcher.quick_ratio() >= NAME_RATIO and matcher.ratio() >= NAME_RATIO
