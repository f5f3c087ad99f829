"""File layouts for registry imports: target fields, known government layouts, saved mappings.

A layout maps a file's headers to registry target fields. Target names are the fields of
`Establishment` (plain) and of its detail tables (namespaced: `factory.fid`, `mine.area_rai`…);
`saphan.registry.cleaning` parses each according to its parser kind. No database access here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Mirrors saphan.registry.models.EstablishmentKind (a test keeps the two in step); repeated here
# so this module imports without Django models.
KINDS: tuple[str, ...] = ("factory", "mine", "business", "enterprise", "group", "village")

# Which establishment kinds may use the targets of a detail namespace. Villagers' groups keep
# their details in the enterprise profile (GroupKind.UNREGISTERED).
NAMESPACE_KINDS: dict[str, frozenset[str]] = {
    "factory": frozenset({"factory"}),
    "mine": frozenset({"mine"}),
    "enterprise": frozenset({"enterprise", "group"}),
    "village": frozenset({"village"}),
}


@dataclass(frozen=True, slots=True)
class TargetField:
    """A field a file column can be mapped to, with how its cells are read."""

    name: str
    label_th: str
    label_en: str
    parser: str  # a key of cleaning.PARSERS
    max_length: int | None = None  # text fields: the model's max_length
    max_digits: int | None = None  # decimal fields: the model's max_digits (2 decimal places)

    @property
    def namespace(self) -> str:
        return self.name.split(".", 1)[0] if "." in self.name else ""

    def allowed_for(self, kind: str) -> bool:
        """Common fields suit every kind; namespaced ones only their kinds."""
        return not self.namespace or kind in NAMESPACE_KINDS[self.namespace]


def _fields(*fields: TargetField) -> dict[str, TargetField]:
    return {f.name: f for f in fields}


T = TargetField
TARGET_FIELDS: dict[str, TargetField] = _fields(
    T("name_th", "ชื่อ (ภาษาไทย)", "Thai name", "text", 300),
    T("name_en", "ชื่อ (ภาษาอังกฤษ)", "English name", "text", 300),
    T("juristic_id", "เลขทะเบียนนิติบุคคล", "Juristic person id", "juristic_id"),
    T("activity", "ประกอบกิจการ", "Activity", "text", 500),
    T("house_no", "เลขที่", "House number", "text", 60),
    T("moo", "หมู่ที่", "Village number (moo)", "text", 10),
    T("soi", "ซอย", "Soi", "text", 120),
    T("road", "ถนน", "Road", "text", 120),
    T("subdistrict_name", "ตำบล/แขวง", "Subdistrict", "text", 120),
    T("district_name", "อำเภอ/เขต", "District", "text", 120),
    T("province_name", "จังหวัด", "Province", "text", 120),
    T("postal_code", "รหัสไปรษณีย์", "Postal code", "postal_code"),
    T("latitude", "ละติจูด", "Latitude", "latitude"),
    T("longitude", "ลองจิจูด", "Longitude", "longitude"),
    T("status", "สถานะ", "Status", "status"),
    # Factories (FactoryLicence).
    T("factory.registration_no", "เลขทะเบียนโรงงาน (เดิม)", "Registration number (old)",
      "registration_no", 40),
    T("factory.fid", "เลขทะเบียนโรงงาน 14 หลัก", "Factory id (FID)", "fid"),
    T("factory.type_code", "รหัสประเภทโรงงาน", "Factory type code", "type_code"),
    T("factory.factory_class", "จำพวก", "Class", "factory_class"),
    T("factory.isic_code", "รหัส ISIC/TSIC", "ISIC/TSIC code", "text", 10),
    T("factory.operator_name", "ผู้ประกอบการ", "Operator", "text", 300),
    T("factory.capacity", "กำลังการผลิต", "Production capacity", "decimal", None, 18),
    T("factory.capacity_unit", "หน่วยกำลังการผลิต", "Capacity unit", "text", 60),
    T("factory.horsepower", "แรงม้า", "Horsepower", "decimal", None, 14),
    T("factory.workers_total", "คนงานรวม", "Workers", "count"),
    T("factory.workers_male", "คนงานชาย", "Male workers", "count"),
    T("factory.workers_female", "คนงานหญิง", "Female workers", "count"),
    T("factory.workers_skilled", "คนงานมีฝีมือ", "Skilled workers", "count"),
    T("factory.investment_land", "เงินลงทุน: ที่ดิน (บาท)", "Investment: land (baht)",
      "decimal", None, 18),
    T("factory.investment_building", "เงินลงทุน: อาคาร (บาท)", "Investment: building (baht)",
      "decimal", None, 18),
    T("factory.investment_machinery", "เงินลงทุน: เครื่องจักร (บาท)",
      "Investment: machinery (baht)", "decimal", None, 18),
    T("factory.investment_working", "เงินลงทุน: ทุนหมุนเวียน (บาท)",
      "Investment: working capital (baht)", "decimal", None, 18),
    T("factory.investment_total", "เงินลงทุนรวม (บาท)", "Investment: total (baht)",
      "decimal", None, 18),
    # data.go.th gives the total in millions of baht; cleaning stores it in
    # factory.investment_total as baht.
    T("factory.investment_total_million", "เงินทุนรวม (ล้านบาท)",
      "Investment: total (million baht)", "decimal_million", None, 18),
    T("factory.permit_date", "วันที่อนุญาต", "Permit date", "date"),
    T("factory.permit_year", "ปีที่อนุญาต", "Permit year", "year"),
    T("factory.licence_status", "สถานะใบอนุญาต", "Licence status", "licence_status"),
    T("factory.industrial_estate", "นิคมอุตสาหกรรม", "Industrial estate", "text", 200),
    # Mines (MineConcession).
    T("mine.concession_no", "เลขที่ประทานบัตร", "Concession number", "text", 40),
    T("mine.minerals", "ชนิดแร่", "Minerals", "text", 300),
    T("mine.area_rai", "เนื้อที่ (ไร่)", "Area (rai)", "decimal", None, 12),
    T("mine.issued_on", "วันที่ออกประทานบัตร", "Issued on", "date"),
    T("mine.expires_on", "วันที่สิ้นอายุ", "Expires on", "date"),
    T("mine.operator_name", "ผู้ถือประทานบัตร", "Operator", "text", 300),
    T("mine.concession_status", "สถานะประทานบัตร", "Concession status", "concession_status"),
    # Community enterprises and villagers' groups (EnterpriseProfile).
    T("enterprise.registration_code", "รหัสทะเบียนวิสาหกิจชุมชน", "Registration code",
      "text", 20),
    T("enterprise.registered_on", "วันที่จดทะเบียน", "Registered on", "date"),
    T("enterprise.members_count", "จำนวนสมาชิก", "Members", "count"),
    T("enterprise.products", "ผลิตภัณฑ์", "Products", "text", 500),
    T("enterprise.group_kind", "ประเภทกลุ่ม", "Group kind", "group_kind"),
    # Creative industry villages (VillageProfile).
    T("village.community", "ชุมชน", "Community", "text", 300),
    T("village.products", "ผลิตภัณฑ์", "Products", "text", 500),
    T("village.story", "เรื่องราว", "Story", "text"),
)  # fmt: skip
del T


def targets_for_kind(kind: str) -> list[TargetField]:
    """The targets a column-mapping page offers for one establishment kind, in a stable order."""
    return [f for f in TARGET_FIELDS.values() if f.allowed_for(kind)]


def normalize_header(header: object) -> str:
    """Header form used for comparison: no BOM, no whitespace at all, case-folded, "ำ" typed
    as two characters joined.

    Removing every space (not just the ends) lets "เงินทุนรวม(ล้านบาท)" match
    "เงินทุนรวม (ล้านบาท)", which exports write both ways.
    """
    text = "" if header is None else str(header)
    text = text.replace("\ufeff", "").replace("\u200b", "").replace("\u0e4d\u0e32", "\u0e33")
    return "".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class Binding:
    """A layout applied to one file's headers: where each target's cells are."""

    positions: dict[str, int]  # target -> column index
    headers: dict[str, str]  # target -> the header as written in the file (for messages)

    def raw(self, row: Sequence[object]) -> dict[str, object]:
        """The cells of one row keyed by target; missing trailing cells read as None."""
        size = len(row)
        return {t: (row[i] if i < size else None) for t, i in self.positions.items()}


@dataclass(frozen=True, slots=True)
class Layout:
    """A named mapping from (normalised) headers to target fields."""

    name: str
    kind: str
    label_th: str
    label_en: str
    # normalised header -> target; "" marks a known column that is not imported.
    columns: Mapping[str, str]
    # normalised headers that must all be present for detect_layout to pick this layout.
    required: frozenset[str] = field(default_factory=frozenset)

    def bind(self, headers: Sequence[str]) -> Binding:
        """Positions of the mapped targets in `headers`; the first of duplicate headers wins."""
        positions: dict[str, int] = {}
        originals: dict[str, str] = {}
        for index, header in enumerate(headers):
            target = self.columns.get(normalize_header(header))
            if target and target not in positions:
                positions[target] = index
                originals[target] = header
        return Binding(positions, originals)

    def score(self, headers: Sequence[str]) -> int:
        """How many of the file's headers this layout knows; -1 when a required one is missing."""
        found = {normalize_header(h) for h in headers}
        if not self.required <= found:
            return -1
        return len(found & self.columns.keys())


