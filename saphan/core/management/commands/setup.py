"""saphan setup: everything a fresh database needs; safe to run on every start."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from saphan.core.geography import geography_is_loaded
from saphan.core.setup_hooks import setup_hooks


class Command(BaseCommand):
    help = (
        "Migrate, compile translations, load geography and reference offices, then the apps' "
        "own reference data (idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo", metavar="PROVINCE", help="also create the demo for a province"
        )
        parser.add_argument("--scale", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("compiletranslations", stdout=self.stdout)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database: migrated")
        if geography_is_loaded():
            self.stdout.write("geography: already loaded")
        else:
            call_command("geography", stdout=self.stdout)
        call_command("offices", stdout=self.stdout)
        for hook in setup_hooks:
            self.stdout.write(hook())
        if options["demo"]:
            call_command(
                "demo", province=options["demo"], scale=options["scale"], stdout=self.stdout
            )
