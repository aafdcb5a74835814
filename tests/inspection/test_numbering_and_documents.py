import datetime
import io

import pytest
from docx import Document

from inspection.documents import DocumentSpec, render_docx
from inspection.numbering import format_number, next_number


@pytest.mark.django_db
def test_numbers_count_per_scope_and_year():
    assert [next_number("petition:1", 2024) for _ in range(3)] == [1, 2, 3]
    assert next_number("petition:2", 2024) == 1
    assert next_number("petition:1", 2025) == 1
    assert format_number("川巡四信", 2024, 7) == "川巡四信〔2024〕0007号"


def test_docx_carries_number_date_and_table():
    spec = DocumentSpec(
        title="问题线索移交函",
        number="川巡移〔2024〕0003号",
        addressee="四川省纪委监委",
        paragraphs=["现将问题线索移交你单位。"],
        table_header=["序号", "反映对象"],
        table_rows=[["1", "张某"]],
        sender="省委巡视办",
        dated=datetime.date(2024, 5, 6),
    )
    document = Document(io.BytesIO(render_docx(spec)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "川巡移〔2024〕0003号" in text and "2024年5月6日" in text
    assert document.tables[0].cell(1, 1).text == "张某"
