import django.utils.timezone
from django.db import migrations, models

# Existing cases: the time of their latest public change — a public timeline line, or a
# supporter or a duplicate joining (the public count of people) — or of their receipt.
BACKFILL = """
UPDATE complaints_complaint SET public_updated_at = COALESCE(
    (SELECT MAX(e.at) FROM complaints_caseevent e
     WHERE e.complaint_id = complaints_complaint.id
       AND (e.is_public OR e.kind IN ('follow', 'merge'))),
    received_at
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_fewer_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="public_updated_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="last public change"
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
