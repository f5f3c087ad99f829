"""Indexes no query needs: the establishment's place keys and merged_into indexed once (not
also by their own foreign-key indexes and PostgreSQL's LIKE-pattern twins), the ids without
LIKE-pattern twins, a quality issue's establishment by the unique constraint alone.

On SQLite altering a column rebuilds the table, which drops the triggers that keep the FTS5
search table (0002) up to date: they are made again, and the search table rebuilt."""

import importlib

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


SEARCH = importlib.import_module("saphan.registry.migrations.0002_search_index")


def search_triggers_again(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SEARCH.SQLITE_CREATE:
        if not sql.startswith("CREATE VIRTUAL TABLE"):
            schema_editor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_offices_people_geography_jobs'),
        ('registry', '0008_remove_establishment_scores'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Undone last when the migration is reversed, after the tables were rebuilt again.
        migrations.RunPython(migrations.RunPython.noop, search_triggers_again),
        migrations.AlterField(
            model_name='enterpriseprofile',
            name='registration_code',
            field=models.CharField(blank=True, max_length=20, verbose_name='registration code'),
        ),
        migrations.AlterField(
            model_name='establishment',
            name='district',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.district', verbose_name='district'),
        ),
        migrations.AlterField(
            model_name='establishment',
            name='merged_into',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_from', to='registry.establishment', verbose_name='merged into'),
        ),
        migrations.AlterField(
            model_name='establishment',
            name='province',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='establishments', to='core.province', verbose_name='province'),
        ),
        migrations.AlterField(
            model_name='establishment',
            name='subdistrict',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.subdistrict', verbose_name='subdistrict'),
        ),
        migrations.AlterField(
            model_name='factorylicence',
            name='fid',
            field=models.CharField(blank=True, max_length=14, null=True, validators=[django.core.validators.RegexValidator('^\\d{14}$', 'A factory id (FID) has exactly 14 digits.', code='fid_format')], verbose_name='factory id (FID)'),
        ),
        migrations.AlterField(
            model_name='factorylicence',
            name='registration_no',
            field=models.CharField(blank=True, max_length=40, verbose_name='registration number (old)'),
        ),
        migrations.AlterField(
            model_name='mineconcession',
            name='concession_no',
            field=models.CharField(max_length=40, verbose_name='concession number'),
        ),
        migrations.AlterField(
            model_name='qualityissue',
            name='establishment',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='quality_issues', to='registry.establishment'),
        ),
        migrations.AddIndex(
            model_name='enterpriseprofile',
            index=models.Index(fields=['registration_code'], name='enterprise_code'),
        ),
        migrations.AddIndex(
            model_name='establishment',
            index=models.Index(fields=['district'], name='est_district'),
        ),
        migrations.AddIndex(
            model_name='factorylicence',
            index=models.Index(fields=['registration_no'], name='licence_regno'),
        ),
        migrations.AddIndex(
            model_name='mineconcession',
            index=models.Index(fields=['concession_no'], name='concession_no'),
        ),
        migrations.AddConstraint(
            model_name='factorylicence',
            constraint=models.UniqueConstraint(fields=('fid',), name='licence_fid'),
        ),
        migrations.RunPython(search_triggers_again, migrations.RunPython.noop),
    ]
