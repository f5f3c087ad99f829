"""Registry: one record per establishment (factories, mines, businesses, community enterprises,
villagers' groups, creative villages), import/export, Thai search, map and data quality."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "saphan.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from saphan.registry import models

        for model in (
            models.Establishment,
            models.FactoryLicence,
            models.MineConcession,
            models.EnterpriseProfile,
            models.VillageProfile,
            models.EstablishmentContact,
            models.EstablishmentRepresentative,
        ):
            auditlog.register(model)

        from saphan.core.scoping import establishment_loader_register
        from saphan.registry.selectors import represented_establishment_ids

        establishment_loader_register(represented_establishment_ids)

        from saphan.core.demo import demo_hooks
        from saphan.registry import quality  # noqa: F401  (registers its job handler)
        from saphan.registry.demo import registry_demo

        demo_hooks.append(registry_demo)

        from saphan.core.home import home_cards
        from saphan.registry.home import registry_home_card

        home_cards.append(registry_home_card)

        from saphan.core.context_processors import NAVIGATION, SECONDARY_NAVIGATION
        from saphan.core.models import ROLE_RANK

        NAVIGATION[1:1] = [
            ("establishment-list", _("Registry"), ROLE_RANK["viewer"]),
            ("establishment-map", _("Map"), ROLE_RANK["viewer"]),
        ]
        SECONDARY_NAVIGATION[0:0] = [
            ("quality-worklist", _("Data quality"), ROLE_RANK["officer"]),
            ("import-list", _("Import"), ROLE_RANK["officer"]),
        ]
