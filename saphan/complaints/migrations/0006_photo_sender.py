"""Who sent a photo (an erasure of their data takes it). Photos sent with the form before this
were saved at the moment the case was received: they are the reporter's."""

import django.db.models.deletion
from django.db import migrations, models


def attribute_form_photos(apps, schema_editor):
    Photo = apps.get_model("complaints", "Photo")
    Complainant = apps.get_model("complaints", "Complainant")
    unknown = Photo.objects.filter(added_by_staff__isnull=True, added_by_complainant__isnull=True)
    for photo in unknown.select_related("complaint").iterator():
        if photo.created_at != photo.complaint.received_at:
            continue  # sent later through a link: whose it was is not known
        reporter = Complainant.objects.filter(
            complaint_id=photo.complaint_id, role="reporter"
        ).first()
        if reporter is not None:
            Photo.objects.filter(pk=photo.pk).update(added_by_complainant=reporter)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_template_title_en"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="added_by_complainant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="complaints.complainant",
            ),
        ),
        migrations.RunPython(attribute_form_photos, migrations.RunPython.noop),
    ]