def _layout(
    name: str,
    label_th: str,
    label_en: str,
    columns: dict[str, str],
    required: Sequence[str],
    kind: str = "factory",
) -> Layout:
    normalised = {normalize_header(h): t for h, t in columns.items()}
    assert all(t == "" or t in TARGET_FIELDS for t in normalised.values()), name
    return Layout(
        name=name,
        kind=kind,
        label_th=label_th,
        label_en=label_en,
        columns=normalised,
        required=frozenset(normalize_header(h) for h in required),
    )


# DIW open-data feeds (openapi.industry.go.th gdcatalog). FACREG is DIW's numeric form of the
# registration number and ESTATE an estate code or "OUT": known, not imported. TOTAL_CAP is
# read as baht.
_DIW_COLUMNS = {
    "FACREG": "",
    "DISPFACREG": "factory.registration_no",
    "FID": "factory.fid",
    "FACTYPE": "factory.type_code",
    "FNAME": "name_th",
    "ONAME": "factory.operator_name",
    "OBJECT": "activity",
    "FADDR": "house_no",
    "FMOO": "moo",
    "FSOI": "soi",
    "FROAD": "road",
    "FTUMNAME": "subdistrict_name",
    "FAMPNAME": "district_name",
    "FPROVNAME": "province_name",
    "TOTAL_CAP": "factory.investment_total",
    "TOTAL_WORKER": "factory.workers_total",
    "HP": "factory.horsepower",
    "LAT": "latitude",
    "LNG": "longitude",
    "ISIC_CODE": "factory.isic_code",
    "ESTATE": "",
    "ESTATE_NAME_TH": "factory.industrial_estate",
    "LAST_UPDATE": "",
    "POKDATE": "factory.permit_date",
    "STATUS": "factory.licence_status",
    "FFLAG": "factory.licence_status",
}

