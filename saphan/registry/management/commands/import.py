"""saphan import establishments FILE [--kind KIND] [--mapping NAME] [--dry-run] [--as USERNAME]."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saphan.core.errors import ApplicationError
from saphan.core.models import User
from saphan.registry.importer import import_prepare, import_run
from saphan.registry.models import EstablishmentKind, ImportRejection


class Command(BaseCommand):
    help = (
        "Import establishments from CSV (UTF-8, UTF-8 with BOM, TIS-620) or XLSX. DIW's "
        "Factory_Data and data.go.th layouts are recognised; others need --mapping NAME."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["establishments"])
        parser.add_argument("file")
        parser.add_argument("--kind", choices=EstablishmentKind.values, default="factory")
        parser.add_argument("--mapping", default="", help="a saved column mapping's name")
        parser.add_argument("--dry-run", action="store_true", help="count, write nothing")
        parser.add_argument(
            "--as", dest="username", default="",
            help="import as this person (their provinces); default: nation-wide, as a superuser",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        if options["username"]:
            user = User.objects.filter(username=options["username"]).first()
        else:
            user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("no person to import as: give --as USERNAME (or create a superuser)")
        try:
            batch = import_prepare(
                user=user, data=path.read_bytes(), file_name=path.name, kind=options["kind"],
                mapping_name=options["mapping"], dry_run=options["dry_run"],
            )  # fmt: skip
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        if not batch.layout:
            raise CommandError(
                "this file's columns are not a known layout: save a mapping on the import page "
                "and pass --mapping NAME"
            )

        def progress(done: int, total: int, message: str) -> None:
            self.stderr.write(f"\r{done}/{total} {message}", ending="")

        result = import_run(batch, progress)
        self.stderr.write("")
        result["import"] = batch.pk
        result["dry_run"] = batch.dry_run
        self.stdout.write(json.dumps(result))
        for rejection in ImportRejection.objects.filter(batch=batch)[:20]:
            self.stderr.write(
                f"row {rejection.row_number} {rejection.column}={rejection.value!r}: "
                f"{rejection.rule} — {rejection.message_en}"
            )
