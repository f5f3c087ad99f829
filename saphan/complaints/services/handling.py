"""Handling a case within the province: status, assignment, notes and public updates,
forwarding, referral, escalation, duplicates, the establishment, the place, photos."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import (
    CLOSED_STATES,
    OPEN_STATES,
    Assignment,
    Complaint,
    EventKind,
    Explainer,
    Photo,
    ReferralLevel,
    Status,
)
from saphan.complaints.services.common import (
    STATE_FIELDS,
    coarsen,
    event_add,
    holiday_dates,
    in_thailand,
    invalid,
    period_start,
    require,
)
from saphan.complaints.services.episodes import episode_attach
from saphan.complaints.services.privacy import officer_by_membership
from saphan.core.errors import ApplicationError
from saphan.core.models import Membership, Office, OfficeKind, Subdistrict, User
from saphan.core.scoping import Action

# Closures with their own action (they need more than a text).
SPECIAL_CLOSURES = {Status.REFERRED, Status.DUPLICATE}


def _lock(complaint: Complaint) -> Complaint:
    """Re-read the case under a row lock so two officers cannot move it at once."""
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def transition_allowed(current: str, target: str) -> bool:
    if current in CLOSED_STATES or current == target:
        return False
    if target in CLOSED_STATES:
        return target not in SPECIAL_CLOSURES
    return OPEN_STATES.index(target) > OPEN_STATES.index(current)


def next_states(current: str) -> list[str]:
    return [s for s in (*OPEN_STATES, *sorted(CLOSED_STATES)) if transition_allowed(current, s)]


def _explainer(explainer_id: int | None) -> Explainer | None:
    if not explainer_id:
        return None
    found = Explainer.objects.filter(pk=explainer_id, is_published=True).first()
    if found is None:
        raise invalid("explainer", _("No published explainer has this number."), "unknown")
    return found


@transaction.atomic
def complaint_transition(
    *,
    user: Any,
    complaint: Complaint,
    to_state: str,
    text: str = "",
    explainer_id: int | None = None,
) -> Complaint:
    """Move a case forward, or close it honestly with what was found (the complainant and
    the public read `text`)."""
    require(user, complaint)
    case = _lock(complaint)
    if to_state not in Status.values:
        raise invalid("to_state", _("Unknown status."), "unknown")
    if not transition_allowed(case.status, to_state):
        raise invalid(
            "to_state",
            _("A case that is “%(current)s” cannot become “%(target)s”."),
            "transition",
            current=Status(case.status).label,
            target=Status(to_state).label,
        )
    text = (text or "").strip()
    if to_state in CLOSED_STATES and not text:
        raise invalid(
            "text", _("Say what was found and done: the complainant reads this."), "required"
        )
    explainer = _explainer(explainer_id)
    now = timezone.now()
    from_state = case.status
    due = None
    if to_state == Status.ACTION_ORDERED:
        order = case.orders.filter(status="open").order_by("deadline").first()
        if order is not None:
            from saphan.complaints import workdays

            due = workdays.add_working_days(order.deadline, 5, holiday_dates())
    period_start(case, to_state, now, due=due)
    case.closed_at = now if to_state in CLOSED_STATES else None
    case.save(update_fields=[*STATE_FIELDS, "updated_at"])
    event_add(
        case,
        EventKind.STATE,
        actor=user,
        public=True,
        text=text,
        explainer=explainer,
        from_state=from_state,
        to_state=to_state,
    )
    return case


@transaction.atomic
def complaint_note(*, user: Any, complaint: Complaint, text: str) -> None:
    require(user, complaint)
    if not text.strip():
        raise invalid("text", _("Write the note."), "required")
    event_add(complaint, EventKind.NOTE, actor=user, text=text.strip())


@transaction.atomic
def complaint_update(
    *, user: Any, complaint: Complaint, text: str, explainer_id: int | None = None
) -> None:
    """A public update: the complainants are told, the tracking page shows it."""
    require(user, complaint)
    if not text.strip():
        raise invalid("text", _("Write the update."), "required")
    event_add(
        complaint,
        EventKind.UPDATE,
        actor=user,
        public=True,
        text=text.strip(),
        explainer=_explainer(explainer_id),
    )


@transaction.atomic
def complaint_assign(*, user: Any, complaint: Complaint, officer: User) -> None:
    """Officers take a case themselves; managers give it to any officer of the province."""
    require(user, complaint)
    if officer.pk != user.pk:
        require(user, complaint, Action.MANAGE)
    # By the officer's own memberships: a superuser who is no officer of the province is not
    # given a case (and with it the complainant's identity).
    if not officer_by_membership(officer, complaint):
        raise invalid(
            "officer",
            _("This person is not an officer of the office responsible for this case."),
            "not_officer",
        )
    _assignment, created = Assignment.objects.get_or_create(
        complaint=complaint, user=officer, defaults={"assigned_by": user}
    )
    if created:
        event_add(complaint, EventKind.ASSIGN, actor=user, data={"user": officer.pk})


@transaction.atomic
def complaint_unassign(*, user: Any, complaint: Complaint, officer: User) -> None:
    require(user, complaint)
    if officer.pk != user.pk:
        require(user, complaint, Action.MANAGE)
    if Assignment.objects.filter(complaint=complaint, user=officer).delete()[0]:
        event_add(complaint, EventKind.UNASSIGN, actor=user, data={"user": officer.pk})


@transaction.atomic
def complaint_forward(*, user: Any, complaint: Complaint, office: Office, reason: str) -> Complaint:
    """Send the case to another office. If that office does not cover the case's province it
    moves to the office's province (it happened there), and the district is set there."""
    require(user, complaint)
    case = _lock(complaint)
    if case.status in CLOSED_STATES:
        raise ApplicationError(_("A closed case cannot be forwarded."), code="complaint_closed")
    if office.pk == case.office_id:
        raise invalid("office", _("The case is already with this office."), "same_office")
    if not reason.strip():
        raise invalid("reason", _("Say why it goes to this office."), "required")
    covered = set(office.provinces.values_list("code", flat=True))
    from_office = case.office
    data = {"from": from_office.code, "to": office.code, "from_province": case.province_id}
    if not office.covers_all_provinces and case.province_id not in covered:
        if office.kind != OfficeKind.PROVINCIAL or len(covered) != 1:
            raise invalid(
                "office",
                _(
                    "This office does not cover the province: forward to the provincial office "
                    "of the province where it happens."
                ),
                "office_province",
            )
        case.province_id = covered.pop()
        case.district_id = None
        case.subdistrict_id = None
        data["to_province"] = case.province_id
    # The new office decides who handles it (and so who sees who complained).
    Assignment.objects.filter(complaint=case).delete()
    case.office = office
    # The state's deadline runs on: the person who complained has waited as long, wherever the
    # case is handled, and a forward (there and back) must not make a late case look on time.
    case.save(update_fields=["office", "province", "district", "subdistrict", "updated_at"])
    event_add(case, EventKind.FORWARD, actor=user, public=True, text=reason.strip(), data=data)
    return case


