"""Unit registry import: every bad row reported at once; a bad file stores nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from inspection.excel import write_sheet
from tours import imports
from tours.models import Unit, UnitKind

HEADER = ["名称", "类别", "上级单位", "地区", "主要负责人", "主要负责人职务", "有效"]


def _xlsx(rows):
    return write_sheet("单位", HEADER, rows)


GOOD = [
    ["乙市", "地方（市县党委）", "", "乙市", "钱某", "市委书记", "是"],
    ["乙市丙县", "local", "乙市", "乙市", "", "", ""],
    ["丙县丁镇", "乡镇街道", "乙市丙县", "", "", "", "是"],
    ["甲省交通运输厅", "省直部门", "", "甲省", "孙某", "厅长", "否"],
]
BAD = [
    ["乙市", "地方（市县党委）", "", "", "", "", ""],  # row 2: fine
    ["", "省直部门", "", "", "", "", ""],  # row 3: name missing
    ["丙县", "县委", "乙市", "", "", "", ""],  # row 4: unknown kind
    ["丁镇", "乡镇街道", "戊县", "", "", "", ""],  # row 5: unknown parent
    ["乙市", "地方（市县党委）", "", "", "", "", "也许"],  # row 6: duplicate name, bad flag
]


def test_good_file_creates_units_with_hierarchy_and_updates_existing(users):
    result = imports.import_units(users.office, io.BytesIO(_xlsx(GOOD)), "units.xlsx")
    assert result.errors == []
    assert (result.created, result.updated) == (3, 1)
    township = Unit.objects.get(name="丙县丁镇")
    assert township.kind == UnitKind.TOWNSHIP
    assert township.parent.parent.name == "乙市"
    dept = Unit.objects.get(name="甲省交通运输厅")
    assert (dept.leader_name, dept.is_active) == ("孙某", False)


def test_bad_file_reports_every_error_and_stores_nothing(users):
    before = Unit.objects.count()
    result = imports.import_units(users.office, io.BytesIO(_xlsx(BAD)), "units.xlsx")
    assert sorted((e.row, e.column) for e in result.errors) == [
        (3, "名称"),
        (4, "类别"),
        (5, "上级单位"),
        (6, "名称"),
        (6, "有效"),
    ]
    assert Unit.objects.count() == before
    assert not Unit.objects.filter(name="乙市").exists()


def test_csv_is_accepted_and_checked_the_same_way(users):
    text = "\n".join(",".join(row) for row in [HEADER, *GOOD[:3]])
    result = imports.import_units(users.office, io.BytesIO(text.encode("utf-8-sig")), "u.csv")
    assert result.errors == [] and result.created == 3
    bad = "\n".join(",".join(row) for row in [HEADER, ["某单位", "不存在", "", "", "", "", ""]])
    result = imports.import_units(users.office, io.BytesIO(bad.encode("gb18030")), "u.csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, "类别")]
    assert not Unit.objects.filter(name="某单位").exists()


def test_loop_in_hierarchy_is_refused(users):
    rows = [
        ["甲", "地方（市县党委）", "乙", "", "", "", ""],
        ["乙", "地方（市县党委）", "甲", "", "", "", ""],
    ]
    result = imports.import_units(users.office, io.BytesIO(_xlsx(rows)), "u.xlsx")
    assert {(e.row, e.column) for e in result.errors} == {(2, "上级单位"), (3, "上级单位")}


def test_import_through_the_api(users):
    api = APIClient()
    api.force_authenticate(users.office)
    upload = SimpleUploadedFile("units.xlsx", _xlsx(BAD))
    response = api.post("/api/v1/units/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    messages = response.json()["fields"]["file"]
    assert len(messages) == 5 and "第 4 行「类别」" in messages[1]
    upload = SimpleUploadedFile("units.xlsx", _xlsx(GOOD))
    response = api.post("/api/v1/units/import/", {"file": upload}, format="multipart")
    assert response.status_code == 200 and response.json() == {"created": 3, "updated": 1}


def test_import_refused_for_non_office(users):
    api = APIClient()
    api.force_authenticate(users.leadership)
    upload = SimpleUploadedFile("units.xlsx", _xlsx(GOOD))
    assert (
        api.post("/api/v1/units/import/", {"file": upload}, format="multipart").status_code == 403
    )


def test_upload_page_lists_all_errors(users, client):
    client.force_login(users.office)
    upload = SimpleUploadedFile("units.xlsx", _xlsx(BAD))
    response = client.post("/tours/units/import/", {"file": upload})
    assert response.status_code == 200
    text = response.content.decode()
    assert "发现 5 处错误" in text and "第 5 行「上级单位」" in text
    assert not Unit.objects.filter(name="丁镇").exists()
    client.force_login(users.member_a)
    assert client.get("/tours/units/import/").status_code == 403


@pytest.mark.parametrize("content", [b"not a workbook", b""])
def test_unreadable_file(users, content):
    result = imports.import_units(users.office, io.BytesIO(content), "u.xlsx")
    assert result.errors and result.errors[0].row == 0


def test_template_download_imports_cleanly(users, client):
    client.force_login(users.office)
    response = client.get("/tours/units/import/?template=1")
    assert response.status_code == 200
    before = Unit.objects.count()
    data = io.BytesIO(response.content)
    result = imports.import_units(users.office, data, "t.xlsx")
    assert (result.errors, result.created, Unit.objects.count()) == ([], 0, before)
