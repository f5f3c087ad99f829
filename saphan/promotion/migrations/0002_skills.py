"""The skills the standard catalog needs (data; reversible)."""

from django.db import migrations

SKILLS = [
    ("product_design", "ออกแบบผลิตภัณฑ์", "Product design"),
    ("packaging_design", "ออกแบบบรรจุภัณฑ์", "Packaging design"),
    ("ict", "เทคโนโลยีสารสนเทศและดิจิทัล", "ICT and digital"),
    ("standards", "มาตรฐานและการรับรอง (มผช., อย.)", "Standards and certification"),
    ("productivity", "เพิ่มผลิตภาพ", "Productivity"),
    ("marketing", "การตลาดและสื่อสังคมออนไลน์", "Marketing and social media"),
    ("diagnosis", "วินิจฉัยสถานประกอบการ", "Business diagnosis"),
    ("financing", "การเงินและแหล่งทุน", "Financing"),
]


def add(apps, schema_editor):
    Skill = apps.get_model("promotion", "Skill")
    for code, name_th, name_en in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name_th": name_th, "name_en": name_en})


def remove(apps, schema_editor):
    Skill = apps.get_model("promotion", "Skill")
    Skill.objects.filter(code__in=[code for code, _th, _en in SKILLS], services__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("promotion", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
