"""Establishments and their details by kind; contacts (personal data); import batches; quality."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.models import District, Office, Province, Subdistrict
from saphan.core.validators import validate_postal_code, validate_thai_id, validate_thai_phone

FID_VALIDATOR = RegexValidator(
    r"^\d{14}$", _("A factory id (FID) has exactly 14 digits."), code="fid_format"
)
TYPE_CODE_VALIDATOR = RegexValidator(
    r"^\d{5}$",
    _("A factory type code has 5 digits: item (3) and sub-item (2), e.g. 00906."),
    code="type_code_format",
)


class EstablishmentKind(models.TextChoices):
    FACTORY = "factory", _("Factory")
    MINE = "mine", _("Mine")
    BUSINESS = "business", _("Business (SME / company)")
    ENTERPRISE = "enterprise", _("Community enterprise")
    GROUP = "group", _("Villagers' group")
    VILLAGE = "village", _("Creative industry village (CIV)")


class EstablishmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Not operating")
    CLOSED = "closed", pgettext_lazy("establishment status", "Closed")


class SourceKind(models.TextChoices):
    FILE = "file", _("Imported file")
    PERSON = "person", _("Entered by a person")
    DEMO = "demo", _("Demo data")


class Establishment(models.Model):
    """The one row for every establishment; details by kind live in one-to-one tables."""

    scope_province_field: ClassVar[str] = "province"
    # Representatives (outside accounts) see their own establishment's record.
    scope_establishment_field: ClassVar[str] = "id"

    kind = models.CharField(_("kind"), max_length=12, choices=EstablishmentKind.choices)
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    juristic_id = models.CharField(
        _("juristic person id"), max_length=13, blank=True, validators=[validate_thai_id]
    )
    activity = models.CharField(_("activity"), max_length=500, blank=True)
    house_no = models.CharField(_("house number"), max_length=60, blank=True)
    moo = models.CharField(_("village number (moo)"), max_length=10, blank=True)
    soi = models.CharField(_("soi"), max_length=120, blank=True)
    road = models.CharField(_("road"), max_length=120, blank=True)
    # The place keys and `merged_into` are indexed in Meta only: their own indexes (and the
    # LIKE-pattern twins PostgreSQL gets for a text key) repeated those, and an import of a
    # million rows pays for every index of the table (docs/benchmarks.md).
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("subdistrict"), db_index=False,
    )  # fmt: skip
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("district"), db_index=False,
    )  # fmt: skip
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="establishments",
        verbose_name=_("province"), db_index=False,
    )  # fmt: skip
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[validate_postal_code]
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )  # fmt: skip
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="establishments",
        verbose_name=_("responsible office"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=EstablishmentStatus.choices,
        default=EstablishmentStatus.ACTIVE,
    )  # fmt: skip
    source_kind = models.CharField(
        _("source"), max_length=8, choices=SourceKind.choices, default=SourceKind.PERSON
    )
    source_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("source file"),
    )  # fmt: skip
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    source_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("entered by"),
    )  # fmt: skip
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from",
        verbose_name=_("merged into"), db_index=False,
    )  # fmt: skip
    # Lower-cased names, activity and identifiers, one per line: what search matches substrings
    # of (PostgreSQL trigram index; SQLite FTS5 trigram table). Kept by registry/search.py.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["name_th", "id"]
        indexes: ClassVar = [
            models.Index(fields=["province", "kind", "status"], name="est_prov_kind_status"),
            models.Index(fields=["juristic_id"], name="est_juristic"),
            models.Index(fields=["subdistrict"], name="est_subdistrict"),
            models.Index(fields=["district"], name="est_district"),
            models.Index(fields=["merged_into"], name="est_merged"),
            # The list's default order: a search can walk it and stop at the page's end.
            models.Index(fields=["name_th", "id"], name="est_name_id"),
        ]
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")

    def __str__(self) -> str:
        return self.name_th

    def get_absolute_url(self) -> str:
        return reverse("establishment-detail", args=[self.pk])

    @property
    def detail_relation(self) -> str | None:
        return DETAIL_RELATIONS.get(self.kind)

    def detail(self) -> models.Model | None:
        """The one-to-one details of this record's kind, or None (businesses have none)."""
        relation = self.detail_relation
        if relation is None:
            return None
        try:
            return getattr(self, relation)
        except models.ObjectDoesNotExist:
            return None

    # The scores live in QualityScore (see there); 0 until the record is first scored.
    def _scores(self) -> QualityScore | None:
        try:
            return self.quality_score
        except models.ObjectDoesNotExist:
            return None

    @property
    def completeness(self) -> int:
        scores = self._scores()
        return scores.completeness if scores is not None else 0

    @property
    def validity(self) -> int:
        scores = self._scores()
        return scores.validity if scores is not None else 0

    @property
    def currency(self) -> int:
        scores = self._scores()
        return scores.currency if scores is not None else 0

    @property
    def quality_checked_at(self) -> datetime | None:
        scores = self._scores()
        return scores.checked_at if scores is not None else None


