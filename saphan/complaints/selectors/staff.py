"""Reads for office staff, every one through the person's scope."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone, translation

from saphan.complaints.judging import Reading, StandardRow, Verdict, judge
from saphan.complaints.models import (
    CLOSED_STATES,
    OPEN_STATES,
    Assignment,
    CaseEvent,
    Complaint,
    DataSubjectRequest,
    Episode,
    Explainer,
    Holiday,
    IdentityAccess,
    Inspection,
    Measurement,
    Order,
    OrderStatus,
    Photo,
    Rating,
    RequestStatus,
    ResponseTemplate,
    Standard,
    StatePeriod,
)
from saphan.core.models import ROLE_RANK, Membership, Office, Role, User
from saphan.core.scoping import Action, Scope, build_scope, scope_for
from saphan.core.thai import format_date, local_name


@dataclass(frozen=True)
class ComplaintFilters:
    q: str = ""
    status: str = ""  # a status, or "open", "closed", "overdue"
    category: str = ""
    province: str = ""
    district: str = ""
    office: str = ""
    assigned: str = ""  # "me" or "none"
    establishment: int | None = None
    sort: str = "-received"


SORTS: dict[str, tuple[Any, ...]] = {
    "-received": ("-received_at", "-id"),
    "received": ("received_at", "id"),
    # Closed cases have no deadline: after every open one, on SQLite as on PostgreSQL.
    "due": (F("state_due").asc(nulls_last=True), "received_at"),
    "-updated": ("-updated_at", "-id"),
}


def complaint_base_for_user(user: Any, action: Action = Action.VIEW) -> QuerySet[Complaint]:
    return scope_for(user).filter(Complaint.objects.all(), action)


def complaint_list_for_user(user: Any, filters: ComplaintFilters) -> QuerySet[Complaint]:
    cases = complaint_base_for_user(user)
    today = timezone.localdate()
    if filters.q:
        q = filters.q.strip()
        # The complainant's words are searched only where the person may read them (the
        # responsible office): a search must not tell another office what they say.
        scope = scope_for(user)
        words = Q(description__icontains=q)
        if not scope.covers_all(Action.VIEW):
            words &= Q(office_id__in=sorted(scope.offices(Action.VIEW)))
        cases = cases.filter(Q(code__icontains=q) | Q(public_summary__icontains=q) | words)
    if filters.status == "open":
        cases = cases.filter(status__in=OPEN_STATES)
    elif filters.status == "closed":
        cases = cases.filter(status__in=sorted(CLOSED_STATES))
    elif filters.status == "overdue":
        cases = cases.filter(status__in=OPEN_STATES, state_due__lt=today)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.category:
        cases = cases.filter(category=filters.category)
    if filters.province:
        cases = cases.filter(province_id=filters.province)
    if filters.district:
        cases = cases.filter(district_id=filters.district)
    if filters.office:
        cases = cases.filter(office__code=filters.office)
    if filters.assigned == "me":
        cases = cases.filter(assignment__user=user)
    elif filters.assigned == "none":
        cases = cases.exclude(Exists(Assignment.objects.filter(complaint=OuterRef("pk"))))
    if filters.establishment:
        cases = cases.filter(establishment_id=filters.establishment)
    return cases.select_related("district", "province", "office", "establishment").order_by(
        *SORTS.get(filters.sort, SORTS["-received"])
    )


def overdue_count_for_user(user: Any) -> int:
    return (
        complaint_base_for_user(user)
        .filter(status__in=OPEN_STATES, state_due__lt=timezone.localdate())
        .count()
    )


def complaint_get_for_user(user: Any, code: str, action: Action = Action.VIEW) -> Complaint:
    return (
        complaint_base_for_user(user, action)
        .select_related(
            "province",
            "district",
            "subdistrict",
            "office",
            "establishment",
            "merged_into",
            "episode",
        )
        .get(code=code)
    )


def timeline_for(complaint: Complaint) -> list[CaseEvent]:
    """The case's timeline; an assignment's line carries the officer's name (`officer_name`)."""
    events = list(complaint.events.select_related("actor", "explainer").order_by("at", "id"))
    ids = {e.data.get("user") for e in events if e.kind in ("assign", "unassign")}
    wanted = [i for i in ids if isinstance(i, int)]
    names = {
        u.pk: u.get_full_name() or u.username
        for u in (User.objects.filter(pk__in=wanted) if wanted else [])
    }
    for event in events:
        event.officer_name = names.get(event.data.get("user"), "")  # type: ignore[attr-defined]
    return events


