"""The dashboard's figures for the cases a person may see: counts by category, district and
month, share handled within every deadline, median days to close, share settled within the
province, hotspots; and the rows of the case export."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import (
    CLOSED_STATES,
    OPEN_STATES,
    Category,
    Complaint,
    Rating,
    ReferralLevel,
    StatePeriod,
    Status,
)
from saphan.complaints.selectors.staff import complaint_base_for_user
from saphan.core.errors import ApplicationError
from saphan.core.thai import EN_ABBR_MONTHS, format_date, format_datetime, local_name

_lazy_date = lazy(format_date, str)


@dataclass
class Dashboard:
    since: dt.date
    until: dt.date
    total: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0
    by_category: list[dict[str, Any]] = field(default_factory=list)
    by_district: list[dict[str, Any]] = field(default_factory=list)
    by_month: list[dict[str, Any]] = field(default_factory=list)
    by_status: list[dict[str, Any]] = field(default_factory=list)
    within_deadline: float | None = None
    median_days: float | None = None
    settled_in_province: float | None = None
    rating: float | None = None
    hotspots: list[dict[str, Any]] = field(default_factory=list)

    @property
    def max_category(self) -> int:
        return max((r["n"] for r in self.by_category), default=0)

    @property
    def max_district(self) -> int:
        return max((r["n"] for r in self.by_district), default=0)

    @property
    def max_month(self) -> int:
        return max((r["n"] for r in self.by_month), default=0)


# The dates a dashboard may ask about: wide, but inside what the calendar and the database's
# time zone arithmetic can hold (9999-12-31 plus a day is not a date).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def default_since(today: dt.date) -> dt.date:
    """The dashboard's default start, the same for the page, the export and the API: the first
    of the month a year before this one."""
    return (today.replace(day=1) - dt.timedelta(days=365)).replace(day=1)


def period_errors(since: dt.date | None, until: dt.date | None) -> dict[str, list[ValidationError]]:
    """What is wrong with a dashboard's period, by field (empty when it is fine)."""
    fields: dict[str, list[ValidationError]] = {}
    for name, day in (("since", since), ("until", until)):
        if day is not None and not EARLIEST <= day <= LATEST:
            fields[name] = [
                ValidationError(
                    _("Choose a date from %(first)s to %(last)s."),
                    code="range",
                    params={"first": _lazy_date(EARLIEST), "last": _lazy_date(LATEST)},
                )
            ]
    if not fields and since is not None and until is not None and until < since:
        fields["until"] = [
            ValidationError(
                _("The “to” date must be on or after the “from” date."), code="before_since"
            )
        ]
    return fields


