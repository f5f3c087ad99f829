"""Pages of the shell: home, offices, people, jobs, API tokens, language and office switch,
the address picker's fragments and /healthz. Views parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from saphan.core import jobs, selectors, services
from saphan.core.errors import ApplicationError
from saphan.core.forms import OfficeForm, TokenForm
from saphan.core.geography import geography_reload_start
from saphan.core.home import home_cards_for
from saphan.core.middleware import SESSION_OFFICE_KEY
from saphan.core.models import ApiToken, Job, JobState, Office, OfficeKind
from saphan.core.scoping import Action, scope_for

PAGE_SIZE = 25


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = (
        request.POST.get("next") or request.GET.get("next") or request.headers.get("Referer", "")
    )
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return fallback


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "roles": selectors.person_roles(request.user),
            "recent_jobs": selectors.job_list_for_user(request.user)[:5],
            "today": timezone.localdate(),
            "cards": home_cards_for(request.user),
            "represents": len(scope_for(request.user).establishments),
        },
    )


@login_required
def office_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    offices = selectors.office_list_for_user(request.user, query=query, kind=kind)
    return render(
        request,
        "core/office_list.html",
        {"page": _page(request, offices), "q": query, "kind": kind, "kinds": OfficeKind.choices},
    )


@login_required
def office_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        office = selectors.office_get(code)
    except Office.DoesNotExist:
        raise Http404 from None
    scope = scope_for(request.user)
    members = selectors.membership_list_for_user(request.user, office=office)
    return render(
        request,
        "core/office_detail.html",
        {
            "office": office,
            "members": members,
            "history": selectors.history_for(office),
            "can_edit": scope.allows_office(office.pk, Action.MANAGE),
        },
    )


@login_required
def office_edit(request: HttpRequest, code: str) -> HttpResponse:
    try:
        office = selectors.office_get(code)
    except Office.DoesNotExist:
        raise Http404 from None
    if not scope_for(request.user).allows_office(office.pk, Action.MANAGE):
        raise PermissionDenied
    form = OfficeForm(
        request.POST or None, instance=office, initial={"subdistrict": office.subdistrict}
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.OFFICE_EDITABLE_FIELDS}
        try:
            services.office_update(user=request.user, office=office, data=data)
        except ApplicationError as exc:
            for name, errors in exc.fields.items():
                for error in errors:
                    form.add_error(None if name == "__all__" else name, error)
        else:
            messages.success(request, _("Office saved."))
            return redirect(office.get_absolute_url())
    return render(request, "core/office_form.html", {"office": office, "form": form})


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    memberships = selectors.membership_list_for_user(request.user, query=query)
    return render(
        request, "core/person_list.html", {"page": _page(request, memberships), "q": query}
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/job_list.html",
        {
            "page": _page(
                request, selectors.job_list_for_user(request.user).select_related("created_by")
            )
        },
    )


def _job_or_404(request: HttpRequest, job_id: Any) -> Job:
    try:
        return selectors.job_get_for_user(request.user, job_id)
    except (Job.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
def job_detail(request: HttpRequest, job_id: Any) -> HttpResponse:
    job = _job_or_404(request, job_id)
    template = "core/partials/job_progress.html" if request.htmx else "core/job_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job, "stalled": jobs.job_is_stalled(job)})


@login_required
@require_POST
def job_cancel(request: HttpRequest, job_id: Any) -> HttpResponse:
    job = jobs.job_cancel(_job_or_404(request, job_id))
    messages.info(
        request, _("Cancel requested.") if not job.is_finished else _("The job has stopped.")
    )
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: Any) -> HttpResponse:
    job = _job_or_404(request, job_id)
    try:
        jobs.job_retry(job)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def geography_reload(request: HttpRequest) -> HttpResponse:
    job = geography_reload_start(user=request.user, office=getattr(request, "office", None))
    return redirect(job.get_absolute_url())


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(user=user, name=form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=user)
    return render(
        request, "core/token_list.html", {"tokens": tokens, "form": form, "new_key": new_key}
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Token revoked."))
    return redirect("token-list")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    response = redirect(_safe_next(request))
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
        )
        services.user_set_language(user=request.user, language=language)
    return response


@login_required
@require_POST
def office_switch(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("office")
    for office in getattr(request, "my_offices", []):
        if str(office.pk) == wanted:
            request.session[SESSION_OFFICE_KEY] = office.pk
            break
    return redirect(_safe_next(request))


@require_GET
def geo_districts(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("province", "")
    return render(
        request,
        "core/partials/options.html",
        {
            "options": selectors.district_list(code) if code else [],
            "placeholder": _("— district —"),
        },
    )


@require_GET
def geo_subdistricts(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("district", "")
    return render(
        request,
        "core/partials/options.html",
        {
            "options": selectors.subdistrict_list(code) if code else [],
            "placeholder": _("— subdistrict —"),
        },
    )


@require_GET
def geo_postal(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("postal_code", "").strip()
    matches = list(selectors.subdistrict_list_by_postal_code(code)) if len(code) == 5 else []
    return render(request, "core/partials/postal_matches.html", {"matches": matches, "code": code})


def healthz(request: HttpRequest) -> JsonResponse:
    """Database and job-queue health as JSON; 503 when either is down."""
    from django_tasks_db.models import DBTaskResult

    body: dict[str, Any] = {"status": "ok", "time": timezone.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # the point is to report any failure
        body["database"] = {"ok": False, "error": exc.__class__.__name__}
        body["status"] = "error"
        return JsonResponse(body, status=503)
    try:
        ready = DBTaskResult.objects.filter(status="READY")
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        waiting_s = int((timezone.now() - oldest).total_seconds()) if oldest else 0
        stale_after = settings.SAPHAN_JOB_STALE_MINUTES * 60
        body["jobs"] = {
            "ok": waiting_s < stale_after,
            "backend": settings.TASKS["default"]["BACKEND"],
            "ready": ready.count(),
            "running": DBTaskResult.objects.filter(status="RUNNING").count(),
            "oldest_ready_seconds": waiting_s,
            "jobs_running": Job.objects.filter(state=JobState.RUNNING).count(),
        }
        if not body["jobs"]["ok"]:
            body["status"] = "degraded"
    except Exception as exc:
        body["jobs"] = {"ok": False, "error": exc.__class__.__name__}
        body["status"] = "error"
        return JsonResponse(body, status=503)
    return JsonResponse(body)