def ratings_for(complaint: Complaint) -> QuerySet[Rating]:
    """The complainants' stars and comments, newest first (one a person and closing)."""
    return complaint.ratings.order_by("-created_at", "-id")


def periods_for(complaint: Complaint) -> QuerySet[StatePeriod]:
    return complaint.periods.order_by("entered_at", "id")


def assigned_for(complaint: Complaint) -> list[Any]:
    return [a.user for a in Assignment.objects.filter(complaint=complaint).select_related("user")]


def photos_for(complaint: Complaint, words: bool = True) -> QuerySet[Photo]:
    """The case's photos; without `words` (another office), the public ones only."""
    photos = complaint.photos.order_by("id")
    return photos if words else photos.filter(is_public=True)


def photo_get_for_user(user: Any, photo_id: int) -> Photo:
    return (
        scope_for(user)
        .filter(Photo.objects.select_related("complaint"), Action.VIEW)
        .get(pk=photo_id)
    )


def duplicates_for(complaint: Complaint) -> QuerySet[Complaint]:
    return complaint.duplicates.order_by("received_at")


def merge_candidates(user: Any, complaint: Complaint, limit: int = 10) -> QuerySet[Complaint]:
    """Open cases of the same category in the same district (or establishment) — the likely
    duplicates an officer merges."""
    near = (
        Q(district_id=complaint.district_id)
        if complaint.district_id
        else Q(province_id=complaint.province_id)
    )
    if complaint.establishment_id:
        near |= Q(establishment_id=complaint.establishment_id)
    return (
        complaint_base_for_user(user, Action.CHANGE)
        .filter(near, category=complaint.category, status__in=OPEN_STATES, merged_into__isnull=True)
        .exclude(pk=complaint.pk)
        .order_by("-received_at")[:limit]
    )


def episode_count(complaint: Complaint) -> int:
    if complaint.episode_id is None:
        return 0
    return Complaint.objects.filter(episode_id=complaint.episode_id).count()


def episodes_for_establishment(user: Any, establishment_id: int) -> QuerySet[Episode]:
    return (
        scope_for(user)
        .filter(Episode.objects.filter(establishment_id=establishment_id), Action.VIEW)
        .annotate(count=Count("complaints"))
        .order_by("-last_received_at")
    )


def offices_to_forward(complaint: Complaint) -> QuerySet[Office]:
    """Any office can receive a case (offices are public knowledge). A select shows them in
    the page's language and order (`core.forms.PlacesInOrder`, `core.thai.local_name`)."""
    return Office.objects.exclude(pk=complaint.office_id).order_by("kind", "code")


BANGKOK = "10"


def area_of(complaint: Complaint) -> str:
    """Where the case is, in the page's language: "Phra Rak · Phato · Chumphon" as the public
    page writes it, or the Thai address form "ต.พระรักษ์ อ.พะโต๊ะ จ.ชุมพร" (in Bangkok
    "แขวงสีลม เขตบางรัก กรุงเทพมหานคร": its districts' names carry their "เขต")."""
    places = [complaint.subdistrict, complaint.district, complaint.province]
    if translation.get_language() == "en":
        return " · ".join(local_name(p) for p in places if p is not None)
    marks = ("แขวง", "เขต", "") if complaint.province_id == BANGKOK else ("ต.", "อ.", "จ.")
    return " ".join(
        name if name.startswith(mark) else f"{mark}{name}"
        for mark, place in zip(marks, places, strict=True)
        if place is not None and (name := place.name_th)
    )


