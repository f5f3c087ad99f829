"""Minimum wages known from ../shared/domain/facts.md (daily, baht): Chumphon 351, Lampang 347,
Bangkok 372 from 1 January 2025 and Bangkok 400 from 1 July 2025. Other provinces are entered by
administrators (docs/subcontracting.md)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

SOURCE = "Wage Committee announcement on minimum wage rates, in force 1 Jan 2025 (facts.md)"
SOURCE_JULY = "Wage Committee announcement, Bangkok rate in force 1 Jul 2025 (facts.md)"
SEED = [
    ("86", dt.date(2025, 1, 1), Decimal("351"), SOURCE),
    ("52", dt.date(2025, 1, 1), Decimal("347"), SOURCE),
    ("10", dt.date(2025, 1, 1), Decimal("372"), SOURCE),
    ("10", dt.date(2025, 7, 1), Decimal("400"), SOURCE_JULY),
]


def seed(apps, schema_editor):
    MinimumWage = apps.get_model("subcontracting", "MinimumWage")
    for code, day, baht, source in SEED:
        MinimumWage.objects.get_or_create(
            province_id=code, effective_from=day, defaults={"baht_per_day": baht, "source": source}
        )


def unseed(apps, schema_editor):
    MinimumWage = apps.get_model("subcontracting", "MinimumWage")
    for code, day, _baht, _source in SEED:
        MinimumWage.objects.filter(province_id=code, effective_from=day).delete()


class Migration(migrations.Migration):
    dependencies = [("subcontracting", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
