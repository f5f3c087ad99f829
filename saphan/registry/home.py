"""The registry's card on the home page: records in scope, with errors, not current."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saphan.core.home import HomeCard, HomeFigure
from saphan.core.scoping import Action, scope_for
from saphan.registry.selectors import registry_summary_for_user


def registry_home_card(user: Any) -> HomeCard | None:
    if not scope_for(user).provinces(Action.VIEW):
        return None
    summary = registry_summary_for_user(user)
    worklist = reverse("quality-worklist")
    return HomeCard(
        title=_("Registry"),
        url=reverse("establishment-list"),
        order=10,
        figures=[
            HomeFigure(_("records"), summary.records, reverse("establishment-list")),
            HomeFigure(
                _("records with an error to fix"),
                summary.with_errors,
                worklist,
                alert=summary.with_errors > 0,
            ),
            HomeFigure(_("not verified within the period"), summary.not_current, worklist),
        ],
    )
