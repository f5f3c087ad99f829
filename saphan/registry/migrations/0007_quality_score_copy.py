"""Copy the scores of scored establishments into QualityScore, and back when reversed."""

from django.db import migrations


def forward(apps, schema_editor):
    Establishment = apps.get_model("registry", "Establishment")
    QualityScore = apps.get_model("registry", "QualityScore")
    scored = Establishment.objects.filter(quality_checked_at__isnull=False).values_list(
        "id", "completeness", "validity", "currency", "quality_checked_at"
    )
    batch = []
    for pk, completeness, validity, currency, checked_at in scored.iterator(chunk_size=5000):
        batch.append(
            QualityScore(
                establishment_id=pk, completeness=completeness, validity=validity,
                currency=currency, checked_at=checked_at,
            )
        )
        if len(batch) >= 5000:
            QualityScore.objects.bulk_create(batch)
            batch = []
    QualityScore.objects.bulk_create(batch)


def backward(apps, schema_editor):
    Establishment = apps.get_model("registry", "Establishment")
    QualityScore = apps.get_model("registry", "QualityScore")
    for score in QualityScore.objects.iterator(chunk_size=5000):
        Establishment.objects.filter(pk=score.establishment_id).update(
            completeness=score.completeness, validity=score.validity, currency=score.currency,
            quality_checked_at=score.checked_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_quality_score"),
    ]

    operations = [migrations.RunPython(forward, backward)]
