"""The subcontracting card on the home page: offers to allocate, lots waiting for a group's
answer, lots being sewn and those past their due date, each through the person's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.home import HomeCard, HomeFigure
from saphan.core.scoping import Action, scope_for
from saphan.subcontracting.models import LotStatus, OfferStatus
from saphan.subcontracting.selectors.allocation import lot_base_for_user
from saphan.subcontracting.selectors.offers import offer_base_for_user


def subcontracting_home_card(user: Any) -> HomeCard | None:
    scope = scope_for(user)
    staff = bool(scope.provinces(Action.VIEW))
    if not staff and not scope.establishments:
        return None
    today = timezone.localdate()
    lots = lot_base_for_user(user).aggregate(
        offered=Count("id", filter=Q(status=LotStatus.OFFERED)),
        accepted=Count("id", filter=Q(status=LotStatus.ACCEPTED)),
        late=Count("id", filter=Q(status=LotStatus.ACCEPTED, due_on__lt=today)),
    )
    posted = offer_base_for_user(user).filter(status=OfferStatus.POSTED).count()
    home = reverse("subcontracting-home" if staff else "subcontracting-my")
    offers = reverse("subcontracting-offers")
    figures = [
        HomeFigure(_("offers posted"), posted, f"{offers}?status={OfferStatus.POSTED}"),
        HomeFigure(_("lots waiting for the group's answer"), lots["offered"], home),
        HomeFigure(_("lots being sewn"), lots["accepted"], home),
        HomeFigure(_("lots past their due date"), lots["late"], home, alert=lots["late"] > 0),
    ]
    return HomeCard(title=_("Subcontracting"), url=home, figures=figures, order=30)