def _month_of(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _months(since: dt.date, until: dt.date) -> list[dt.date]:
    """The first day of every month from `since` to `until`, so empty months show as zero."""
    out, month = [], since.replace(day=1)
    while month <= until:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _cases(user: Any, since: dt.date, until: dt.date, province: str) -> QuerySet[Complaint]:
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    cases = complaint_base_for_user(user).filter(received_at__gte=start, received_at__lt=end)
    return cases.filter(province_id=province) if province else cases


def late_case_ids(case_ids: list[int], today: dt.date) -> set[int]:
    """Cases that missed at least one state's deadline (done late, or still waiting past it)."""
    late: set[int] = set()
    rows = StatePeriod.objects.filter(
        complaint_id__in=case_ids, due_date__isnull=False
    ).values_list("complaint_id", "due_date", "left_at")
    for complaint_id, due, left in rows.iterator(chunk_size=5000):
        if due is None:
            continue
        end = timezone.localdate(left) if left else today
        if end > due:
            late.add(complaint_id)
    return late


def dashboard_for_user(
    user: Any, *, since: dt.date, until: dt.date, province: str = ""
) -> Dashboard:
    problems = period_errors(since, until)
    if problems:
        raise ApplicationError.from_validation_error(ValidationError(problems))
    cases = _cases(user, since, until, province)
    today = timezone.localdate()
    board = Dashboard(since=since, until=until)
    english = translation.get_language() == "en"
    board.total = cases.count()
    board.open = cases.filter(status__in=OPEN_STATES).count()
    board.overdue = cases.filter(status__in=OPEN_STATES, state_due__lt=today).count()
    board.by_category = [
        {"key": r["category"], "label": str(Category(r["category"]).label), "n": r["n"]}
        for r in cases.order_by().values("category").annotate(n=Count("id")).order_by("-n")
    ]
    board.by_status = [
        {"key": r["status"], "label": str(Status(r["status"]).label), "n": r["n"]}
        for r in cases.order_by().values("status").annotate(n=Count("id")).order_by("-n")
    ]
    board.by_district = [
        {
            "key": r["district_id"] or "",
            "label": (r["district__name_en"] if english else r["district__name_th"])
            or str(_("District not known")),
            "n": r["n"],
        }
        for r in cases.order_by()
        .values("district_id", "district__name_th", "district__name_en")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    months = (
        cases.order_by()
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    counted = {_month_of(r["month"]): r["n"] for r in months if r["month"]}
    board.by_month = []
    for number, month in enumerate(_months(since, until)):
        label = format_date(month).split(" ", 1)[1]  # "ธ.ค. 2568" / "Dec 2568 BE"
        short = label.split(" ", 1)[0]
        # The axis: Thai "ม.ค. 69" (the Buddhist era's short year, as Thai dates write it);
        # English "Jan 2026" (an English reader does not read "69" as 2026).
        year = str(month.year) if english else str(month.year + 543)[-2:]
        board.by_month.append(
            {
                "month": month,
                "label": label,  # the export's, in the Buddhist era like its dates
                "name": f"{EN_ABBR_MONTHS[month.month - 1]} {month.year}" if english else label,
                "short": short,
                # The year once, where it starts (and on the first column): a phone has room
                # for a dozen narrow columns, not for a dozen years.
                "year": year if number == 0 or month.month == 1 else "",
                "n": counted.get(month, 0),
            }
        )
    # The measures of handling leave duplicates out: they were handled in another case.
    handled = cases.exclude(status=Status.DUPLICATE)
    handled_ids = list(handled.values_list("pk", flat=True))
    late = late_case_ids(handled_ids, today)
    board.within_deadline = _share(len(handled_ids) - len(late), len(handled_ids))
    closed = list(
        handled.filter(status__in=sorted(CLOSED_STATES)).values_list(
            "received_at", "closed_at", "referral_level"
        )
    )
    board.closed = len(closed)
    days = [(c - r).total_seconds() / 86400 for r, c, _lvl in closed if c]
    board.median_days = round(statistics.median(days), 1) if days else None
    within = sum(1 for _r, _c, level in closed if level != ReferralLevel.NATIONAL)
    board.settled_in_province = _share(within, len(closed))
    average = Rating.objects.filter(complaint__in=handled).aggregate(avg=Avg("stars"))["avg"]
    board.rating = round(float(average), 1) if average is not None else None
    cells: dict[tuple[float, float], int] = defaultdict(int)
    located = cases.filter(public_lat__isnull=False, public_lon__isnull=False)
    for lat, lon in located.values_list("public_lat", "public_lon"):
        if lat is not None and lon is not None:
            cells[(float(lat), float(lon))] += 1
    board.hotspots = [
        {"lat": lat, "lon": lon, "count": n}
        for (lat, lon), n in sorted(cells.items(), key=lambda item: -item[1])
    ]
    return board


def dashboard_tables(board: Dashboard) -> tuple[list[Any], list[list[Any]]]:
    """The dashboard as one table for CSV/XLSX: measure, key, value."""
    headings = [_("Measure"), _("Item"), _("Value")]
    rows: list[list[Any]] = [
        [_("Complaints received"), "", board.total],
        [_("Open"), "", board.open],
        [_("Overdue"), "", board.overdue],
        [_("Closed"), "", board.closed],
        [_("Share handled within every deadline (%)"), "", board.within_deadline],
        [_("Median days from received to closed"), "", board.median_days],
        [_("Share settled within the province (%)"), "", board.settled_in_province],
        [_("Average rating (1–5)"), "", board.rating],
    ]
    # The period the figures cover, in the Buddhist era as the page shows it.
    rows += [[_("From"), "", format_date(board.since)], [_("To"), "", format_date(board.until)]]
    rows += [[_("By category"), r["label"], r["n"]] for r in board.by_category]
    rows += [[_("By district"), r["label"], r["n"]] for r in board.by_district]
    rows += [[_("By month"), r["label"], r["n"]] for r in board.by_month]
    rows += [[_("By status"), r["label"], r["n"]] for r in board.by_status]
    return headings, rows


def export_headings() -> list[Any]:
    return [
        _("Tracking code"),
        _("Received on"),
        _("Category"),
        _("Status"),
        _("Province"),
        _("District"),
        _("Responsible office"),
        _("Establishment"),
        _("Due in this state"),
        _("Overdue"),
        _("Expected date"),
        _("Closed on"),
        _("People involved"),
        _("Times reopened"),
    ]


def export_rows(cases: QuerySet[Complaint]) -> list[list[Any]]:
    """One row per case, without anyone's identity; places in the page's language, dates as
    dates (see `export_table` for the file's cells)."""
    today = timezone.localdate()
    ids = list(cases.values_list("pk", flat=True))
    people = dict(
        Complaint.objects.filter(pk__in=ids)
        .annotate(n=Count("people", distinct=True))
        .values_list("pk", "n")
    )
    rows = []
    for c in cases.select_related("province", "district", "office", "establishment"):
        rows.append(
            [
                c.code,
                timezone.localtime(c.received_at).replace(tzinfo=None, microsecond=0),
                c.get_category_display(),
                c.get_status_display(),
                local_name(c.province),
                local_name(c.district) if c.district else "",
                c.office.code,
                c.establishment.name_th if c.establishment else "",
                c.state_due,
                _("yes") if c.is_overdue(today) else "",
                c.expected_date,
                (
                    timezone.localtime(c.closed_at).replace(tzinfo=None, microsecond=0)
                    if c.closed_at
                    else None
                ),
                people.get(c.pk, 0),
                c.reopen_count,
            ]
        )
    return rows


def _export_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return format_datetime(value)  # "7 ธ.ค. 2569 21:10 น."
    if isinstance(value, dt.date):
        return format_date(value)  # "16 ม.ค. 2563"
    return value


def export_table(cases: QuerySet[Complaint]) -> tuple[list[Any], list[list[Any]]]:
    """The case export's headings and cells. In Thai its dates are Buddhist-era text as the
    dashboard's export writes them ("16 ม.ค. 2563"); in English they stay dates (ISO in CSV,
    date cells in XLSX)."""
    rows = export_rows(cases)
    if translation.get_language() != "en":
        rows = [[_export_cell(value) for value in row] for row in rows]
    return export_headings(), rows


def counts_open_overdue(cases: QuerySet[Complaint]) -> dict[str, int]:
    today = timezone.localdate()
    return cases.aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATES)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATES, state_due__lt=today)),
        total=Count("id"),
    )
