"""Officers' pages for cases: the list with filters and export, intake of a call or letter,
the case page with every action, the identity panel (logged), photos, the dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from saphan.complaints import notify
from saphan.complaints.forms import (
    AssignForm,
    DashboardForm,
    EscalateForm,
    EstablishmentLinkForm,
    ForwardForm,
    MergeForm,
    NoteForm,
    PhotoForm,
    PlaceForm,
    ReferForm,
    StaffIntakeForm,
    StatusForm,
    SummaryForm,
    UndoClosingForm,
    UpdateForm,
)
from saphan.complaints.models import (
    CLOSED_STATES,
    Category,
    Complainant,
    Complaint,
    Photo,
    RequestKind,
    Status,
)
from saphan.complaints.selectors import dashboard as dashboard_selectors
from saphan.complaints.selectors import public as public_selectors
from saphan.complaints.selectors import staff as selectors
from saphan.complaints.services import handling, intake, privacy
from saphan.complaints.services.common import may_act, may_read_words, normalise_code
from saphan.complaints.views.common import errors_to_form, map_context, page_of, query_without
from saphan.complaints.views.public import ALIASES, _contact, intake_from
from saphan.core.errors import ApplicationError
from saphan.core.forms import PlacesInOrder, SubdistrictsByDistrict
from saphan.core.scoping import Action, scope_for
from saphan.core.selectors import province_list
from saphan.core.tabular import table_response
from saphan.core.thai import local_name


def _filters(request: HttpRequest) -> selectors.ComplaintFilters:
    establishment = request.GET.get("establishment", "")
    return selectors.ComplaintFilters(
        q=request.GET.get("q", "").strip()[:100],
        status=request.GET.get("status", ""),
        category=request.GET.get("category", ""),
        province=request.GET.get("province", "")[:2],
        district=request.GET.get("district", "")[:4],
        office=request.GET.get("office", "")[:20],
        assigned=request.GET.get("assigned", ""),
        establishment=int(establishment) if establishment.isdigit() else None,
        sort=request.GET.get("sort", "-received"),
    )


def _staff(user: Any) -> None:
    if not scope_for(user).provinces(Action.VIEW):
        raise PermissionDenied


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    _staff(request.user)
    filters = _filters(request)
    cases = selectors.complaint_list_for_user(request.user, filters)
    return render(
        request,
        "complaints/staff/list.html",
        {
            "page": page_of(request, cases),
            "filters": filters,
            "categories": Category.choices,
            "statuses": Status.choices,
            "provinces": province_list(),
            "overdue": selectors.overdue_count_for_user(request.user),
            "query": query_without(request, "page"),
            "query_without_sort": query_without(request, "page", "sort"),
            "today": timezone.localdate(),
            "can_create": bool(scope_for(request.user).provinces(Action.CHANGE)),
        },
    )


@login_required
def complaint_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV or XLSX — never anyone's identity."""
    _staff(request.user)
    fmt = request.GET.get("format", "csv")
    cases = selectors.complaint_list_for_user(request.user, _filters(request))
    try:
        return table_response(fmt, "complaints", *dashboard_selectors.export_table(cases))
    except ApplicationError as exc:
        return HttpResponse(str(exc), status=400)


@login_required
def complaint_create(request: HttpRequest) -> HttpResponse:
    """An officer types a complaint received by phone, letter or at the counter."""
    if not scope_for(request.user).provinces(Action.CHANGE):
        raise PermissionDenied
    form = StaffIntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = intake.complaint_submit(
                intake=intake_from(
                    form.cleaned_data,
                    form.cleaned_data["message_language"] or "th",
                    channel=form.cleaned_data["channel"],
                ),
                contact=_contact(form.cleaned_data),
                photos=form.cleaned_data.get("photos") or [],
                entered_by=request.user,
            )
        except ApplicationError as exc:
            errors_to_form(form, exc, ALIASES)
        else:
            messages.success(
                request,
                _("Complaint %(code)s recorded. Give the caller this tracking code.")
                % {"code": submitted.complaint.code},
            )
            return redirect(submitted.complaint.get_absolute_url())
    return render(request, "complaints/staff/create.html", {"form": form, **map_context()})


