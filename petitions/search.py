"""Chinese fragment search over summary, full text and the names of people reported on.

On PostgreSQL each searched column has a GIN index on `bigrams(col)` (migration 0004):
a term's bigrams must all be in the row's bigrams (index) and the row must really contain
the term (LIKE rechecks order and adjacency). This serves two-character names, which
trigram indexes cannot. Each column is searched on its own and the ids are united, so each
branch can use its own index. SQLite (embedded mode) gets a plain `contains` scan.
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

MIN_TERM_LENGTH = 2


def clean_term(term: str) -> str:
    term = (term or "").strip()
    if len(term) < MIN_TERM_LENGTH:
        raise ValidationError({"q": [_("请输入至少两个字进行检索。")]})
    return term[:50]


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_PG_SQL = """
    SELECT id FROM petitions_petition
     WHERE bigrams(summary) @> bigrams(%s) AND summary LIKE %s
    UNION
    SELECT id FROM petitions_petition
     WHERE bigrams(content) @> bigrams(%s) AND content LIKE %s
    UNION
    SELECT petition_id FROM petitions_reportedperson
     WHERE bigrams(name) @> bigrams(%s) AND name LIKE %s
"""


def search(queryset, term: str):
    """Narrow an already scoped petition queryset to those containing the term."""
    term = clean_term(term)
    if connection.vendor == "postgresql":
        pattern = _like_pattern(term)
        ids = RawSQL(_PG_SQL, (term, pattern) * 3)
        return queryset.filter(pk__in=ids)
    return queryset.filter(
        Q(summary__contains=term) | Q(content__contains=term) | Q(people__name__contains=term)
    ).distinct()
