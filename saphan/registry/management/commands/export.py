"""saphan export establishments --format csv|xlsx|json [filters] [--as USERNAME] [--output FILE]."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saphan.core.models import User
from saphan.registry.export import export_rows, write_csv, write_json, write_xlsx
from saphan.registry.selectors import EstablishmentFilters, establishment_list_for_user


class Command(BaseCommand):
    help = (
        "Export establishments. Without --as, every record and no personal data; with --as, "
        "what that person may see, with contacts where their role allows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["establishments"])
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--output", help="file to write (standard output if omitted)")
        parser.add_argument(
            "--as", dest="username", help="export as this person (scope, personal data)"
        )
        for name in ("q", "province", "district", "kind", "status", "type-code"):
            parser.add_argument(f"--{name}", default="")
        parser.add_argument("--class", dest="factory_class", type=int, choices=[1, 2, 3])

    def handle(self, *args: Any, **options: Any) -> None:
        filters = EstablishmentFilters(
            q=options["q"], province=options["province"], district=options["district"],
            kind=options["kind"], status=options["status"], type_code=options["type_code"],
            factory_class=options["factory_class"],
        )  # fmt: skip
        person = None
        if options["username"]:
            person = User.objects.filter(username=options["username"]).first()
            if person is None:
                raise CommandError(f"no person with the username {options['username']}")
            records = establishment_list_for_user(person, filters)
        else:
            records = establishment_list_for_user(_Everyone(), filters)
        rows = export_rows(person, records)
        fmt = options["format"]
        if fmt == "xlsx":
            if not options["output"]:
                raise CommandError("--output FILE is needed for xlsx")
            write_xlsx(rows, options["output"])
            return
        chunks = write_csv(rows) if fmt == "csv" else write_json(rows)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as target:
                target.writelines(chunks)
        else:
            sys.stdout.writelines(chunks)


class _Everyone:
    """The command line without --as: the whole country, as an administrator of it would."""

    is_authenticated = True
    is_superuser = True
    is_active = True
    pk = 0
