"""Environmental complaints: public intake and tracking, Open311, case handling within the
province, inspections and measurements against standards, explainers, privacy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "saphan.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        # Audited models (auditlog.register), job handlers, demo hooks, navigation entries and
        # registry panels are registered here as the app grows.
        pass
