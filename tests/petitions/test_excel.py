import io

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from petitions.models import Petition
from tests.petitions.helpers import register

HEADER = [
    "来源渠道",
    "收到时间",
    "摘要",
    "内容",
    "涉及纪律",
    "被反映人",
    "被反映人职务",
    "被反映人单位",
    "干部层级",
    "实名/匿名",
]


def _xlsx(rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "register.xlsx"
    return buffer


def _post(client, station, file):
    return client.post("/petitions/import/", {"station": str(station.pk), "file": file})


@pytest.mark.django_db
def test_bad_import_is_rejected_whole_with_every_row_error(users):
    page = Client()
    page.force_login(users.member_a)
    rows = [
        ["来电", "2024-04-01 10:00", "反映甲问题", "", "廉洁纪律", "张一", "", "", "", "匿名"],
        ["飞鸽传书", "2024-04-01 10:00", "反映乙问题", "", "", "", "", "", "", ""],
        ["来信（邮政信箱）", "昨天", "", "", "吃饭纪律", "", "", "", "", ""],
        ["来访", "2024-04-02 09:00", "反映丙问题", "", "", "", "", "", "部级", ""],
    ]
    response = _post(page, users.station_a, _xlsx(rows))
    errors = response.context["row_errors"]
    assert len(errors) == 5, errors
    text = "\n".join(errors)
    for expected in (
        "第 3 行「来源渠道」",
        "第 4 行「收到时间」",
        "第 4 行「摘要」",
        "第 4 行「涉及纪律」",
        "第 5 行「干部层级」",
    ):
        assert expected in text
    assert not Petition.objects.exists()


@pytest.mark.django_db
def test_missing_column_and_other_group_station_refused(users):
    page = Client()
    page.force_login(users.member_a)
    response = _post(page, users.station_a, _xlsx([["来电"]], header=["来源渠道"]))
    assert any("缺少该列" in e for e in response.context["row_errors"])
    response = _post(page, users.station_b, _xlsx([["来电", "2024-04-01 10:00", "反映问题"]]))
    assert "station" in response.context["form"].errors
    assert not Petition.objects.exists()


@pytest.mark.django_db
def test_export_masks_identity_and_re_imports(users):
    register(
        users.office,
        users.station_a,
        "反映王某违规兼职",
        people=[("王某", "处长", "甲省交通运输厅", "division")],
        disciplines=["integrity", "organisational"],
        reporter={"name": "秘密举报人", "phone": "13600000000"},
    )
    register(users.office, users.station_a, "反映工程款拖欠", content="详见来信。")
    page = Client()
    page.force_login(users.leader_a)
    exported = page.get("/petitions/export/")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content), read_only=True).worksheets[0]
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "秘密举报人" not in cells and "13600000000" not in cells
    assert "实名" in cells

    imported = _post(page, users.station_a, io.BytesIO(exported.content))
    assert imported.status_code == 302, imported.context and imported.context["row_errors"]
    assert Petition.objects.count() == 4
    copy = Petition.objects.filter(summary="反映王某违规兼职").order_by("-pk").first()
    assert copy.people.get().cadre_level == "division"
    assert sorted(copy.discipline_rows.values_list("discipline", flat=True)) == [
        "integrity",
        "organisational",
    ]
