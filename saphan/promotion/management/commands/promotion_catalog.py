"""saphan promotion_catalog: add the standard working groups and services where missing."""

from typing import Any

from django.core.management.base import BaseCommand

from saphan.promotion.services.catalog import catalog_setup


class Command(BaseCommand):
    help = (
        "Create the standard working groups and services of every regional center and "
        "provincial office where they are missing (idempotent; edits are kept). `saphan setup` "
        "does this too."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(catalog_setup())