def templates_for(user: Any, complaint: Complaint | None = None) -> QuerySet[ResponseTemplate]:
    templates = ResponseTemplate.objects.filter(active=True)
    office_ids = sorted(scope_for(user).offices(Action.VIEW))
    templates = templates.filter(Q(office__isnull=True) | Q(office_id__in=office_ids))
    if complaint is not None:
        templates = templates.filter(Q(category="") | Q(category=complaint.category))
    return templates.order_by("state", "title")


def template_list_for_user(user: Any) -> QuerySet[ResponseTemplate]:
    office_ids = sorted(scope_for(user).offices(Action.VIEW))
    return (
        ResponseTemplate.objects.filter(Q(office__isnull=True) | Q(office_id__in=office_ids))
        .select_related("office")
        .order_by("state", "title")
    )


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def template_render(template: ResponseTemplate, complaint: Complaint, language: str = "th") -> str:
    """The template's text with {code}, {category}, {office} and {expected_date} filled in."""
    from django.utils import translation

    body = template.body_en if language == "en" and template.body_en else template.body_th
    with translation.override(language):
        values = _Blank(
            code=complaint.code,
            category=str(complaint.get_category_display()),
            office=complaint.office.name_en if language == "en" else complaint.office.name_th,
            expected_date=format_date(complaint.expected_date) if complaint.expected_date else "—",
        )
        # Only plain {name} fields: a template cannot reach attributes or indexes. A text that
        # cannot be filled in (saved before templates were checked) is given as it is.
        try:
            names = {f for _t, f, _s, _c in string.Formatter().parse(body) if f}
            if any(not n.isidentifier() for n in names):
                return body
            return body.format_map(values)
        except (ValueError, IndexError):
            return body


def explainer_list_all() -> QuerySet[Explainer]:
    return Explainer.objects.order_by("title_th")


def holiday_list(year: int | None = None) -> QuerySet[Holiday]:
    holidays = Holiday.objects.order_by("date")
    return holidays.filter(date__year=year) if year else holidays


# --- Inspections, measurements, standards, orders --------------------------------------------


def inspection_list_for_user(
    user: Any, *, establishment: int | None = None
) -> QuerySet[Inspection]:
    inspections = scope_for(user).filter(Inspection.objects.all(), Action.VIEW)
    if establishment:
        inspections = inspections.filter(establishment_id=establishment)
    return (
        inspections.select_related("establishment", "office", "province")
        .annotate(
            measurement_count=Count("measurements", distinct=True),
            complaint_count=Count("complaints", distinct=True),
        )
        .order_by("-visited_at", "-id")
    )


def inspection_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> Inspection:
    return (
        scope_for(user)
        .filter(
            Inspection.objects.select_related("establishment", "office", "follow_up_of"), action
        )
        .get(pk=pk)
    )


def standard_rows() -> list[StandardRow]:
    return [
        StandardRow(
            id=s.pk,
            pollutant=s.pollutant,
            where=s.where,
            averaging_period=s.averaging_period,
            limit=s.limit,
            unit=s.unit,
            legal_source=s.legal_source,
            effective_from=s.effective_from,
            effective_until=s.effective_until,
            to_confirm=s.to_confirm,
        )
        for s in Standard.objects.all()
    ]


def measurement_verdict(measurement: Measurement, rows: list[StandardRow]) -> Verdict:
    return judge(
        Reading(
            pollutant=measurement.pollutant,
            where=measurement.where,
            averaging_period=measurement.averaging_period,
            value=measurement.value,
            unit=measurement.unit,
            day=timezone.localdate(measurement.measured_at),
        ),
        rows,
    )