@transaction.atomic
def complaint_refer(
    *, user: Any, complaint: Complaint, agency: str, level: str, reason: str
) -> Complaint:
    """Close the case as referred to an outside agency, saying which and why."""
    require(user, complaint)
    case = _lock(complaint)
    if case.status in CLOSED_STATES:
        raise ApplicationError(_("This case is already closed."), code="complaint_closed")
    if not agency.strip():
        raise invalid("agency", _("Name the agency."), "required")
    if level not in ReferralLevel.values:
        raise invalid("level", _("Choose the kind of agency."), "required")
    if not reason.strip():
        raise invalid("reason", _("Say why it is theirs to handle."), "required")
    now = timezone.now()
    from_state = case.status
    period_start(case, Status.REFERRED, now)
    case.closed_at = now
    case.referral_level = level
    case.save(update_fields=[*STATE_FIELDS, "referral_level", "updated_at"])
    event_add(
        case,
        EventKind.REFER,
        actor=user,
        public=True,
        text=reason.strip(),
        from_state=from_state,
        to_state=Status.REFERRED,
        data={"agency": agency.strip()[:200], "level": level},
    )
    return case


@transaction.atomic
def complaint_undo_closing(*, user: Any, complaint: Complaint, reason: str) -> Complaint:
    """A manager takes back a closing made by mistake: the case returns to the state it was
    closed from, with that state's deadline as it was (a late case stays late), and the
    public timeline and the complainants are told why. A duplicate is not reopened here (its
    complainants follow the other case)."""
    require(user, complaint, Action.MANAGE)
    case = _lock(complaint)
    if case.status not in CLOSED_STATES:
        raise invalid("reason", _("This case is not closed."), "not_closed")
    if case.status == Status.DUPLICATE:
        raise invalid(
            "reason", _("A merged duplicate follows the other case: it is not reopened."), "merged"
        )
    if case.anonymised_at is not None:
        raise invalid(
            "reason",
            _("Its personal data was removed after it closed: record a new complaint instead."),
            "anonymised",
        )
    if not reason.strip():
        raise invalid("reason", _("Say why the closing is taken back."), "required")
    closing = (
        case.events.filter(to_state=case.status, from_state__in=OPEN_STATES)
        .order_by("-at", "-id")
        .first()
    )
    back_to = closing.from_state if closing is not None else Status.INVESTIGATING
    before = (
        case.periods.filter(state=back_to).exclude(due_date=None).order_by("-entered_at").first()
    )
    from_state = case.status
    period_start(case, back_to, timezone.now(), due=before.due_date if before else None)
    case.closed_at = None
    case.referral_level = ""
    case.save(update_fields=[*STATE_FIELDS, "referral_level", "updated_at"])
    event_add(
        case,
        EventKind.REOPEN,
        actor=user,
        public=True,
        text=reason.strip(),
        from_state=from_state,
        to_state=back_to,
        data={"by_staff": True},
    )
    return case


