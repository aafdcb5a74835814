"""The English catalogue: complete, current with the source, compiled, and used by the pages.

Message ids are the Chinese text, so an untranslated message would show Chinese on an
English page; these tests fail on any such message instead.
"""

import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# Han ideographs and CJK/full-width punctuation; curly quotes are fine in English.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|%%|\{\w*\}")

# Passed to makemessages as the Makefile's `messages` target does.
IGNORE = [".venv/*", ".tools/*", "data/*", "artifacts/*", "node_modules/*"]


def _key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_PATH))


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    assert len(catalogue) > 500  # the whole interface, not an empty file
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in catalogue.obsolete_entries()] == []
    assert not catalogue.metadata_is_fuzzy
    for entry in catalogue.translated_entries():
        forms = _translations(entry)
        if entry.msgid_plural:
            assert len(forms) == 2, entry.msgid  # English: one, other
        assert all(form.strip() for form in forms), entry.msgid


def test_translations_keep_every_placeholder(catalogue):
    for entry in catalogue:
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for form in _translations(entry):
            assert sorted(PLACEHOLDER.findall(form)) == expected, (entry.msgid, form)


def _source_copy(target):
    """The files makemessages reads (.py, .html, .txt), without the committed catalogue."""
    skip_dirs = {".git", ".venv", ".tools", "data", "artifacts", "node_modules", "locale"}

    def ignore(directory, names):
        keep_ext = (".py", ".html", ".txt")
        return [
            name
            for name in names
            if name in skip_dirs
            or name == "__pycache__"
            or (Path(directory, name).is_file() and not name.endswith(keep_ext))
        ]

    shutil.copytree(settings.BASE_DIR, target, ignore=ignore, symlinks=True)


