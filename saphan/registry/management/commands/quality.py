"""saphan quality scan | report --format json|csv: re-score everything, or list open issues."""

import csv
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from saphan.registry.models import QualityIssue
from saphan.registry.quality import issue_message, quality_scan

REPORT_COLUMNS = [
    "natural_key",
    "establishment_id",
    "kind",
    "rule",
    "field",
    "severity",
    "message_th",
    "message_en",
]


def natural_key(issue: QualityIssue) -> str:
    """FID, else old registration number, else concession or registration code, else juristic id
    and name: how the record is known outside Saphan."""
    est = issue.establishment
    detail = est.detail()
    for name in ("fid", "registration_no", "concession_no", "registration_code"):
        value = getattr(detail, name, None) if detail is not None else None
        if value:
            return str(value)
    return f"{est.juristic_id}:{est.name_th}" if est.juristic_id else est.name_th


class Command(BaseCommand):
    help = "Data quality: `scan` re-scores every record; `report` lists every open issue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["scan", "report"])
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "scan":

            def progress(done: int, total: int, message: str) -> None:
                self.stderr.write(f"\r{done}/{total} {message}", ending="")

            result = quality_scan(progress)
            self.stderr.write("")
            self.stdout.write(json.dumps(result))
            return
        issues = QualityIssue.objects.select_related(
            "establishment", "establishment__factory", "establishment__mine",
            "establishment__enterprise", "establishment__village",
        ).order_by("establishment_id", "rule", "field")  # fmt: skip
        rows = (
            {
                "natural_key": natural_key(i),
                "establishment_id": i.establishment_id,
                "kind": i.establishment.kind,
                "rule": i.rule,
                "field": i.field,
                "severity": i.severity,
                "message_th": issue_message(i, "th"),
                "message_en": issue_message(i, "en"),
            }
            for i in issues.iterator(chunk_size=2000)
        )
        if options["format"] == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=REPORT_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        else:
            self.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=1))
        sys.stdout.flush()
