import pytest
from django.db import connection
from rest_framework.test import APIClient

from petitions.models import Petition, ReportedPerson
from petitions.search import search
from tests.petitions.helpers import at, register


@pytest.fixture
def corpus(users):
    w = users
    w.in_summary = register(w.office, w.station_a, "反映李刚违规发放津贴")
    w.in_content = register(
        w.office, w.station_a, "反映津贴问题", content="具体经办人为财务处李刚。"
    )
    w.in_name = register(
        w.office, w.station_a, "反映某处长问题", people=[("李刚", "处长", "甲省交通运输厅")]
    )
    w.apart = register(w.office, w.station_a, "反映李某刚问题")  # characters not adjacent
    w.wildcard = register(w.office, w.station_a, "百分号%与下划线_的摘要")
    return w


@pytest.mark.django_db
def test_two_character_fragment_in_summary_content_or_names(corpus):
    w = corpus
    found = set(search(Petition.objects.all(), "李刚").values_list("pk", flat=True))
    assert found == {w.in_summary.pk, w.in_content.pk, w.in_name.pk}
    assert set(search(Petition.objects.all(), "津贴").values_list("pk", flat=True)) == {
        w.in_summary.pk,
        w.in_content.pk,
    }
    assert set(search(Petition.objects.all(), "%与").values_list("pk", flat=True)) == {
        w.wildcard.pk
    }
    assert not search(Petition.objects.all(), "_%").exists()


@pytest.mark.django_db
def test_one_character_is_refused_with_the_field(corpus):
    api = APIClient()
    api.force_authenticate(corpus.office)
    response = api.get("/api/v1/petitions/", {"q": "李"})
    assert response.status_code == 400 and "q" in response.json()["fields"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_plan_uses_the_bigram_indexes(users):
    w = users
    people = [("张三", "科长", "甲省交通运输厅")]
    rows = [
        Petition(
            station=w.station_a,
            number=f"T{i:06d}",
            channel="hotline",
            received_at=at(2024, 4, 1),
            summary=f"第{i}号摘要：反映某单位工作人员作风问题{i % 97}",
            content="内容" * 20,
        )
        for i in range(3000)
    ]
    created = Petition.objects.bulk_create(rows)
    surnames, given = "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨", "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
    ReportedPerson.objects.bulk_create(
        ReportedPerson(petition=p, name=surnames[i % 15] + given[i % 20], unit_name="某单位")
        for i, p in enumerate(created)
    )
    target = register(w.office, w.station_a, "反映王五问题", people=people)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_petition")
        cursor.execute("ANALYZE petitions_reportedperson")
    qs = search(Petition.objects.visible_to(w.member_a), "张三")
    plan = qs.explain()
    assert "petition_summary_bigrams" in plan
    assert "petition_content_bigrams" in plan
    assert "reported_person_name_bigrams" in plan
    assert list(qs) == [target]
