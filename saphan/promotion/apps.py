"""Industrial promotion: service catalog and requests, demand, joint visits planned with
engines.routing, funds and training, projects with staff and consultants."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "saphan.promotion"
    label = "promotion"
    verbose_name = _("Industrial promotion")

    def ready(self) -> None:
        # Audited models (auditlog.register), job handlers, demo hooks, navigation entries and
        # registry panels are registered here as the app grows.
        pass