@transaction.atomic
def complaint_escalate(*, user: Any, complaint: Complaint, reason: str) -> Complaint:
    """Record that the case went up to the governor's office (a manager's decision)."""
    require(user, complaint, Action.MANAGE)
    case = _lock(complaint)
    if case.status in CLOSED_STATES:
        raise ApplicationError(
            _("A closed case is not escalated: reopen it first."), code="complaint_closed"
        )
    if case.escalated_at is not None:
        raise ApplicationError(
            _("This case was already escalated to the governor's office."), code="escalated"
        )
    if not reason.strip():
        raise invalid("reason", _("Say why the governor's office should take it up."), "required")
    case.escalated_at = timezone.now()
    case.save(update_fields=["escalated_at", "updated_at"])
    event_add(case, EventKind.ESCALATE, actor=user, public=True, text=reason.strip())
    return case


@transaction.atomic
def complaint_merge(*, user: Any, duplicate: Complaint, into: Complaint, text: str = "") -> None:
    """Close a duplicate into the case that stays. Its complainants follow the staying case
    from now on and are told so."""
    require(user, duplicate)
    require(user, into)
    dup = _lock(duplicate)
    keep = _lock(into)
    if keep.merged_into_id:
        keep = keep.merged_into  # type: ignore[assignment]
    if dup.pk == keep.pk:
        raise invalid("into", _("A complaint cannot be merged into itself."), "same")
    if dup.province_id != keep.province_id or dup.office_id != keep.office_id:
        raise invalid(
            "into",
            _("Merge only cases of the same province handled by the same office."),
            "other_office",
        )
    if dup.status in CLOSED_STATES:
        raise invalid(
            "into", _("Only an open complaint can be merged as a duplicate."), "complaint_closed"
        )
    if keep.status in CLOSED_STATES:
        raise invalid("into", _("Merge into an open complaint."), "complaint_closed")
    now = timezone.now()
    from_state = dup.status
    period_start(dup, Status.DUPLICATE, now)
    dup.closed_at = now
    dup.merged_into = keep
    dup.save(update_fields=[*STATE_FIELDS, "merged_into", "updated_at"])
    # Duplicates of the duplicate follow too: one hop from any code to the staying case.
    Complaint.objects.filter(merged_into=dup).update(merged_into=keep)
    message = text.strip() or str(
        _("The same problem is handled under %(code)s.") % {"code": keep.code}
    )
    event_add(
        dup,
        EventKind.MERGED,
        actor=user,
        public=True,
        text=message,
        from_state=from_state,
        to_state=Status.DUPLICATE,
        data={"into": keep.code},
    )
    event_add(keep, EventKind.MERGE, actor=user, data={"duplicate": dup.code})


