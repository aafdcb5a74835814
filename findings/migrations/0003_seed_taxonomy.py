"""Seed the problem categories and the six disciplines (names are Chinese data, not UI text)."""

from django.db import migrations

from findings.seed import CATEGORIES, seed as seed_rows

def seed(apps, schema_editor):
    seed_rows(apps.get_model("findings", "Category"), apps.get_model("findings", "Discipline"))


def unseed(apps, schema_editor):
    apps.get_model("findings", "Category").objects.filter(
        code__in=[code for code, _name, _order in CATEGORIES]
    ).delete()
    apps.get_model("findings", "Discipline").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("findings", "0002_category_discipline_report_talkrecord_workingpaper_and_more")]

    operations = [migrations.RunPython(seed, unseed)]
