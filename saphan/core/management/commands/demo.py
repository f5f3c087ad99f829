"""saphan demo --province NAME --scale N: deterministic demo offices, people and records."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saphan.core.demo import demo_create
from saphan.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create (or complete) deterministic demo data for a province; prints the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", default="ชุมพร", help="Thai or English name, or code")
        parser.add_argument(
            "--scale", type=int, default=1, help="1 for a demo, 1000+ for benchmarks"
        )
        parser.add_argument("--seed", type=int, default=2563)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_create(
                province_name=options["province"], scale=options["scale"], seed=options["seed"]
            )
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        logins = result.pop("logins")
        summary = ", ".join(f"{k}={v}" for k, v in result.items())
        self.stdout.write(f"demo: {summary}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins / บัญชีทดลอง (password / รหัสผ่าน: {logins[0]['password']})")
        for login in logins:
            self.stdout.write(f"  {login['username']:<18} {login['role']:<14} {login['office']}")
