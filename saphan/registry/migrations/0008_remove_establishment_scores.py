"""The scores now live in QualityScore (copied there by 0005)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_quality_score_copy"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='establishment',
            name='completeness',
        ),
        migrations.RemoveField(
            model_name='establishment',
            name='currency',
        ),
        migrations.RemoveField(
            model_name='establishment',
            name='quality_checked_at',
        ),
        migrations.RemoveField(
            model_name='establishment',
            name='validity',
        ),
    ]
