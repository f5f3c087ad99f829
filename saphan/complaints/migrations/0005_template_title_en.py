"""A response template's title in English too; the seeded templates get theirs."""

from django.db import migrations, models

SEEDED = {
    "รับเรื่องแล้ว": "Acknowledged",
    "ตรวจสถานที่แล้ว": "Site inspected",
    "ไม่ใช่แหล่งจากโรงงาน (หมอกควัน)": "Not a factory source (haze)",
    "แก้ไขแล้ว": "Resolved",
}


def name_seeded(apps, schema_editor):
    templates = apps.get_model("complaints", "ResponseTemplate").objects
    for thai, english in SEEDED.items():
        templates.filter(office=None, title=thai, title_en="").update(title_en=english)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_public_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="responsetemplate",
            name="title_en",
            field=models.CharField(blank=True, max_length=150, verbose_name="English title"),
        ),
        migrations.RunPython(name_seeded, migrations.RunPython.noop),
    ]
