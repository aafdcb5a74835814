"""Seed the problem categories and the six disciplines (names are Chinese data, not UI text)."""

from django.db import migrations

CATEGORIES = [
    ("political", "落实党的路线方针政策和党中央重大决策部署（政治责任）", 10),
    ("reform", "全面深化改革", 20),
    ("major_risks", "防范化解重大风险", 30),
    ("integrity", "全面从严治党和党风廉政建设", 40),
    ("work_style", "作风建设", 50),
    ("leadership", "领导班子和干部队伍建设", 60),
    ("cadre_selection", "选人用人", 70),
    ("grassroots", "基层党组织建设", 80),
    ("ideology", "意识形态工作责任制", 90),
    ("earlier_rectification", "巡视、审计等发现问题整改", 100),
    ("other", "其他", 999),
]

DISCIPLINES = [
    ("political", "政治纪律", 1),
    ("organisational", "组织纪律", 2),
    ("integrity", "廉洁纪律", 3),
    ("mass", "群众纪律", 4),
    ("work", "工作纪律", 5),
    ("life", "生活纪律", 6),
]


def seed(apps, schema_editor):
    Category = apps.get_model("findings", "Category")
    Discipline = apps.get_model("findings", "Discipline")
    for code, name, order in CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, order in DISCIPLINES:
        Discipline.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("findings", "Category").objects.filter(
        code__in=[code for code, _name, _order in CATEGORIES]
    ).delete()
    apps.get_model("findings", "Discipline").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("findings", "0002_category_discipline_report_talkrecord_workingpaper_and_more")]

    operations = [migrations.RunPython(seed, unseed)]
