"""Scores and issues are derived by the scan: their link to the record loses its database
constraint, whose check locked the record for every row written (models.QualityScore)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0009_fewer_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='qualityissue',
            name='establishment',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='quality_issues', to='registry.establishment'),
        ),
        migrations.AlterField(
            model_name='qualityscore',
            name='establishment',
            field=models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='quality_score', serialize=False, to='registry.establishment'),
        ),
    ]
