"""Training pages: events with their participants, attendance and certificates (Thai PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.models import User
from saphan.core.pdf import pdf_response
from saphan.core.scoping import Action
from saphan.promotion import documents
from saphan.promotion.forms import TrainingForm
from saphan.promotion.models import TrainingEvent
from saphan.promotion.selectors import training as selectors
from saphan.promotion.selectors.catalog import officers_for
from saphan.promotion.selectors.common import offices_for
from saphan.promotion.selectors.funds import activities_for_user
from saphan.promotion.services import training as services
from saphan.promotion.services.common import office_allowed
from saphan.promotion.views.common import apply_errors, found, page_of, run_action
from saphan.promotion.views.offices import office_for_new


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "promotion/training_list.html",
        {
            "page": page_of(request, selectors.training_list_for_user(request.user)),
            "can_create": offices_for(request.user, Action.CHANGE).exists(),
        },
    )


@login_required
def training_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    event = found(lambda: selectors.training_get_for_user(request.user, pk)) if pk else None
    office = event.office if event else office_for_new(request, Action.CHANGE)
    if not office_allowed(request.user, office, Action.CHANGE):
        raise PermissionDenied
    form = TrainingForm(
        request.POST or None, instance=event, activities=activities_for_user(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.EVENT_FIELDS}
        try:
            if event is None:
                event = services.training_create(user=request.user, office=office, data=data)
            else:
                services.training_update(user=request.user, event=event, data=data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Training saved."))
            return redirect(event.get_absolute_url())
    return render(
        request, "promotion/training_form.html", {"form": form, "event": event, "office": office}
    )


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = found(lambda: selectors.training_get_for_user(request.user, pk))
    participants = selectors.training_participants(request.user, event)
    can_change = office_allowed(request.user, event.office_id, Action.CHANGE)
    taken = {p.user_id for p in participants}
    return render(
        request,
        "promotion/training_detail.html",
        {
            "event": event,
            "participants": participants,
            "can_change": can_change,
            "candidates": [u for u in officers_for(request.user) if u.pk not in taken]
            if can_change
            else [],
            "certified": sum(1 for p in participants if p.certificate_no),
            "mine": next((p for p in participants if p.user_id == request.user.pk), None),
        },
    )


def _event(request: HttpRequest, pk: int) -> TrainingEvent:
    return found(lambda: selectors.training_get_for_user(request.user, pk))


@login_required
@require_POST
def participants_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    ids = [int(v) for v in request.POST.getlist("officers") if v.isdigit()]
    run_action(
        request,
        lambda: services.participants_add(
            user=request.user, event=event, officers=list(User.objects.filter(pk__in=ids))
        ),
        lambda n: _("%(n)s participants added.") % {"n": n},
    )
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int, participant: int) -> HttpResponse:
    event = _event(request, pk)
    found_participant = found(lambda: selectors.participant_of_event(event, participant))
    run_action(
        request,
        lambda: services.participant_remove(user=request.user, participant=found_participant),
        _("Participant removed."),
    )
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    ids = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
    run_action(
        request,
        lambda: services.attendance_set(user=request.user, event=event, attended=ids),
        _("Attendance saved."),
    )
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    run_action(
        request,
        lambda: services.certificates_issue(user=request.user, event=event),
        lambda n: _("%(n)s certificates issued.") % {"n": n},
    )
    return redirect(event.get_absolute_url())


@login_required
def certificates_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not office_allowed(request.user, event.office_id, Action.VIEW):
        raise PermissionDenied
    certified = [
        p for p in selectors.training_participants(request.user, event) if p.certificate_no
    ]
    return pdf_response(
        documents.certificates_pdf(event, certified), f"certificates-{event.pk}.pdf"
    )


@login_required
def certificate_pdf(request: HttpRequest, participant: int) -> HttpResponse:
    found_participant = found(lambda: selectors.participant_get_for_user(request.user, participant))
    if not found_participant.certificate_no:
        raise PermissionDenied
    mine = found_participant.user_id == request.user.pk
    if not mine and not office_allowed(
        request.user, found_participant.event.office_id, Action.VIEW
    ):
        raise PermissionDenied
    return pdf_response(
        documents.certificates_pdf(found_participant.event, [found_participant]),
        f"certificate-{found_participant.certificate_no}.pdf",
    )
