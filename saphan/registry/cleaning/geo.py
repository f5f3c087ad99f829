"""Matching addresses as people write them (prefixes, misspellings, postal codes) to DOPA
province, district and subdistrict codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import geothai

from saphan.registry.cleaning.text import CellError, clean_text

if TYPE_CHECKING:
    from geothai.types import District, Subdistrict

# ---------------------------------------------------------------------------------------------
# Geography

# Level words written before a name. Short forms need their dot: without it "อ" is the first
# letter of names such as อ่างทอง.
# Repeated, because files write both: "อ.เขตบางนา".
_GEO_PREFIX = re.compile(
    r"^(?:(?:จังหวัด|จ\.|กิ่ง\s*อำเภอ|กิ่ง\s*อ\.|อำเภอ|อ\.|ตำบล|ต\.|แขวง|เขต|"
    r"changwat\s|king\s+amphoe\s|amphoe\s|tambon\s|khet\s|khwaeng\s)\s*)+"
)
_GEO_SUFFIX = re.compile(r"\s+(?:sub-?district|district|province)$")
_GEO_MARKS = re.compile(r"[\s.'’\-ฯ]")
# Tone marks and other signs people leave out or misplace.
_TONE_MARKS = str.maketrans({c: None for c in "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"})
_MUEANG = frozenset({"เมือง", "mueang", "muang", "meuang"})
_PROVINCE_ALIASES = {
    "กทม": "10",
    "กรุงเทพ": "10",
    "bkk": "10",
    "bangkokmetropolis": "10",
    "krungthepmahanakhon": "10",
    "อยุธยา": "14",
    "ayutthaya": "14",
}
_BANGKOK = "10"


def geo_key(text: object) -> str:
    """A place name in the form names are compared in: lower case, no level word, no spaces,
    dots or hyphens."""
    cleaned = clean_text(text).lower()
    cleaned = _GEO_SUFFIX.sub("", _GEO_PREFIX.sub("", cleaned))
    return _GEO_MARKS.sub("", cleaned)


def _loose(key: str) -> str:
    return key.translate(_TONE_MARKS)


def _within(a: str, b: str, limit: int) -> int | None:
    """Edit distance of a and b if at most `limit`, else None (bounded, for short names)."""
    if abs(len(a) - len(b)) > limit:
        return None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None


class _Names:
    """The names of one set of places (the provinces, or one parent's children)."""

    def __init__(self) -> None:
        self.exact: dict[str, list[str]] = {}
        self.loose: dict[str, list[str]] = {}

    def add(self, code: str, *names: str) -> None:
        for name in names:
            key = geo_key(name)
            if not key:
                continue
            for index, k in ((self.exact, key), (self.loose, _loose(key))):
                codes = index.setdefault(k, [])
                if code not in codes:
                    codes.append(code)

    def find(self, key: str, prefer: frozenset[str] = frozenset()) -> tuple[list[str], bool]:
        """(codes, corrected): exact names first, then without tone marks, then names one or
        two letters off (one for short names). Several codes mean the name is ambiguous;
        `prefer` (the codes the postal code allows) settles ties. `corrected` is False only
        for an exact match."""
        if key in self.exact:
            return _narrow(self.exact[key], prefer), False
        if _loose(key) in self.loose:
            return _narrow(self.loose[_loose(key)], prefer), True
        loose = _loose(key)
        limit = 1 if len(loose) <= 5 else 2
        best: list[str] = []
        best_distance = limit + 1
        for name, codes in self.loose.items():
            distance = _within(loose, name, limit)
            if distance is None or distance > best_distance:
                continue
            if distance < best_distance:
                best, best_distance = [], distance
            best.extend(c for c in codes if c not in best)
        return _narrow(best, prefer), bool(best)

    def plain(self, key: str) -> list[str]:
        """Codes whose name is `key`, exactly or but for tone marks: no guessing, for words
        that may not be a place name at all."""
        return self.exact.get(key) or self.loose.get(_loose(key)) or []


def _narrow(codes: list[str], prefer: frozenset[str]) -> list[str]:
    if len(codes) > 1 and prefer:
        preferred = [c for c in codes if c in prefer]
        if preferred:
            return preferred
    return codes


@dataclass(frozen=True, slots=True)
class GeoMatch:
    """Codes found for an address; `errors` say what did not fit, `notes` what was corrected
    or filled in (a misspelling read, a subdistrict taken from the postal code)."""

    province_code: str | None = None
    district_code: str | None = None
    subdistrict_code: str | None = None
    errors: tuple[CellError, ...] = ()
    notes: tuple[CellError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rule(self) -> str:
        return self.errors[0].rule if self.errors else ""

    @property
    def message_th(self) -> str:
        return self.errors[0].message_th if self.errors else ""

    @property
    def message_en(self) -> str:
        return self.errors[0].message_en if self.errors else ""


_POSTAL = re.compile(r"^\d{5}$")
# One-line addresses ("123 ม.4 ต.ท่ายาง อ.เมือง จ.ชุมพร 86000", "Takua Pa, Phang Nga").
_LINE_POSTAL = re.compile(r"(?<!\d)\d{5}(?!\d)")
_THAI_LETTER = re.compile("[\u0e01-\u0e5b]")
# A Thai level word at the start of a word, and the name written after it.
_LINE_THAI = re.compile(
    r"(?:^|(?<=[\s,(]))(จังหวัด|จ\.|กิ่ง\s*อำเภอ|อำเภอ|อ\.|เขต|ตำบล|ต\.|แขวง)\s*([^\s,()]+)"
)
_LINE_LEVELS = {
    "จังหวัด": "province", "จ.": "province",
    "อำเภอ": "district", "อ.": "district", "เขต": "district",
    "ตำบล": "subdistrict", "ต.": "subdistrict", "แขวง": "subdistrict",
}  # fmt: skip
_LINE_ENGLISH = (
    ("province", re.compile(r"^changwat\s+|\s+province$")),
    ("subdistrict", re.compile(r"^(?:tambon|khwaeng)\s+|\s+sub-?district$")),
    ("district", re.compile(r"^(?:king\s+amphoe|amphoe|khet)\s+|\s+district$")),
)
_MEMO_LIMIT = 500_000


class GeoMatcher:
    """Finds DOPA codes for province, district, subdistrict names and a postal code.

    Build it once (it indexes geothai's 7,436 subdistricts) and reuse it for a whole file:
    results are memoised per input, and real files repeat the same addresses many times.
    """

    def __init__(self) -> None:
        self._provinces = _Names()
        self._province_names: dict[str, tuple[str, str]] = {}
        self._districts: dict[str, _Names] = {}
        self._district_info: dict[str, District] = {}
        self._subdistricts: dict[str, _Names] = {}
        self._province_subdistricts: dict[str, _Names] = {}
        self._subdistrict_info: dict[str, Subdistrict] = {}
        self._by_postal: dict[str, tuple[Subdistrict, ...]] = {}
        self._memo: dict[tuple[str, str, str, str], GeoMatch] = {}
        postal: dict[str, list[Subdistrict]] = {}
        for province in geothai.provinces():
            self._provinces.add(province.code, province.name_th, province.name_en)
            self._province_names[province.code] = (province.name_th, province.name_en)
            districts = self._districts[province.code] = _Names()
            everywhere = self._province_subdistricts[province.code] = _Names()
            for district in geothai.districts(province.code):
                districts.add(district.code, district.name_th, district.name_en)
                self._district_info[district.code] = district
                subdistricts = self._subdistricts[district.code] = _Names()
                for sub in geothai.subdistricts(district.code):
                    subdistricts.add(sub.code, sub.name_th, sub.name_en)
                    everywhere.add(sub.code, sub.name_th, sub.name_en)
                    self._subdistrict_info[sub.code] = sub
                    for code in sub.postal_codes:
                        postal.setdefault(code, []).append(sub)
        for alias, code in _PROVINCE_ALIASES.items():
            self._provinces.add(code, alias)
        self._by_postal = {code: tuple(subs) for code, subs in postal.items()}

    def match(
        self, province: object, district: object, subdistrict: object, postal_code: object
    ) -> GeoMatch:
        """Match one address. Blank parts are skipped; the postal code fills a missing
        subdistrict when it points to exactly one in the district, and is cross-checked."""
        # Memoised on the input as given (clean_row passes text), cleaned only on a miss.
        memo_key = (
            province if isinstance(province, str) else clean_text(province),
            district if isinstance(district, str) else clean_text(district),
            subdistrict if isinstance(subdistrict, str) else clean_text(subdistrict),
            postal_code if isinstance(postal_code, str) else clean_text(postal_code),
        )
        found = self._memo.get(memo_key)
        if found is None:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            found = self._memo[memo_key] = self._match(*(clean_text(v) for v in memo_key))
        return found

    def match_line(self, text: object, province_code: str | None = None) -> GeoMatch:
        """Match an address written on one line, most specific part first as people write
        it: Thai level words (จ. อ. ต. เขต แขวง …), English parts separated by commas
        ("Bang Pa-in district, Ayutthaya"), a postal code. Unmarked parts are read from the
        end and must be a place's name exactly (no guessing at misspellings there), so a short
        province name inside a longer place name (ตาก in ตากใบ, Nan in Nang Rong) is not taken
        for the province. `province_code` is used when the text names no province."""
        line = clean_text(text)
        postals = _LINE_POSTAL.findall(line)
        line = _LINE_POSTAL.sub(" ", line)
        # Every name written after a level word, in order: a word such as เขต may also begin
        # something else (เขตประกอบการอุตสาหกรรม), so the first that names a place counts.
        named: dict[str, list[str]] = {"province": [], "district": [], "subdistrict": []}
        for found in _LINE_THAI.finditer(line):
            level = _LINE_LEVELS.get(re.sub(r"\s+", "", found.group(1)).removeprefix("กิ่ง"))
            named[level or "district"].append(found.group(2))
        line = _LINE_THAI.sub(" ", line)
        unmarked: list[str] = []
        for part in (p.strip(" .") for p in line.split(",")):
            if not part:
                continue
            for level, pattern in _LINE_ENGLISH:
                if pattern.search(part.lower()):
                    named[level].append(pattern.sub("", part.lower()))
                    break
            else:
                unmarked.append(part)
                # Thai writes the units apart with spaces; an English name keeps its words
                # together ("Tak Bai" is not Tak).
                if " " in part and _THAI_LETTER.search(part):
                    unmarked.extend(part.split())
        # Words with digits are house numbers, moo, soi numbers: never a place's name.
        words = [w for w in reversed(unmarked) if not any(c.isdigit() for c in w)]
        used: set[str] = set()

        def first_named(names: _Names) -> str:
            for word in words:
                if word not in used and len(names.plain(geo_key(word))) == 1:
                    used.add(word)
                    return word
            return ""

        def written(level: str, names: _Names | None) -> str:
            """The first name written after the level's word that is a place of `names`, or
            the first written (matched below, misspellings read) when none is exactly."""
            candidates = named[level]
            if names is not None:
                for candidate in candidates:
                    if len(names.plain(geo_key(candidate))) == 1:
                        return candidate
            return candidates[0] if candidates else ""

        province = written("province", self._provinces) or first_named(self._provinces)
        if not province and province_code in self._province_names:
            province = self._province_names[province_code][0]
        code = None
        if province:
            codes = self._provinces.find(geo_key(province))[0]
            code = codes[0] if len(codes) == 1 else None
        districts = self._districts[code] if code is not None else None
        district = written("district", districts)
        if not district and districts is not None:
            district = first_named(districts)
        district_codes = districts.plain(geo_key(district)) if district and districts else []
        subdistricts = self._subdistricts[district_codes[0]] if len(district_codes) == 1 else None
        subdistrict = written("subdistrict", subdistricts)
        if not subdistrict and subdistricts is not None:
            subdistrict = first_named(subdistricts)
        return self.match(province, district, subdistrict, postals[-1] if postals else "")

    # The steps below read top to bottom as the address does: province, district, subdistrict,
    # then the postal code's word on all three.
    def _match(self, province: str, district: str, subdistrict: str, postal: str) -> GeoMatch:
        errors: list[CellError] = []
        notes: list[CellError] = []
        postal_subs: tuple[Subdistrict, ...] = ()
        if _POSTAL.match(postal):
            postal_subs = self._by_postal.get(postal, ())
            if not postal_subs:
                errors.append(
                    CellError(
                        "postal_code_unknown",
                        f"ไม่มีรหัสไปรษณีย์ {postal} ในประเทศไทย",
                        f"No Thai subdistrict has the postal code {postal}.",
                        column="postal_code",
                        value=postal,
                    )
                )
        allowed = frozenset(s.code for s in postal_subs)

        province_code = self._province(province, postal, postal_subs, errors, notes)
        if province_code is None:
            return GeoMatch(errors=tuple(errors), notes=tuple(notes))
        district_code = self._district(province_code, district, postal_subs, errors, notes)
        if district_code is None and geo_key(district):
            return GeoMatch(province_code, errors=tuple(errors), notes=tuple(notes))

        sub_code: str | None = None
        if geo_key(subdistrict):
            names = (
                self._subdistricts[district_code]
                if district_code
                else self._province_subdistricts[province_code]
            )
            codes, fuzzy = names.find(geo_key(subdistrict), allowed)
            if len(codes) == 1:
                sub_code = codes[0]
                if fuzzy:
                    notes.append(self._read_as("subdistrict_name", subdistrict, sub_code))
                district_code = district_code or sub_code[:4]
            else:
                errors.append(
                    self._subdistrict_problem(province_code, district_code, subdistrict, codes)
                )
        elif postal_subs:
            inside = [
                s
                for s in postal_subs
                if (s.district_code == district_code if district_code else True)
                and s.province_code == province_code
            ]
            if len(inside) == 1:
                sub_code = inside[0].code
                district_code = district_code or inside[0].district_code
                notes.append(self._from_postal("subdistrict_name", postal, sub_code))
            elif not district_code and len({s.district_code for s in inside}) == 1:
                district_code = inside[0].district_code
                notes.append(self._from_postal("district_name", postal, district_code))

        if postal_subs:
            if sub_code:
                agrees = postal in self._subdistrict_info[sub_code].postal_codes
            elif district_code:
                agrees = any(s.district_code == district_code for s in postal_subs)
            else:
                agrees = any(s.province_code == province_code for s in postal_subs)
            if not agrees:
                errors.append(self._postal_mismatch(postal, province_code, district_code, sub_code))
        return GeoMatch(province_code, district_code, sub_code, tuple(errors), tuple(notes))

    def _province(
        self,
        province: str,
        postal: str,
        postal_subs: tuple[Subdistrict, ...],
        errors: list[CellError],
        notes: list[CellError],
    ) -> str | None:
        key = geo_key(province)
        if not key:
            codes = sorted({s.province_code for s in postal_subs})
            if len(codes) == 1:
                notes.append(self._from_postal("province_name", postal, codes[0]))
                return codes[0]
            errors.append(
                CellError(
                    "province_missing",
                    "ไม่ได้ระบุจังหวัด",
                    "The province is missing.",
                    column="province_name",
                )
            )
            return None
        codes, fuzzy = self._provinces.find(key, frozenset(s.province_code for s in postal_subs))
        if len(codes) != 1:
            errors.append(
                CellError(
                    "province_unknown",
                    f"ไม่พบจังหวัด “{province}”",
                    f"There is no province “{province}”.",
                    column="province_name",
                    value=province,
                )
            )
            return None
        if fuzzy:
            notes.append(self._read_as("province_name", province, codes[0]))
        return codes[0]

    def _district(
        self,
        province_code: str,
        district: str,
        postal_subs: tuple[Subdistrict, ...],
        errors: list[CellError],
        notes: list[CellError],
    ) -> str | None:
        key = geo_key(district)
        if not key:
            return None
        _, province_en = self._province_names[province_code]
        # "อ.เมือง" is the capital district, whose code always ends in 01; Bangkok has none.
        if key in _MUEANG and province_code != _BANGKOK:
            return f"{province_code}01"
        allowed = frozenset(s.district_code for s in postal_subs)
        codes, fuzzy = self._districts[province_code].find(key, allowed)
        if len(codes) == 1:
            if fuzzy:
                notes.append(self._read_as("district_name", district, codes[0]))
            return codes[0]
        errors.append(
            CellError(
                "district_unknown",
                f"ไม่พบอำเภอ/เขต “{district}” ใน{self._province_label(province_code)}",
                f"There is no district “{district}” in {province_en}.",
                column="district_name",
                value=district,
            )
        )
        return None

    def _province_label(self, code: str) -> str:
        name = self._province_names[code][0]
        return name if code == _BANGKOK else "จังหวัด" + name

    def _district_label(self, code: str) -> str:
        # Bangkok's district names already begin with เขต.
        name = self._district_info[code].name_th
        return name if code[:2] == _BANGKOK else "อำเภอ" + name

    def _subdistrict_problem(
        self, province_code: str, district_code: str | None, name: str, codes: list[str]
    ) -> CellError:
        if district_code:
            where_th = self._district_label(district_code)
            where_en = self._district_info[district_code].name_en
        else:
            where_th = self._province_label(province_code)
            where_en = self._province_names[province_code][1]
        if codes:
            found = [self._subdistrict_info[c] for c in codes[:5]]
            places_th = ", ".join(
                f"{s.name_th} ({self._district_label(s.district_code)})" for s in found
            )
            places_en = ", ".join(
                f"{s.name_en} ({self._district_info[s.district_code].name_en})" for s in found
            )
            return CellError(
                "subdistrict_ambiguous",
                f"ตำบล/แขวง “{name}” ตรงกับหลายแห่งใน{where_th}: {places_th} "
                + ("กรุณาตรวจการสะกด" if district_code else "กรุณาระบุอำเภอ"),
                f"The subdistrict “{name}” fits several in {where_en}: {places_en}; "
                + ("check the spelling." if district_code else "give the district."),
                column="subdistrict_name",
                value=name,
            )
        return CellError(
            "subdistrict_unknown",
            f"ไม่พบตำบล/แขวง “{name}” ใน{where_th}",
            f"There is no subdistrict “{name}” in {where_en}.",
            column="subdistrict_name",
            value=name,
        )

    def _place_names(
        self, province_code: str, district_code: str | None, sub_code: str | None
    ) -> tuple[str, str]:
        parts_th: list[str] = []
        parts_en: list[str] = []
        if sub_code:
            sub = self._subdistrict_info[sub_code]
            parts_th.append(("แขวง" if province_code == _BANGKOK else "ตำบล") + sub.name_th)
            parts_en.append(sub.name_en)
        if district_code:
            parts_th.append(self._district_label(district_code))
            parts_en.append(self._district_info[district_code].name_en)
        parts_th.append(self._province_label(province_code))
        parts_en.append(self._province_names[province_code][1])
        return " ".join(parts_th), ", ".join(parts_en)

    def _postal_mismatch(
        self, postal: str, province_code: str, district_code: str | None, sub_code: str | None
    ) -> CellError:
        place_th, place_en = self._place_names(province_code, district_code, sub_code)
        expected = ""
        if sub_code:
            expected = " / ".join(self._subdistrict_info[sub_code].postal_codes)
        return CellError(
            "postal_code_mismatch",
            f"รหัสไปรษณีย์ {postal} ไม่ตรงกับ {place_th}"
            + (f" (รหัสไปรษณีย์ที่ถูกคือ {expected})" if expected else ""),
            f"The postal code {postal} does not belong to {place_en}"
            + (f" (its postal code is {expected})." if expected else "."),
            column="postal_code",
            value=postal,
        )

    def _name_of(self, code: str) -> tuple[str, str]:
        if len(code) == 2:
            return self._province_names[code]
        if len(code) == 4:
            d = self._district_info[code]
            return d.name_th, d.name_en
        s = self._subdistrict_info[code]
        return s.name_th, s.name_en

    def _read_as(self, column: str, written: str, code: str) -> CellError:
        name_th, name_en = self._name_of(code)
        return CellError(
            "geo_spelling",
            f"อ่าน “{written}” เป็น “{name_th}”",
            f"Read “{written}” as “{name_en}” ({name_th}).",
            column=column,
            value=written,
        )

    def _from_postal(self, column: str, postal: str, code: str) -> CellError:
        name_th, name_en = self._name_of(code)
        return CellError(
            "geo_from_postal_code",
            f"ใช้ “{name_th}” ตามรหัสไปรษณีย์ {postal}",
            f"Took “{name_en}” ({name_th}) from the postal code {postal}.",
            column=column,
            value=postal,
        )


@cache
def geo_matcher() -> GeoMatcher:
    """The process-wide matcher: building one takes a fraction of a second, so share it."""
    return GeoMatcher()
