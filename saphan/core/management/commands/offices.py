"""saphan offices: create the reference offices (ministry, department, ศภ.1–11, 77 provincial)."""

from typing import Any

from django.core.management.base import BaseCommand

from saphan.core.services import offices_load_reference


class Command(BaseCommand):
    help = "Create missing reference offices; offices edited by administrators are left alone."

    def handle(self, *args: Any, **options: Any) -> None:
        result = offices_load_reference()
        self.stdout.write(f"offices: {result['created']} created, {result['total']} in all")