DIW_FACTORY_DATA = _layout(
    "diw_factory_data",
    "กรมโรงงานอุตสาหกรรม: ข้อมูลโรงงาน (Factory_Data)",
    "DIW: factory data (Factory_Data)",
    _DIW_COLUMNS,
    required=("DISPFACREG", "FNAME", "FPROVNAME"),
)

# The permit feed has no address: rows get their province from the registration number.
DIW_OPERATION_PERMIT = _layout(
    "diw_operation_permit",
    "กรมโรงงานอุตสาหกรรม: ใบอนุญาตประกอบกิจการ (Factory_Operation_Permit)",
    "DIW: operation permits (Factory_Operation_Permit)",
    _DIW_COLUMNS,
    required=("DISPFACREG", "FNAME", "POKDATE", "STATUS"),
)

DATA_GO_TH_FACTORIES = _layout(
    "data_go_th_factories",
    "data.go.th: ทะเบียนโรงงาน (กรมโรงงานอุตสาหกรรม)",
    "data.go.th: factory register (DIW)",
    {
        "เลขทะเบียนโรงงานเดิม": "factory.registration_no",
        "fid": "factory.fid",
        "รหัสประเภท": "factory.type_code",
        # Its content (a label or "9(6)") is not confirmed: kept out rather than guessed.
        "ประเภทโรงงาน": "",
        "จำพวก": "factory.factory_class",
        "ปีที่อนุญาต": "factory.permit_year",
        "ชื่อโรงงาน": "name_th",
        "ประกอบกิจการ": "activity",
        "เลขที่": "house_no",
        "หมู่": "moo",
        "ซอย": "soi",
        "ถนน": "road",
        "ตำบล": "subdistrict_name",
        "อำเภอ": "district_name",
        "จังหวัด": "province_name",
        "รหัสไปรษณีย์": "postal_code",
        "เงินทุนรวม (ล้านบาท)": "factory.investment_total_million",
        "คนงานรวม": "factory.workers_total",
        "แรงม้า": "factory.horsepower",
    },
    required=("เลขทะเบียนโรงงานเดิม", "ชื่อโรงงาน", "จังหวัด"),
)

