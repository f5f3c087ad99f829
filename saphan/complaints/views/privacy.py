"""Officers' pages for privacy: personal-data requests with their 30-day clock, the log of
who viewed complainants' identity, and anonymisation as a job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.complaints.jobs import anonymise_start
from saphan.complaints.models import DataSubjectRequest, RequestStatus
from saphan.complaints.selectors import staff as selectors
from saphan.complaints.services import privacy
from saphan.complaints.views.common import page_of
from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for


@login_required
def privacy_home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.provinces(Action.CHANGE):
        raise PermissionDenied
    status = request.GET.get("status", RequestStatus.OPEN)
    return render(
        request,
        "complaints/staff/privacy.html",
        {
            "requests": selectors.request_list_for_user(request.user, status=status),
            "status": status,
            "statuses": RequestStatus.choices,
            "log": page_of(request, selectors.identity_access_for_user(request.user), 50),
            "can_manage": bool(scope.provinces(Action.MANAGE)),
            "can_anonymise": bool(scope.provinces(Action.ADMINISTER)),
        },
    )


@login_required
@require_POST
def request_complete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.request_get_for_user(request.user, pk)
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None
    try:
        privacy.request_complete(
            user=request.user,
            request=item,
            refuse=request.POST.get("refuse") == "1",
            note=request.POST.get("note", ""),
        )
    except ApplicationError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Request answered; the complainant sees it on their link."))
    return redirect("complaint-privacy-home")


@login_required
@require_POST
def anonymise(request: HttpRequest) -> HttpResponse:
    """Run the anonymisation now (it also runs every day from the scheduler)."""
    if not scope_for(request.user).provinces(Action.ADMINISTER):
        raise PermissionDenied
    job = anonymise_start(user=request.user, office=getattr(request, "office", None))
    return redirect(job.get_absolute_url())
