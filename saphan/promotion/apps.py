"""Industrial promotion: service catalog and requests, demand, joint visits planned with
engines.routing, funds and training, projects with staff and consultants."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "saphan.promotion"
    label = "promotion"
    verbose_name = _("Industrial promotion")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from saphan.promotion import models

        for model in (
            models.WorkingGroup,
            models.Service,
            models.OfficerSkill,
            models.OfficeLocation,
            models.ServiceRequest,
            models.RequestItem,
            models.Attachment,
            models.Team,
            models.Plan,
            models.PlannedVisit,
            models.Fund,
            models.Activity,
            models.BudgetLine,
            models.Commitment,
            models.Spending,
            models.BudgetOverride,
            models.TrainingEvent,
            models.Participant,
            models.Consultant,
            models.ConsultantContract,
            models.Project,
            models.ProjectTask,
        ):
            auditlog.register(model)

        # The standard catalog needs the reference offices, which `saphan setup` loads after
        # migrate: it then runs its setup hooks (existing groups and services are kept).
        from saphan.core.setup_hooks import setup_hook_register
        from saphan.promotion.services.catalog import catalog_setup

        setup_hook_register(catalog_setup)

        from saphan.core.context_processors import NAVIGATION, REPRESENTATIVE_NAVIGATION
        from saphan.core.models import ROLE_RANK
        from saphan.promotion import jobs  # noqa: F401  (registers the planning job)
        from saphan.promotion.panels import establishment_services_panel
        from saphan.registry.panels import detail_panels

        detail_panels.append(establishment_services_panel)

        from saphan.core.demo import demo_hooks
        from saphan.promotion.demo import promotion_demo

        demo_hooks.append(promotion_demo)

        NAVIGATION.append(("promotion:home", _("Promotion"), ROLE_RANK["viewer"]))

        from saphan.core.home import home_cards
        from saphan.promotion.home import promotion_home_card

        home_cards.append(promotion_home_card)
        REPRESENTATIVE_NAVIGATION.append(("promotion:request-list", _("Service requests")))
