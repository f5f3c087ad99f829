"""The promotion card on the home page: requests waiting, today's visits of the person's teams."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.home import HomeCard, HomeFigure
from saphan.core.scoping import Action, scope_for
from saphan.promotion.models import RequestState
from saphan.promotion.selectors.planning import visits_of_user_on
from saphan.promotion.selectors.requests import request_counts_by_state


def promotion_home_card(user: Any) -> HomeCard | None:
    scope = scope_for(user)
    staff = bool(scope.provinces(Action.VIEW))
    if not staff and not scope.establishments:
        return None
    counts = request_counts_by_state(user)
    requests = reverse("promotion:request-list")
    figures = [
        HomeFigure(
            _("new requests to plan"),
            counts[RequestState.NEW],
            f"{requests}?state={RequestState.NEW}",
        ),
        HomeFigure(
            _("requests planned or in progress"),
            counts[RequestState.PLANNED] + counts[RequestState.IN_PROGRESS],
            requests,
        ),
    ]
    if staff:
        figures.append(
            HomeFigure(
                _("visits of your teams today"),
                visits_of_user_on(user, timezone.localdate()),
                reverse("promotion:home"),
            )
        )
    return HomeCard(title=_("Promotion"), url=reverse("promotion:home"), figures=figures, order=40)
