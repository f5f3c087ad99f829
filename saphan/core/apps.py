"""Core: offices, people, roles, scoping, geography, audit, jobs, Thai formats and the UI shell."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "saphan.core"
    label = "core"
    verbose_name = _("Saphan core")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # Modules with @job_handler must be imported in every process, the worker's included.
        from saphan.core import geography, models  # noqa: F401

        auditlog.register(models.Office, m2m_fields={"provinces"})
        auditlog.register(models.Membership)
        auditlog.register(
            models.User,
            include_fields=[
                "username",
                "first_name",
                "last_name",
                "is_active",
                "preferred_language",
            ],
        )