@transaction.atomic
def complaint_set_establishment(
    *, user: Any, complaint: Complaint, establishment_id: int | None, confirmed: bool
) -> Complaint:
    require(user, complaint)
    case = _lock(complaint)
    if establishment_id is not None:
        from saphan.complaints.selectors.public import establishment_exists

        if not establishment_exists(establishment_id):
            raise invalid(
                "establishment", _("This establishment is not in the registry."), "unknown"
            )
    case.establishment_id = establishment_id
    case.establishment_confirmed = bool(confirmed and establishment_id)
    episode_attach(case)
    case.save(update_fields=["establishment", "establishment_confirmed", "episode", "updated_at"])
    event_add(
        case,
        EventKind.ESTABLISHMENT,
        actor=user,
        data={"establishment": establishment_id, "confirmed": case.establishment_confirmed},
    )
    return case


@transaction.atomic
def complaint_set_place(
    *,
    user: Any,
    complaint: Complaint,
    subdistrict: Subdistrict | None,
    latitude: Any = None,
    longitude: Any = None,
) -> Complaint:
    """Correct the place within the province (another province is a forward)."""
    require(user, complaint)
    case = _lock(complaint)
    if subdistrict is not None:
        if subdistrict.province_id != case.province_id:
            raise invalid(
                "subdistrict",
                _(
                    "This subdistrict is in another province: forward the "
                    "case to that province's office instead."
                ),
                "subdistrict_province",
            )
        case.subdistrict = subdistrict
        case.district_id = subdistrict.district_id
    if (latitude is None) != (longitude is None):
        raise invalid("location", _("Give both latitude and longitude, or neither."), "point_half")
    if latitude is not None:
        if not in_thailand(latitude, longitude):
            raise invalid(
                "location",
                _("The point %(lat)s, %(lon)s is outside Thailand: move the pin to the place."),
                "point_outside",
                lat=latitude,
                lon=longitude,
            )
        case.latitude, case.longitude = latitude, longitude
        case.public_lat, case.public_lon = coarsen(latitude), coarsen(longitude)
    case.save(
        update_fields=[
            "subdistrict",
            "district",
            "latitude",
            "longitude",
            "public_lat",
            "public_lon",
            "updated_at",
        ]
    )
    event_add(case, EventKind.LOCATION, actor=user)
    return case


@transaction.atomic
def complaint_set_summary(*, user: Any, complaint: Complaint, text: str) -> None:
    """What the public reads about the case (the complainant's own words stay internal)."""
    require(user, complaint)
    now = timezone.now()
    Complaint.objects.filter(pk=complaint.pk).update(
        public_summary=text.strip()[:1000], updated_at=now, public_updated_at=now
    )


@transaction.atomic
def photo_set_public(*, user: Any, photo: Photo, public: bool) -> None:
    require(user, photo.complaint)
    Photo.objects.filter(pk=photo.pk).update(is_public=public)
    now = timezone.now()
    Complaint.objects.filter(pk=photo.complaint_id).update(updated_at=now, public_updated_at=now)


def officers_for(complaint: Complaint) -> list[User]:
    """Who may be given the case: officers and above of its responsible office."""
    memberships = Membership.objects.filter(
        office_id=complaint.office_id,
        role__in=["officer", "manager", "administrator"],
        user__is_active=True,
    ).select_related("user")
    return sorted({m.user for m in memberships}, key=lambda u: (u.first_name, u.username))