DETAIL_RELATIONS: dict[str, str] = {
    EstablishmentKind.FACTORY: "factory",
    EstablishmentKind.MINE: "mine",
    EstablishmentKind.ENTERPRISE: "enterprise",
    EstablishmentKind.GROUP: "enterprise",
    EstablishmentKind.VILLAGE: "village",
}


class EstablishmentContact(models.Model):
    """Personal data: shown only to roles allowed to see contacts, never in public output."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_thai_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    line_id = models.CharField(_("LINE id"), max_length=60, blank=True)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class EstablishmentRepresentative(models.Model):
    """An outside account (a company's or a group's representative) acting for one establishment.

    The person sees and acts only for the establishments they represent (see
    `saphan.core.scoping`); who represents whom is personal data, shown to officers only.
    """

    scope_province_field: ClassVar[str] = "establishment__province"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="representatives"
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "establishment"], name="representative_unique_user_establishment"
            )
        ]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return f"{self.user} → {self.establishment_id}"


class LicenceStatus(models.TextChoices):
    # DIW's FFLAG / STATUS codes 0–3.
    LICENSED = "licensed", _("Licensed")
    OPERATING = "operating", _("Operating")
    STRUCK_OFF = "struck_off", _("Struck off")
    STOPPED = "stopped", _("Stopped")


class FactoryLicence(models.Model):
    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, primary_key=True, related_name="factory"
    )
    # Indexed and unique in Meta: `db_index` and `unique` would each add a LIKE-pattern twin
    # on PostgreSQL that no query uses (ids are matched exactly or through `search_text`).
    registration_no = models.CharField(_("registration number (old)"), max_length=40, blank=True)
    # NULL, not '', when absent: the licences without a FID must not collide on `licence_fid`.
    fid = models.CharField(  # noqa: DJ001
        _("factory id (FID)"), max_length=14, null=True, blank=True, validators=[FID_VALIDATOR]
    )
    type_code = models.CharField(
        _("factory type code"), max_length=5, blank=True, validators=[TYPE_CODE_VALIDATOR]
    )
    factory_class = models.PositiveSmallIntegerField(
        _("class"), null=True, blank=True, choices=[(1, "1"), (2, "2"), (3, "3")]
    )
    isic_code = models.CharField(_("ISIC/TSIC code"), max_length=10, blank=True)
    operator_name = models.CharField(_("operator"), max_length=300, blank=True)
    capacity = models.DecimalField(
        _("production capacity"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    capacity_unit = models.CharField(_("capacity unit"), max_length=60, blank=True)
    horsepower = models.DecimalField(
        _("horsepower"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    workers_male = models.PositiveIntegerField(_("male workers"), null=True, blank=True)
    workers_female = models.PositiveIntegerField(_("female workers"), null=True, blank=True)
    workers_skilled = models.PositiveIntegerField(_("skilled workers"), null=True, blank=True)
    workers_total = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    investment_land = models.DecimalField(
        _("investment: land (baht)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    investment_building = models.DecimalField(
        _("investment: building (baht)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    investment_machinery = models.DecimalField(
        _("investment: machinery (baht)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    investment_working = models.DecimalField(
        _("investment: working capital (baht)"), max_digits=18, decimal_places=2, null=True,
        blank=True,
    )  # fmt: skip
    investment_total = models.DecimalField(
        _("investment: total (baht)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    permit_date = models.DateField(_("permit date"), null=True, blank=True)
    licence_status = models.CharField(
        _("licence status"), max_length=12, choices=LicenceStatus.choices, blank=True
    )
    industrial_estate = models.CharField(_("industrial estate"), max_length=200, blank=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["fid"], name="licence_fid")]
        indexes: ClassVar = [models.Index(fields=["registration_no"], name="licence_regno")]
        verbose_name = _("factory licence")
        verbose_name_plural = _("factory licences")

    def __str__(self) -> str:
        return self.fid or self.registration_no


class ConcessionStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    NOT_OPENED = "not_opened", _("Not yet opened")
    STOPPED = "stopped", _("Stopped")
    SURRENDERED = "surrendered", _("Surrendered")
    EXPIRED = "expired", _("Expired")


class MineConcession(models.Model):
    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, primary_key=True, related_name="mine"
    )
    concession_no = models.CharField(_("concession number"), max_length=40)  # indexed in Meta
    minerals = models.CharField(_("minerals"), max_length=300, blank=True)
    area_rai = models.DecimalField(
        _("area (rai)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    operator_name = models.CharField(_("operator"), max_length=300, blank=True)
    concession_status = models.CharField(
        _("concession status"), max_length=12, choices=ConcessionStatus.choices, blank=True
    )

    class Meta:
        indexes: ClassVar = [models.Index(fields=["concession_no"], name="concession_no")]
        verbose_name = _("mining concession")
        verbose_name_plural = _("mining concessions")

    def __str__(self) -> str:
        return self.concession_no


class GroupKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Community enterprise")
    NETWORK = "network", _("Community enterprise network")
    UNREGISTERED = "unregistered", _("Unregistered group")


class EnterpriseProfile(models.Model):
    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, primary_key=True, related_name="enterprise"
    )
    registration_code = models.CharField(
        _("registration code"), max_length=20, blank=True
    )  # indexed in Meta
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    members_count = models.PositiveIntegerField(_("members"), null=True, blank=True)
    products = models.CharField(_("products"), max_length=500, blank=True)
    group_kind = models.CharField(
        _("group kind"), max_length=12, choices=GroupKind.choices, default=GroupKind.ENTERPRISE
    )

    class Meta:
        indexes: ClassVar = [models.Index(fields=["registration_code"], name="enterprise_code")]
        verbose_name = _("community enterprise or group")
        verbose_name_plural = _("community enterprises and groups")

    def __str__(self) -> str:
        return self.registration_code or str(self.establishment_id)


class VillageProfile(models.Model):
    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, primary_key=True, related_name="village"
    )
    community = models.CharField(_("community"), max_length=300, blank=True)
    products = models.CharField(_("products"), max_length=500, blank=True)
    story = models.TextField(_("story"), blank=True)

    class Meta:
        verbose_name = _("creative village")
        verbose_name_plural = _("creative villages")

    def __str__(self) -> str:
        return self.community or str(self.establishment_id)


def detail_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of a details model that people edit (all but the link to the record)."""
    return tuple(
        f.name for f in model._meta.concrete_fields if f.editable and f.name != "establishment"
    )


