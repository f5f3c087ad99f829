"""saphan promotion_catalog: add the standard working groups and services where missing."""

from typing import Any

from django.core.management.base import BaseCommand

from saphan.promotion.services.catalog import catalog_seed


class Command(BaseCommand):
    help = (
        "Create the standard working groups and services of every regional center and "
        "provincial office where they are missing (idempotent; edits are kept)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = catalog_seed()
        self.stdout.write(
            f"promotion catalog: {result['working_groups']} working groups and "
            f"{result['services']} services added"
        )