def _get(request: HttpRequest, code: str, action: Action = Action.VIEW) -> Complaint:
    try:
        return selectors.complaint_get_for_user(request.user, code, action)
    except Complaint.DoesNotExist:
        raise Http404 from None


def _forms(request: HttpRequest, case: Complaint) -> dict[str, Any]:
    states = [(s, Status(s).label) for s in handling.next_states(case.status)]
    update = UpdateForm(prefix="update")
    update.fields["template"].queryset = selectors.templates_for(request.user, case)  # type: ignore[attr-defined]
    assign = AssignForm(prefix="assign")
    assign.fields["officer"].queryset = _officer_queryset(case)  # type: ignore[attr-defined]
    return {
        "status_form": StatusForm(prefix="status", states=states),
        "update_form": update,
        "note_form": NoteForm(prefix="note"),
        "assign_form": assign,
        "forward_form": _forward_form(case),
        "refer_form": ReferForm(prefix="refer"),
        "escalate_form": EscalateForm(prefix="escalate"),
        "undo_form": UndoClosingForm(prefix="undo"),
        "merge_form": MergeForm(prefix="merge"),
        "establishment_form": EstablishmentLinkForm(prefix="establishment"),
        "place_form": _place_form(case),
        "summary_form": SummaryForm(prefix="summary", initial={"text": case.public_summary}),
        "photo_form": PhotoForm(prefix="photo"),
    }


def _forward_form(case: Complaint, data: Any = None) -> ForwardForm:
    """The offices a case can go to, named and ordered in the page's language."""
    form = ForwardForm(data, prefix="forward")
    field: Any = form.fields["office"]
    field.iterator = PlacesInOrder  # before the queryset, which hands it to the widget
    field.queryset = selectors.offices_to_forward(case)
    field.label_from_instance = local_name
    return form


def _place_form(case: Complaint, data: Any = None) -> PlaceForm:
    from saphan.core.models import Subdistrict

    form = PlaceForm(data, prefix="place", initial={"subdistrict": case.subdistrict_id})
    field: Any = form.fields["subdistrict"]
    field.iterator = SubdistrictsByDistrict  # before the queryset, which hands it to the widget
    field.queryset = Subdistrict.objects.filter(province_id=case.province_id)
    field.label_from_instance = lambda s: f"{local_name(s)} · {local_name(s.district)}"
    return form


def _officer_queryset(case: Complaint) -> Any:
    from saphan.core.models import User

    return User.objects.filter(pk__in=[u.pk for u in handling.officers_for(case)]).order_by(
        "first_name", "username"
    )


def _detail(
    request: HttpRequest, case: Complaint, forms: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        "complaints/staff/detail.html",
        {
            "case": case,
            "area": selectors.area_of(case),
            "timeline": selectors.timeline_for(case),
            "ratings": selectors.ratings_for(case),
            "periods": selectors.periods_for(case),
            "assigned": selectors.assigned_for(case),
            "photos": selectors.photos_for(case, words=may_read_words(request.user, case)),
            "duplicates": selectors.duplicates_for(case),
            "candidates": selectors.merge_candidates(request.user, case)
            if not case.is_closed
            else [],
            "episode_count": selectors.episode_count(case),
            "inspections": case.inspections.select_related("establishment").order_by("-visited_at"),
            "orders": case.orders.select_related("establishment").order_by("-issued_on"),
            "notifications": notify.notification_summary(case),
            "identity_allowed": privacy.identity_visible_to(request.user, case),
            "words_allowed": may_read_words(request.user, case),
            "can_change": may_act(request.user, case, Action.CHANGE),
            "can_manage": may_act(request.user, case, Action.MANAGE),
            "is_closed": case.is_closed,
            "closing_states": " ".join(sorted(CLOSED_STATES)),
            "today": timezone.localdate(),
            "request_kinds": RequestKind.choices,
            **map_context(),
            **forms,
        },
        status=status,
    )