class ColumnMapping(models.Model):
    """A named, saved mapping from a file's headers to registry fields."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EstablishmentKind.choices)
    columns = models.JSONField(_("columns"), default=dict)  # header -> field name
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One imported file: what it was, who imported it, and what it did."""

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EstablishmentKind.choices)
    layout = models.CharField(_("layout"), max_length=40, blank=True)
    mapping = models.ForeignKey(
        ColumnMapping, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    office = models.ForeignKey(
        Office, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_changed = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)  # how far a resumed import has come
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name


class ImportRejection(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejections")
    row_number = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=100)
    value = models.CharField(_("value"), max_length=300, blank=True)
    rule = models.CharField(_("rule"), max_length=60)
    message_th = models.CharField(max_length=400)
    message_en = models.CharField(max_length=400)

    class Meta:
        ordering: ClassVar = ["row_number", "id"]
        verbose_name = _("rejected value")
        verbose_name_plural = _("rejected values")

    def __str__(self) -> str:
        return f"{self.row_number}:{self.column}"


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")
    INFO = "info", _("Information")


class QualityIssue(models.Model):
    """An open finding of a data-quality rule on one establishment."""

    # Indexed by `quality_issue_unique`, which starts with it. No database constraint: see
    # QualityScore.
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="quality_issues",
        db_index=False,
        db_constraint=False,
    )
    rule = models.CharField(_("rule"), max_length=40)
    field = models.CharField(_("field"), max_length=60, blank=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    params = models.JSONField(default=dict, blank=True)
    impact = models.PositiveIntegerField(_("impact"), default=0)
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-impact", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["establishment", "rule", "field"], name="quality_issue_unique"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["rule"], name="quality_rule")]
        verbose_name = _("quality issue")
        verbose_name_plural = _("quality issues")

    def __str__(self) -> str:
        return f"{self.rule} {self.field}"

    @property
    def message(self) -> str:
        """The rule's message in the current language, with this finding's values."""
        from saphan.registry.quality import issue_message

        return issue_message(self)


class QualityScore(models.Model):
    """The completeness, validity and currency (0–100) of one establishment.

    A table of their own, not columns of the establishment: a scan rewrites every record's
    scores, and rewriting the establishments' rows would update every index on them (the
    trigram index included) — at a million records that alone took longer than the scan's
    goal. Here a scan replaces the rows of a chunk's records whose scores changed (one DELETE
    and one COPY); `checked_at` is when the scores were last written: when the record was
    re-scored on its own, or by a scan that found them changed.

    Scores and issues are what a scan derives from the records, and their link to the record
    has no constraint in the database: checking one is a locking read of the record for each
    row written (a first scan writes about two a record, and at a million records those
    checks cost a fifth of the scan). Deleting a record deletes its scores and issues
    (Django's cascade; Saphan merges records rather than deleting them), and every full
    scan deletes any whose record is gone (`quality._orphans_delete`)."""

    establishment = models.OneToOneField(
        Establishment,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="quality_score",
        db_constraint=False,
    )
    completeness = models.PositiveSmallIntegerField(_("completeness"), default=0)
    validity = models.PositiveSmallIntegerField(_("validity"), default=0)
    currency = models.PositiveSmallIntegerField(_("currency"), default=0)
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("quality score")
        verbose_name_plural = _("quality scores")

    def __str__(self) -> str:
        return f"{self.completeness}/{self.validity}/{self.currency}"


class QualitySnapshot(models.Model):
    """Scores of a province on a day, for the trend."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    records = models.PositiveIntegerField(default=0)
    completeness = models.PositiveSmallIntegerField(default=0)
    validity = models.PositiveSmallIntegerField(default=0)
    currency = models.PositiveSmallIntegerField(default=0)
    open_issues = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["province", "day"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["province", "day"], name="quality_snapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.day}"
