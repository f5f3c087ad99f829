"""Environmental complaints: public intake and tracking, Open311, case handling within the
province, inspections and measurements against standards, explainers, privacy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "saphan.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from saphan.complaints import models

        # The complainant (Complainant) is not audited: its history would copy personal data
        # into the log. The case's own words and exact point are left out of the log too.
        auditlog.register(
            models.Complaint,
            exclude_fields=[
                "description",
                "latitude",
                "longitude",
                "address_text",
                "updated_at",
                "open311_token",
            ],
        )
        for model in (
            models.Inspection,
            models.Measurement,
            models.Order,
            models.Standard,
            models.Explainer,
            models.ResponseTemplate,
            models.Holiday,
        ):
            auditlog.register(model)

        from django.db.models.signals import post_delete, post_save

        from saphan.complaints.services.common import holidays_changed

        # The per-process holiday calendar is forgotten when a holiday changes here.
        post_save.connect(holidays_changed, sender=models.Holiday, dispatch_uid="cmp-holidays")
        post_delete.connect(holidays_changed, sender=models.Holiday, dispatch_uid="cmp-holidays")

        from saphan.complaints import jobs  # noqa: F401  (registers the job handlers)
        from saphan.complaints.demo import complaints_demo
        from saphan.core.demo import demo_hooks

        demo_hooks.append(complaints_demo)

        from saphan.core.context_processors import NAVIGATION
        from saphan.core.models import ROLE_RANK

        # One entry: the complaints pages have their own menu (cases, dashboard, inspections…).
        NAVIGATION.append(("complaint-list", _("Complaints"), ROLE_RANK["viewer"]))

        from saphan.complaints.panels import complaints_panel
        from saphan.registry.panels import detail_panels

        detail_panels.append(complaints_panel)

        from saphan.complaints.home import complaints_home_card
        from saphan.core.home import home_cards

        home_cards.append(complaints_home_card)