def measurements_judged(
    inspection: Inspection, rows: list[StandardRow] | None = None
) -> list[tuple[Measurement, Verdict]]:
    """Each measurement with its verdict; sorted here so a prefetch of the measurements is
    used, and `rows` (the standards) passed in when judging a page of inspections."""
    rows = standard_rows() if rows is None else rows
    measurements = sorted(inspection.measurements.all(), key=lambda m: (m.measured_at, m.pk))
    return [(m, measurement_verdict(m, rows)) for m in measurements]


def standard_list() -> QuerySet[Standard]:
    return Standard.objects.order_by("pollutant", "where", "averaging_period", "effective_from")


def order_list_for_user(
    user: Any, *, status: str = "", establishment: int | None = None
) -> QuerySet[Order]:
    orders = scope_for(user).filter(Order.objects.all(), Action.VIEW)
    if status == "overdue":
        orders = orders.filter(status=OrderStatus.OPEN, deadline__lt=timezone.localdate())
    elif status:
        orders = orders.filter(status=status)
    if establishment:
        orders = orders.filter(establishment_id=establishment)
    return orders.select_related("establishment", "office").order_by("deadline", "id")


def order_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> Order:
    return (
        scope_for(user)
        .filter(Order.objects.select_related("establishment", "inspection"), action)
        .get(pk=pk)
    )


# --- Privacy ---------------------------------------------------------------------------------


def own_memberships(user: Any) -> list[Membership]:
    return list(
        Membership.objects.filter(user_id=user.pk)
        .select_related("office")
        .prefetch_related("office__provinces")
    )


def membership_scope(user: Any, memberships: list[Membership] | None = None) -> Scope:
    """The person's scope from their own memberships only, as if they were no superuser."""
    if memberships is None:
        memberships = own_memberships(user)
    return build_scope(user.pk, False, memberships)


def identity_holders_q(user: Any, path: str = "") -> Q:
    """Cases (at `path`, a lookup to a complaint) whose complainants this person may see and
    answer for: managers of the responsible office, and its assigned officers — by
    their own memberships, never as superusers or through a department or region role."""
    prefix = f"{path}__" if path else ""
    memberships = own_memberships(user)
    managed = sorted(
        m.office_id for m in memberships if ROLE_RANK[m.role] >= ROLE_RANK[Role.MANAGER]
    )
    own_scope = membership_scope(user, memberships)
    # Assigned, and an officer of the office that handles the case now: after a forward the
    # one assigned before no longer sees who complained.
    handling_offices = sorted(own_scope.offices(Action.CHANGE))
    assigned = Q(
        **{f"{prefix}pk__in": Assignment.objects.filter(user_id=user.pk).values("complaint_id")}
    ) & Q(**{f"{prefix}office_id__in": handling_offices})
    return Q(**{f"{prefix}office_id__in": managed}) | assigned


def request_list_for_user(
    user: Any, *, status: str = RequestStatus.OPEN
) -> QuerySet[DataSubjectRequest]:
    """Requests the person may answer (they open the identity, so the same people)."""
    requests = DataSubjectRequest.objects.filter(identity_holders_q(user, "complaint"))
    if status:
        requests = requests.filter(status=status)
    return requests.select_related("complaint").order_by("due_on", "id")


def request_get_for_user(user: Any, pk: int) -> DataSubjectRequest:
    return DataSubjectRequest.objects.select_related("complaint", "complainant").get(
        identity_holders_q(user, "complaint"), pk=pk
    )


def identity_access_for_user(
    user: Any, complaint: Complaint | None = None
) -> QuerySet[IdentityAccess]:
    """Who looked at complainants' identity: the managers of the case's responsible office see
    it, by their own memberships (not as superusers or through a department or region role)."""
    offices = Membership.objects.filter(
        user_id=user.pk, role__in=[Role.MANAGER, Role.ADMINISTRATOR]
    ).values("office_id")
    log = IdentityAccess.objects.filter(complaint__office_id__in=offices)
    if complaint is not None:
        log = log.filter(complaint=complaint)
    return log.select_related("user", "complaint").order_by("-at", "-id")
