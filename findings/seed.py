"""The seeded problem categories and the six disciplines (data, not UI text).

Seeded by migration and again after every `flush` (post_migrate), so a database emptied by a
transactional test or by `flush` still has its reference rows.
"""

from django.apps import apps as global_apps

from inspection.disciplines import ORDER, Discipline

# Stored names are data (Chinese), whatever language is active when seeding.
_DISCIPLINE_NAMES = {
    "political": "政治纪律",
    "organisational": "组织纪律",
    "integrity": "廉洁纪律",
    "masses": "群众纪律",
    "work": "工作纪律",
    "life": "生活纪律",
}

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

# The six disciplines: the one code list of inspection.disciplines (labels are its Chinese).
DISCIPLINES = [(d.value, _DISCIPLINE_NAMES[d.value], ORDER[d.value]) for d in Discipline]


def seed(category_model, discipline_model):
    for code, name, order in CATEGORIES:
        category_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, order in DISCIPLINES:
        discipline_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def seed_after_migrate(sender, apps=global_apps, **kwargs):
    # `flush` sends post_migrate without an app registry; the live one serves then.
    try:
        category, discipline = (
            apps.get_model("findings", "Category"),
            apps.get_model("findings", "Discipline"),
        )
    except LookupError:  # migrating backwards past the taxonomy
        return
    seed(category, discipline)
