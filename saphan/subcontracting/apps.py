"""Subcontracting exchange: group readiness, work offers, capacity-aware allocation
(engines.allocation), the material-receipt-payment ledger and earnings measures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcontractingConfig(AppConfig):
    name = "saphan.subcontracting"
    label = "subcontracting"
    verbose_name = _("Subcontracting")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from saphan.subcontracting import models

        # Members are left out on purpose: withdrawing consent must erase a member's data, and
        # the change history would keep it; so are the names of who signed for a group or a
        # company (personal data, shown only to those who see contacts).
        auditlog.register(models.GroupProfile, exclude_fields=["intent_signed_by"])
        auditlog.register(models.CompanyProfile, exclude_fields=["signed_by"])
        for model in (
            models.MinimumWage,
            models.Machine,
            models.Unavailability,
            models.WorkOffer,
            models.AllocationRun,
            models.Lot,
            models.Agreement,
            models.MaterialMovement,
            models.Receipt,
            models.Payment,
        ):
            auditlog.register(model)

        from saphan.core.demo import demo_hooks
        from saphan.subcontracting import jobs  # noqa: F401  (registers the allocation job)
        from saphan.subcontracting.demo import subcontracting_demo

        demo_hooks.append(subcontracting_demo)

        from saphan.core.context_processors import NAVIGATION, REPRESENTATIVE_NAVIGATION
        from saphan.core.models import ROLE_RANK

        NAVIGATION.append(("subcontracting-home", _("Subcontracting"), ROLE_RANK["viewer"]))
        REPRESENTATIVE_NAVIGATION.append(("subcontracting-my", _("My work")))

        from saphan.registry.panels import detail_panels
        from saphan.subcontracting.panels import work_panel

        detail_panels.append(work_panel)

        from saphan.core.home import home_cards
        from saphan.subcontracting.home import subcontracting_home_card

        home_cards.append(subcontracting_home_card)
