"""Input limits shared by every write: text lengths, item counts, control characters.

Model text fields carry `max_length` from `TEXT_LIMITS` and the `no_control_characters`
validator, so ModelForms and ModelSerializers refuse the same input; the API checks every
string of every write body once more before it reaches a serializer (`find_bad_strings`), and
the request size is capped before the body is read (`inspection.middleware`).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Characters a person can type: tab, line feed and carriage return among the C0/C1 controls.
ALLOWED_CONTROLS = frozenset("\t\n\r")
# Invisible formatting characters that would make a text look empty or different.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e")

TEXT_LIMITS = {
    "name": 100,  # a person's or unit's name
    "title": 200,  # titles, summaries, short free text
    "short": 500,  # one-line notes, reasons
    "text": 5000,  # descriptions, measures, replies
    "long": 20000,  # petition content, working paper facts, reports
}
# Nested items one request may carry.
COUNT_LIMITS = {
    "reported_persons": 50,
    "disciplines": 6,
    "leads_per_letter": 200,
    "items_per_letter": 500,
    "relations": 200,
    "files": 10,
}


def control_character_in(value: str) -> str | None:
    for char in value:
        if char in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) == "Cc" or char in INVISIBLE:
            return char
    return None


@deconstructible
class NoControlCharacters:
    message = gettext_lazy("不能包含控制字符或不可见字符（%(code)s）。")
    code = "control_character"

    def __call__(self, value):
        if not isinstance(value, str):
            return
        char = control_character_in(value)
        if char is not None:
            raise ValidationError(
                self.message, code=self.code, params={"code": f"U+{ord(char):04X}"}
            )

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters)


no_control_characters = NoControlCharacters()


def find_bad_strings(data, path="", limit=20) -> dict[str, list[str]]:
    """Field path → message for every string in `data` holding a control character."""
    problems: dict[str, list[str]] = {}

    def walk(node, here):
        if len(problems) >= limit:
            return
        if isinstance(node, str):
            char = control_character_in(node)
            if char is not None:
                problems[here or "non_field_errors"] = [
                    _("不能包含控制字符或不可见字符（%(code)s）。") % {"code": f"U+{ord(char):04X}"}
                ]
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{here}.{key}" if here else str(key))
        elif isinstance(node, list | tuple):
            for index, value in enumerate(node):
                walk(value, f"{here}[{index}]" if here else f"[{index}]")

    walk(data, path)
    return problems


def check_count(items, limit_key: str, field: str):
    """Refuse more nested items than `COUNT_LIMITS[limit_key]`."""
    limit = COUNT_LIMITS[limit_key]
    if len(items) > limit:
        raise ValidationError({field: [_("最多%(limit)s项。") % {"limit": limit}]})
