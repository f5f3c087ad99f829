"""The complaints card on the home page: new complaints to acknowledge, open cases, the person's
own open cases and the overdue ones, through the person's scope (staff only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import OPEN_STATES, Status
from saphan.complaints.selectors.staff import complaint_base_for_user
from saphan.core.home import HomeCard, HomeFigure
from saphan.core.scoping import Action, scope_for


def complaints_home_card(user: Any) -> HomeCard | None:
    if not scope_for(user).provinces(Action.VIEW):
        return None
    open_q = Q(status__in=OPEN_STATES)
    counts = complaint_base_for_user(user).aggregate(
        new=Count("id", filter=Q(status=Status.RECEIVED)),
        open=Count("id", filter=open_q),
        mine=Count("id", filter=open_q & Q(assignment__user=user), distinct=True),
        overdue=Count("id", filter=open_q & Q(state_due__lt=timezone.localdate())),
    )
    cases = reverse("complaint-list")
    figures = [
        HomeFigure(_("new complaints to acknowledge"), counts["new"], f"{cases}?status=received"),
        HomeFigure(_("open complaints"), counts["open"], f"{cases}?status=open"),
        HomeFigure(_("open complaints assigned to you"), counts["mine"],
                   f"{cases}?status=open&assigned=me"),
        HomeFigure(_("overdue complaints"), counts["overdue"], f"{cases}?status=overdue",
                   alert=counts["overdue"] > 0),
    ]  # fmt: skip
    return HomeCard(title=_("Complaints"), url=cases, figures=figures, order=20)
