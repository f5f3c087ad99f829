"""Subcontracting exchange: group readiness, work offers, capacity-aware allocation
(engines.allocation), the material-receipt-payment ledger and earnings measures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcontractingConfig(AppConfig):
    name = "saphan.subcontracting"
    label = "subcontracting"
    verbose_name = _("Subcontracting")

    def ready(self) -> None:
        # Audited models (auditlog.register), job handlers, demo hooks, navigation entries and
        # registry panels are registered here as the app grows.
        pass