LAYOUTS: tuple[Layout, ...] = (DIW_FACTORY_DATA, DIW_OPERATION_PERMIT, DATA_GO_TH_FACTORIES)


def detect_layout(headers: Sequence[str]) -> Layout | None:
    """The known layout these headers belong to: all its required headers are present, and
    of those that qualify, the one that knows most of the headers. None if none qualifies."""
    best: Layout | None = None
    best_score = 0
    for layout in LAYOUTS:
        score = layout.score(headers)
        if score > best_score:
            best, best_score = layout, score
    return best


@dataclass(frozen=True, slots=True)
class MappingProblem:
    rule: str
    header: str
    target: str
    message_th: str
    message_en: str


class MappingError(ValueError):
    """A saved column mapping that does not fit the file or names unknown fields."""

    def __init__(self, problems: Sequence[MappingProblem]) -> None:
        self.problems = list(problems)
        self.message_th = " ".join(p.message_th for p in self.problems)
        self.message_en = " ".join(p.message_en for p in self.problems)
        super().__init__(self.message_en)


def mapping_from(
    headers: Sequence[str],
    columns: Mapping[str, str | None],
    *,
    kind: str | None = None,
    name: str = "custom",
) -> Layout:
    """A layout from a saved mapping (`ColumnMapping.columns`: header -> target field).

    An empty target means "do not import this column". Raises MappingError listing every
    problem: an unknown target, a target not for `kind`, a target used twice, or a mapped
    header missing from the file (a mapping saved for another file silently dropping a
    column would lose data).
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown establishment kind {kind!r}")
    present = {normalize_header(h) for h in headers}
    problems: list[MappingProblem] = []
    normalised: dict[str, str] = {}
    used: dict[str, str] = {}
    for header, target in columns.items():
        target = (target or "").strip()
        key = normalize_header(header)
        if key not in present:
            problems.append(
                MappingProblem(
                    "mapping_header_missing", header, target,
                    f"ไฟล์นี้ไม่มีคอลัมน์ “{header}” ตามที่การจับคู่คอลัมน์กำหนดไว้",
                    f"The file has no column “{header}”, which the mapping expects.",
                )
            )  # fmt: skip
        if not target:
            normalised[key] = ""
            continue
        spec = TARGET_FIELDS.get(target)
        if spec is None:
            problems.append(
                MappingProblem(
                    "mapping_target_unknown", header, target,
                    f"คอลัมน์ “{header}” ถูกจับคู่กับช่อง “{target}” ซึ่งไม่มีในทะเบียน",
                    f"Column “{header}” is mapped to “{target}”, which is not a registry field.",
                )
            )  # fmt: skip
            continue
        if kind is not None and not spec.allowed_for(kind):
            problems.append(
                MappingProblem(
                    "mapping_target_kind", header, target,
                    f"ช่อง “{spec.label_th}” ใช้กับสถานประกอบการประเภทนี้ไม่ได้",
                    f"The field “{spec.label_en}” does not apply to this kind of establishment.",
                )
            )  # fmt: skip
            continue
        if target in used:
            problems.append(
                MappingProblem(
                    "mapping_target_twice", header, target,
                    f"คอลัมน์ “{used[target]}” และ “{header}” ถูกจับคู่กับช่อง "
                    f"“{spec.label_th}” เดียวกัน",
                    f"Columns “{used[target]}” and “{header}” are both mapped to "
                    f"“{spec.label_en}”.",
                )
            )  # fmt: skip
            continue
        used[target] = header
        normalised[key] = target
    if problems:
        raise MappingError(problems)
    return Layout(
        name=name,
        kind=kind or "",
        label_th=name,
        label_en=name,
        columns=normalised,
        required=frozenset(k for k, t in normalised.items() if t),
    )