@login_required
def complaint_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = _get(request, code)
    return _detail(request, case, _forms(request, case))


@never_cache  # who complained stays out of every cache, the browser's included
@login_required
@require_GET
def complaint_identity(request: HttpRequest, code: str) -> HttpResponse:
    """Who complained — for the assigned officers and the office's managers; each view logged."""
    case = _get(request, code)
    try:
        people = privacy.identity_open(user=request.user, complaint=case, context="page")
    except ApplicationError as exc:
        raise PermissionDenied(str(exc.message)) from exc
    return render(
        request, "complaints/staff/partials/identity.html", {"people": people, "case": case}
    )


# --- Actions: each parses its form, calls one service, and comes back to the case -----------


def _status(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    states = [(s, Status(s).label) for s in handling.next_states(case.status)]
    form = forms["status_form"] = StatusForm(request.POST, prefix="status", states=states)
    if form.is_valid():
        explainer = form.cleaned_data["explainer"]
        handling.complaint_transition(
            user=request.user,
            complaint=case,
            to_state=form.cleaned_data["to_state"],
            text=form.cleaned_data["text"],
            explainer_id=explainer.pk if explainer else None,
        )
        return
    raise _invalid_form(form)


def _update(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["update_form"]
    form = forms["update_form"] = UpdateForm(request.POST, prefix="update")
    form.fields["template"].queryset = selectors.templates_for(request.user, case)  # type: ignore[attr-defined]
    if form.is_valid():
        explainer = form.cleaned_data["explainer"]
        handling.complaint_update(
            user=request.user,
            complaint=case,
            text=form.cleaned_data["text"],
            explainer_id=explainer.pk if explainer else None,
        )
        return
    raise _invalid_form(form)


def _note(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["note_form"] = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        handling.complaint_note(user=request.user, complaint=case, text=form.cleaned_data["text"])
        return
    raise _invalid_form(form)


def _assign(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["assign_form"] = AssignForm(request.POST, prefix="assign")
    form.fields["officer"].queryset = _officer_queryset(case)  # type: ignore[attr-defined]
    if form.is_valid():
        officer = form.cleaned_data["officer"]
        if request.POST.get("remove"):
            handling.complaint_unassign(user=request.user, complaint=case, officer=officer)
        else:
            handling.complaint_assign(user=request.user, complaint=case, officer=officer)
        return
    raise _invalid_form(form)


def _take(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    handling.complaint_assign(user=request.user, complaint=case, officer=request.user)  # type: ignore[arg-type]


def _forward(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["forward_form"] = _forward_form(case, request.POST)
    if form.is_valid():
        handling.complaint_forward(
            user=request.user,
            complaint=case,
            office=form.cleaned_data["office"],
            reason=form.cleaned_data["reason"],
        )
        return
    raise _invalid_form(form)


def _refer(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["refer_form"] = ReferForm(request.POST, prefix="refer")
    if form.is_valid():
        handling.complaint_refer(user=request.user, complaint=case, **form.cleaned_data)
        return
    raise _invalid_form(form)


def _escalate(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["escalate_form"] = EscalateForm(request.POST, prefix="escalate")
    if form.is_valid():
        handling.complaint_escalate(
            user=request.user, complaint=case, reason=form.cleaned_data["reason"]
        )
        return
    raise _invalid_form(form)


def _undo(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["undo_form"] = UndoClosingForm(request.POST, prefix="undo")
    if form.is_valid():
        handling.complaint_undo_closing(
            user=request.user, complaint=case, reason=form.cleaned_data["reason"]
        )
        return
    raise _invalid_form(form)


def _merge(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["merge_form"] = MergeForm(request.POST, prefix="merge")
    if form.is_valid():
        try:
            into = selectors.complaint_get_for_user(
                request.user, normalise_code(form.cleaned_data["into"]), Action.CHANGE
            )
        except Complaint.DoesNotExist:
            form.add_error("into", _("No complaint in your provinces has this tracking code."))
            raise _invalid_form(form) from None
        handling.complaint_merge(
            user=request.user, duplicate=case, into=into, text=form.cleaned_data["text"]
        )
        return
    raise _invalid_form(form)


def _establishment(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["establishment_form"] = EstablishmentLinkForm(request.POST, prefix="establishment")
    if form.is_valid():
        handling.complaint_set_establishment(
            user=request.user,
            complaint=case,
            establishment_id=form.cleaned_data["establishment"] or None,
            confirmed=form.cleaned_data["confirmed"],
        )
        return
    raise _invalid_form(form)


def _place(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["place_form"] = _place_form(case, request.POST)
    if form.is_valid():
        handling.complaint_set_place(
            user=request.user,
            complaint=case,
            subdistrict=form.cleaned_data["subdistrict"],
            latitude=form.cleaned_data["latitude"],
            longitude=form.cleaned_data["longitude"],
        )
        return
    raise _invalid_form(form)


def _summary(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["summary_form"] = SummaryForm(request.POST, prefix="summary")
    if form.is_valid():
        handling.complaint_set_summary(
            user=request.user, complaint=case, text=form.cleaned_data["text"]
        )
        return
    raise _invalid_form(form)


def _photos(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    form = forms["photo_form"] = PhotoForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        intake.photo_add(complaint=case, uploads=form.cleaned_data["photos"], staff=request.user)
        return
    raise _invalid_form(form)


def _request(request: HttpRequest, case: Complaint, forms: dict[str, Any]) -> None:
    """An officer records a personal-data request that came by letter or phone."""
    person = Complainant.objects.filter(
        complaint=case, pk=request.POST.get("complainant") or 0
    ).first()
    if person is None:
        raise ApplicationError(_("Choose the person who asks."), code="required")
    if not privacy.identity_visible_to(request.user, case):
        raise PermissionDenied
    privacy.request_create(
        complainant=person,
        kind=request.POST.get("kind", ""),
        user=request.user,
        note=request.POST.get("note", ""),
    )


class _FormInvalid(Exception):
    pass


def _invalid_form(form: Any) -> _FormInvalid:
    return _FormInvalid(form)


ACTIONS: dict[str, tuple[Callable[[HttpRequest, Complaint, dict[str, Any]], None], str]] = {
    "status": (_status, "status_form"),
    "update": (_update, "update_form"),
    "note": (_note, "note_form"),
    "assign": (_assign, "assign_form"),
    "take": (_take, "assign_form"),
    "forward": (_forward, "forward_form"),
    "refer": (_refer, "refer_form"),
    "escalate": (_escalate, "escalate_form"),
    "undo": (_undo, "undo_form"),
    "merge": (_merge, "merge_form"),
    "establishment": (_establishment, "establishment_form"),
    "place": (_place, "place_form"),
    "summary": (_summary, "summary_form"),
    "photos": (_photos, "photo_form"),
    "request": (_request, "note_form"),
}
DONE = {
    "status": _("Status changed; the complainants are told."),
    "update": _("Update published; the complainants are told."),
    "note": _("Note added."),
    "forward": _("Forwarded."),
    "refer": _("Referred and closed."),
    "escalate": _("Escalation recorded."),
    "undo": _("Reopened; the complainants are told."),
    "merge": _("Merged; its complainants now follow the other complaint."),
}


@login_required
@require_POST
def complaint_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    case = _get(request, code)
    handler, form_name = ACTIONS[action]
    forms = _forms(request, case)
    try:
        handler(request, case, forms)
    except _FormInvalid:
        messages.error(request, _("Please correct the fields marked below."))
        return _detail(request, case, forms, status=422)
    except ApplicationError as exc:
        errors_to_form(forms[form_name], exc)
        messages.error(request, str(exc.message) % exc.params if exc.params else str(exc.message))
        return _detail(request, case, forms, status=exc.status if exc.status != 400 else 422)
    case.refresh_from_db(fields=["code", "province", "office"])
    if not selectors.complaint_base_for_user(request.user).filter(pk=case.pk).exists():
        # Forwarded to an office of another province: out of this person's provinces now.
        messages.success(
            request,
            _("Forwarded to %(office)s: the case is now out of your provinces.")
            % {"office": local_name(case.office)},
        )
        return redirect("complaint-list")
    messages.success(request, str(DONE.get(action, _("Saved."))))
    return redirect(case.get_absolute_url())


@login_required
@require_GET
def template_text(request: HttpRequest, code: str) -> HttpResponse:
    """HTMX: a response template filled in for this case, into the update's text box."""
    case = _get(request, code)
    # The public update's form or the status form (a closing's text starts from one too).
    prefix = "status" if "status-template" in request.GET else "update"
    chosen = request.GET.get(f"{prefix}-template") or "0"
    template = (
        selectors.templates_for(request.user, case)
        .filter(pk=int(chosen) if chosen.isdigit() else 0)
        .first()
    )
    text = selectors.template_render(template, case) if template else ""
    return render(
        request, "complaints/staff/partials/update_text.html", {"text": text, "prefix": prefix}
    )


@login_required
def photo_view(request: HttpRequest, pk: int) -> FileResponse:
    try:
        photo = selectors.photo_get_for_user(request.user, pk)
    except Photo.DoesNotExist:
        raise Http404 from None
    if not photo.is_public and not may_read_words(request.user, photo.complaint):
        raise Http404  # a photo not made public is the responsible office's, as their words
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@login_required
@require_POST
def photo_public(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        photo = selectors.photo_get_for_user(request.user, pk)
    except Photo.DoesNotExist:
        raise Http404 from None
    try:
        handling.photo_set_public(
            user=request.user, photo=photo, public=request.POST.get("public") == "1"
        )
    except ApplicationError as exc:
        raise PermissionDenied from exc
    return redirect(photo.complaint.get_absolute_url() + "#photos")


# --- Dashboard -------------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[DashboardForm, dt.date, dt.date]:
    form = DashboardForm(request.GET or None)
    today = timezone.localdate()
    since, until = today.replace(day=1) - dt.timedelta(days=365), today
    if form.is_bound and form.is_valid():
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
    since = (
        since.replace(day=1) if not (form.is_bound and form.cleaned_data.get("since")) else since
    )
    if not form.is_bound:  # the fields show the period the figures are for
        form = DashboardForm(initial={"since": since, "until": until})
    return form, since, until


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _staff(request.user)
    form, since, until = _period(request)
    province = request.GET.get("province", "")[:2]
    board = dashboard_selectors.dashboard_for_user(
        request.user, since=since, until=until, province=province
    )
    return render(
        request,
        "complaints/staff/dashboard.html",
        {
            "board": board,
            "form": form,
            "provinces": province_list(),
            "province": province,
            "query": request.GET.urlencode(),
            "stats_open": public_selectors.public_stats(province),
            **map_context(),
        },
    )


@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    _staff(request.user)
    _form, since, until = _period(request)
    board = dashboard_selectors.dashboard_for_user(
        request.user, since=since, until=until, province=request.GET.get("province", "")[:2]
    )
    headings, rows = dashboard_selectors.dashboard_tables(board)
    try:
        return table_response(
            request.GET.get("format", "csv"), "complaints-dashboard", headings, rows
        )
    except ApplicationError as exc:
        return HttpResponse(str(exc), status=400)
