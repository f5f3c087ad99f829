"""Indexes no query needs, each one more write per submission: the foreign keys that a
composite index starts with (province, office; a case's periods and events), PostgreSQL's
LIKE-pattern twins of the place keys, and the tracking code's (now a unique constraint)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0002_seed_holidays_standards_explainer'),
        ('core', '0001_offices_people_geography_jobs'),
        ('registry', '0008_remove_establishment_scores'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='caseevent',
            name='complaint',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='complaints.complaint'),
        ),
        migrations.AlterField(
            model_name='complaint',
            name='code',
            field=models.CharField(max_length=12, verbose_name='tracking code'),
        ),
        migrations.AlterField(
            model_name='complaint',
            name='district',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.district', verbose_name='district'),
        ),
        migrations.AlterField(
            model_name='complaint',
            name='office',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='core.office', verbose_name='responsible office'),
        ),
        migrations.AlterField(
            model_name='complaint',
            name='province',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.province', verbose_name='province'),
        ),
        migrations.AlterField(
            model_name='complaint',
            name='subdistrict',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.subdistrict', verbose_name='subdistrict'),
        ),
        migrations.AlterField(
            model_name='stateperiod',
            name='complaint',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='periods', to='complaints.complaint'),
        ),
        migrations.AddIndex(
            model_name='complaint',
            index=models.Index(fields=['district'], name='cmp_district'),
        ),
        migrations.AddIndex(
            model_name='complaint',
            index=models.Index(fields=['subdistrict'], name='cmp_subdistrict'),
        ),
        migrations.AddConstraint(
            model_name='complaint',
            constraint=models.UniqueConstraint(fields=('code',), name='cmp_code'),
        ),
    ]
