"""The promotion landing page: what is open, what is planned, what needs attention."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from saphan.core.scoping import Action, scope_for
from saphan.promotion.selectors import dashboard


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if scope.establishments and not scope.provinces(Action.VIEW):
        return redirect("promotion:request-list")
    return render(request, "promotion/home.html", dashboard.dashboard_for(request.user))
