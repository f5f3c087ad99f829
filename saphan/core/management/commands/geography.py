"""saphan geography: load Thai provinces, districts, subdistricts and postal codes (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from saphan.core.geography import geography_load


class Command(BaseCommand):
    help = "Load Thai geography from the geothai package (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = geography_load()
        self.stdout.write(
            "geography: {provinces} provinces, {districts} districts, {subdistricts} subdistricts, "
            "{postal_codes} postal-code links".format(**counts)
        )