def test_catalogue_has_every_message_in_the_source(catalogue, tmp_path, settings, monkeypatch):
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        reason = "GNU gettext (xgettext) is not installed; CI machines have it"
        print(reason)
        pytest.skip(reason)
    committed = PO_PATH.read_bytes()
    source = tmp_path / "src"
    _source_copy(source)
    settings.LOCALE_PATHS = [str(source / "locale")]
    monkeypatch.chdir(source)
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=IGNORE,
        no_obsolete=True,
        add_location="never",
        verbosity=0,
    )
    extracted = polib.pofile(str(source / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert len(extracted) > 500
    known = {_key(e) for e in catalogue}
    missing = [e.msgid for e in extracted if _key(e) not in known]
    assert missing == [], f"run `make messages` and translate these: {missing!r}"
    assert PO_PATH.read_bytes() == committed  # nothing was written into the real locale/


def test_compiled_catalogue_matches_the_po_file(catalogue):
    compiled = {_key(e): _translations(e) for e in polib.mofile(str(MO_PATH))}
    for entry in catalogue:
        assert compiled.get(_key(entry)) == _translations(entry), entry.msgid
    assert len(compiled) == len(catalogue)


def test_django_uses_the_english_catalogue():
    with translation.override("en"):
        assert translation.gettext("巡视巡察案件管理") == "Inspection tour case management"
        assert translation.ngettext("被反映 %(n)s 次", "被反映 %(n)s 次", 3) % {"n": 3} == (
            "Reported on 3 times"
        )
    with translation.override("zh-hans"):
        assert translation.gettext("巡视巡察案件管理") == "巡视巡察案件管理"


@pytest.mark.django_db
def test_seeded_discipline_names_read_in_english():
    from findings.models import Discipline

    names = list(Discipline.objects.values_list("name", flat=True))
    assert len(names) == 6
    with translation.override("en"):
        shown = [str(d) for d in Discipline.objects.all()]
    assert all(not CJK.search(name) for name in shown), shown
    assert "Political discipline" in shown


class _Chrome(HTMLParser):
    """Text of the interface's own words: navigation, headings, labels, buttons, headers."""

    WATCHED = {"nav", "title", "h1", "h2", "h3", "th", "label", "legend", "button", "dt"}

    def __init__(self):
        super().__init__()
        self.open = []
        self.in_option = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag == "option":
            self.in_option += 1
        elif tag in self.WATCHED:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag == "option":
            self.in_option = max(0, self.in_option - 1)
        elif tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data):
        if self.open and not self.in_option and data.strip():
            self.texts.append((self.open[-1], data.strip()))


def _chrome(html):
    parser = _Chrome()
    parser.feed(html)
    return parser.texts


def _english(client, user=None):
    if user is not None:
        client.force_login(user)
    # The path a person takes: the language switcher in the page header.
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def _assert_english(response, *expected):
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    texts = _chrome(html)
    assert texts, "no navigation, headings or labels found"
    chinese = [(tag, text) for tag, text in texts if CJK.search(text)]
    assert chinese == []
    for words in expected:
        assert words in html


@pytest.mark.django_db
def test_login_page_in_english(client):
    _english(client)
    response = client.get(reverse("login"))
    _assert_english(response, "Log in", "Username", "Password")
    assert "登录" not in response.content.decode()


@pytest.mark.django_db
def test_login_page_stays_chinese_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert any(CJK.search(text) for _tag, text in _chrome(html))
    assert "Log in" not in html


@pytest.mark.django_db
def test_home_page_for_office_staff_in_english(client, users):
    _english(client, users.office)
    _assert_english(client.get("/"), "Workspace", "Petitions", "Inspection office staff")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, url, words",
    [
        ("office", "tours:station-list", ["Phase", "Batch"]),
        ("office", "petitions:petition-list", ["Petitions", "Channel"]),
        ("member_a", "petitions:intake", ["Register a petition", "Reporter"]),
        ("leader_a", "findings:finding-create", ["Record a finding on site"]),
        ("office", "findings:finding-list", ["Findings", "Problem category"]),
        ("office", "findings:lead-list", ["Leads", "Receiving body"]),
        ("office", "rectification:station-list", ["Rectification"]),
        ("office", "rectification:item-list", ["Rectification items", "Deadline"]),
        ("office", "rectification:rates", ["Rectification rates", "On-time close-out rate"]),
        ("leadership", "dashboards:dashboard", ["Charts", "Term"]),
        ("office", "notifications:inbox", ["Reminders"]),
        ("office", "api-tokens", ["API tokens", "Create a token"]),
    ],
)
def test_main_pages_in_english(client, users, who, url, words):
    _english(client, getattr(users, who))
    _assert_english(client.get(reverse(url)), *words)


@pytest.mark.django_db
def test_finding_form_help_text_follows_the_language(client, users):
    _english(client, users.leader_a)
    html = client.get(reverse("findings:finding-create")).content.decode()
    assert "You can photograph documents with a phone" in html
    assert "可直接用手机拍摄文件" not in html


@pytest.mark.django_db
def test_petition_register_exported_in_english_re_imports(client, users):
    from petitions.models import Petition
    from tests.petitions.helpers import register

    register(
        users.office,
        users.station_a,
        "反映王某违规兼职",
        people=[("王某", "处长", "甲省交通运输厅", "division")],
        disciplines=["integrity", "political"],
        reporter={"name": "秘密举报人", "phone": "13600000000"},
    )
    _english(client, users.leader_a)
    exported = client.get(reverse("petitions:export"))
    assert exported.status_code == 200
    upload = io.BytesIO(exported.content)
    upload.name = "register.xlsx"
    response = client.post(
        reverse("petitions:import"), {"station": str(users.station_a.pk), "file": upload}
    )
    assert response.status_code == 302, response.context and response.context["row_errors"]
    copy = Petition.objects.filter(summary="反映王某违规兼职").order_by("-pk")[0]
    assert Petition.objects.count() == 2
    assert copy.people.get().cadre_level == "division"
    assert sorted(copy.discipline_rows.values_list("discipline", flat=True)) == [
        "integrity",
        "political",
    ]
