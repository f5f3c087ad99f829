"""saphan complaints anonymise | daily | holidays --year YEAR."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Complaints housekeeping. `anonymise`: remove complainants' identity from cases closed "
        "longer than SAPHAN_COMPLAINTS_ANONYMISE_DAYS. `daily`: anonymise, remind officers of "
        "overdue cases, prune rate counters (run it once a day). `holidays --year Y`: add the "
        "computed Thai public holidays of a year (Buddhist or common era) to the calendar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["anonymise", "daily", "holidays"])
        parser.add_argument("--year", type=int, help="for holidays: 2570 or 2027")

    def handle(self, *args: Any, **options: Any) -> None:
        from saphan.complaints.jobs import daily
        from saphan.complaints.services.content import holidays_seed
        from saphan.complaints.services.privacy import anonymise_due

        what = options["what"]
        if what == "anonymise":
            result = anonymise_due()
        elif what == "daily":
            result = daily()
        else:
            year = options["year"]
            if year is None:
                self.stderr.write("--year is needed")
                raise SystemExit(2)
            year = year - 543 if year > 2400 else year
            result = {"year": year, "added": holidays_seed(user=None, year=year)}
        self.stdout.write(", ".join(f"{k}={v}" for k, v in result.items()))
