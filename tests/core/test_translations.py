"""The English translation is complete, compiled, and the key pages read in English.

The .po file is read with a small parser (no extra dependency): every entry must have
a translation and none may be marked fuzzy. The compiled .mo must carry the same
translations, so a forgotten `compilemessages` fails too. The pages are fetched after
choosing English, and their visible text (plus the accessible names in aria-label,
alt, title and placeholder) must not contain common German interface words.
"""

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def parse_po(text: str) -> list[dict]:
    """Entries as dicts: msgid, msgid_plural, msgctxt, msgstr (list) and flags."""
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def finish():
        if "msgid" in entry:
            entries.append(entry.copy())
        entry.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            field = None
        elif line.startswith("#~"):
            continue  # obsolete entries are not shipped
        elif line.startswith("#,"):
            if "msgid" in entry:
                finish()
            entry.setdefault("flags", set()).update(
                flag.strip() for flag in line[2:].split(",")
            )
        elif line.startswith("#"):
            if "msgid" in entry:
                finish()
        elif line.startswith('"'):
            value = _unquote(line)
            if isinstance(entry.get(field), list):
                entry[field][-1] += value
            else:
                entry[field] += value
        else:
            keyword, _space, rest = line.partition(" ")
            if keyword.startswith("msgstr"):
                field = "msgstr"
                entry.setdefault("msgstr", []).append(_unquote(rest))
            else:
                if keyword == "msgctxt" and "msgid" in entry:
                    finish()
                field = keyword
                entry[keyword] = _unquote(rest)
    finish()
    for item in entries:
        item.setdefault("flags", set())
    return entries


@pytest.fixture(scope="module")
def po_entries():
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))
    assert entries[0]["msgid"] == ""  # the header
    return entries[1:]


def test_po_parser_reads_plurals_flags_and_continuations():
    sample = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Ein %(n)s "\n"Wort"\nmsgstr ""\n\n'
        'msgid "%(n)s Jahr"\nmsgid_plural "%(n)s Jahre"\n'
        'msgstr[0] "%(n)s year"\nmsgstr[1] ""\n\n'
        '#~ msgid "alt"\n#~ msgstr "old"\n'
    )
    header, fuzzy, plural = parse_po(sample)
    assert header["msgstr"] == ["Language: en\n"]
    assert fuzzy["msgid"] == "Ein %(n)s Wort" and "fuzzy" in fuzzy["flags"]
    assert plural["msgid_plural"] == "%(n)s Jahre"
    assert plural["msgstr"] == ["%(n)s year", ""]


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    assert len(po_entries) > 500
    untranslated = [e["msgid"] for e in po_entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%")


def test_translations_keep_their_placeholders(po_entries):
    broken = []
    for entry in po_entries:
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for index, translation in enumerate(entry["msgstr"]):
            source = sources[min(index, 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(
                PLACEHOLDER.findall(translation)
            ):
                broken.append(entry["msgid"])
    assert broken == []


def test_compiled_catalogue_matches_the_po_file(po_entries):
    with MO_FILE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in po_entries:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            got = [
                catalogue.npgettext(context, entry["msgid"], entry["msgid_plural"], n)
                if context
                else catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n)
                for n in (1, 2)
            ]
            expected = entry["msgstr"][:2]
        else:
            got = [
                catalogue.pgettext(context, entry["msgid"])
                if context
                else catalogue.gettext(entry["msgid"])
            ]
            expected = entry["msgstr"][:1]
        if got != expected:
            stale.append(entry["msgid"])
    assert stale == [], "run manage.py compilemessages"


class _VisibleText(HTMLParser):
    """Text a reader sees or hears: content outside script/style, accessible names."""

    SKIP = {"script", "style", "template"}
    NAMED = ("aria-label", "alt", "title", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in self.NAMED and value:
                self.parts.append(value)
            elif tag == "input" and name == "value" and value:
                if dict(attrs).get("type") in {"submit", "button"}:
                    self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


# Common German interface words: a word counts when it starts with one of the stems
# ("Gemeinden", "Berichte") or, for the short function words, when it is the word.
GERMAN_STEMS = (
    "Gemeinde", "Kooperation", "Bericht", "speichern", "Anmeld", "anmelden",
    "Abmelden", "Passwort", "Startseite", "Suche", "suchen", "Leitfaden",
    "Einwohner", "Kennzahl", "Übersicht", "Datenschutz", "Impressum", "Sprache",
    "Zurück", "Weiter", "Frist", "Förderung", "Verwaltung", "Seite", "Inhalt",
    "Vergleich", "Partnergemeinde", "Handlungsfeld", "Kapitel", "Hinweis",
)  # fmt: skip
GERMAN_WORDS = (
    "und",
    "oder",
    "nicht",
    "mit",
    "für",
    "über",
    "der",
    "die",
    "das",
    "Ihr",
)
# Proper names and German legal terms that intentionally stay German (the English
# text glosses them), and the language switcher, which names German in German.
ALLOWED = (
    "Lebensqualität und Daseinsvorsorge durch interkommunale Kooperation",
    "Der Hessische Beauftragte für Datenschutz und Informationsfreiheit",
    "COOPERATIVE Infrastruktur und Umwelt",
    "Anschluss- und Benutzungszwang",
    "Gemeindeverwaltungsverband",
    "Kommunen innovativ",
    "Statistisches Bundesamt",
    "Deutsch",
)
GERMAN = re.compile(
    r"\b(?:(?:" + "|".join(map(re.escape, GERMAN_STEMS)) + r")\w*"
    r"|(?:" + "|".join(map(re.escape, GERMAN_WORDS)) + r"))\b"
)


def german_words(text: str) -> list[str]:
    for phrase in ALLOWED:
        text = text.replace(phrase, " ")
    return sorted(set(GERMAN.findall(text)))


def test_german_word_check_catches_leftovers():
    page = '<p>Gemeinden <span aria-label="Bericht speichern">x</span></p>'
    assert german_words(visible_text(page)) == ["Bericht", "Gemeinden", "speichern"]
    assert german_words(visible_text("<p>Under the Zweckverband: a report</p>")) == []


@pytest.mark.parametrize("path", ["/", "/leitfaden/", "/konto/anmelden/"])
def test_key_pages_render_in_english_without_german_words(client, roles, path):
    response = client.post("/sprache/", {"language": "en", "next": path})
    assert response.status_code == 302
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="en"' in page
    assert german_words(visible_text(page)) == []


def test_every_admin_section_has_a_german_name_with_an_english_translation():
    """No raw app labels ("Axes", "Otp_Totp") as sections of the admin index."""
    from django.contrib import admin
    from django.utils import translation

    raw = []
    for config in {model._meta.app_config for model in admin.site._registry}:
        with translation.override("de"):
            german = str(config.verbose_name)
        with translation.override("en"):
            english = str(config.verbose_name)
        if german in (english, config.label.title()):
            raw.append((config.label, german, english))
    assert raw == []


def test_the_admin_reads_in_german_and_in_english(client, roles):
    from django.urls import reverse

    client.force_login(roles["admin"])
    index = visible_text(client.get("/admin/").content.decode())
    assert "Anmeldeversuche" in index
    assert "Zweiter Faktor: Authenticator-Apps" in index
    account = visible_text(
        client.get(
            reverse("admin:accounts_user_change", args=[roles["editor"].pk])
        ).content.decode()
    )
    assert "Passwort zurücksetzen" in account
    history = visible_text(client.get("/admin/audit/change/").content.decode())
    assert "Datenart" in history
    for english in ("Axes", "Otp_Totp", "Reset password", "content type", "Search"):
        assert english.lower() not in (index + account + history).lower(), english
    # django-axes' texts that its catalogue leaves out (locale/de) are German too,
    # and django-otp's model names (plain English there: lebenswert/accounts/apps.py).
    devices = visible_text(client.get("/admin/otp_totp/totpdevice/").content.decode())
    assert "Authenticator-App zur Änderung auswählen" in devices
    for english in ("access attempt expiration", "totp device", "static device"):
        assert english not in (index + history + devices).lower(), english
    assert "ablauf eines anmeldeversuchs" in history.lower()

    client.post("/sprache/", {"language": "en", "next": "/admin/"})
    index = client.get("/admin/").content.decode()
    assert 'lang="en"' in index
    assert "Login attempts" in visible_text(index)
    # The English catalogue keeps the German term for this kind of association.
    text = visible_text(index).replace("Gemeindeverbände", " ")
    assert german_words(text) == []


# --- The guide's reference data in English (issue 15, item 9) ---


class _TextOutsideGerman(_VisibleText):
    """Visible text without the parts marked lang="de" and without the <title>
    (which cannot mark a language of parts; the page's h1 carries the mark)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"}

    def __init__(self):
        super().__init__()
        self._marks: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self._marks.append(tag == "title" or dict(attrs).get("lang") == "de")
        if not any(self._marks):
            super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self._marks:
            self._marks.pop()
        super().handle_endtag(tag)

    def handle_data(self, data):
        if not any(self._marks):
            super().handle_data(data)


def english_text(page: str) -> str:
    parser = _TextOutsideGerman()
    parser.feed(page)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_text_outside_german_skips_marked_parts_and_the_title():
    page = (
        "<title>Gemeinde</title><p>Under the <span lang=de>Gesetz über die "
        "Gemeinde<br> und <b>mehr</b></span> the Kooperation</p>"
    )
    assert german_words(english_text(page)) == ["Kooperation"]


REFERENCE_TEXTS = [
    ("OrganisationalForm", "summary"),
    ("FormFact", "value"),
    ("FormAbsence", "note"),
    ("FundingProgramme", "conditions"),
    ("CooperationLaw", "funding_note"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), REFERENCE_TEXTS)
def test_every_reference_text_has_an_english_version(model, field):
    from django.apps import apps

    rows = apps.get_model("cooperations", model).objects.exclude(**{field: ""})
    assert rows.count() > 0
    assert list(rows.filter(**{f"{field}_en": ""}).values_list(field, flat=True)) == []


def _english(client, path: str) -> str:
    client.cookies[_language_cookie()] = "en"
    response = client.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    assert 'lang="en"' in page
    return page


def _language_cookie() -> str:
    from django.conf import settings

    return settings.LANGUAGE_COOKIE_NAME


@pytest.mark.django_db
def test_english_guide_pages_show_the_reference_data_in_english(client):
    """Every form page, every Land's forms overview, the funding page and the
    guide's own pages: no German words outside the parts marked lang="de"."""
    from cooperations.guide import content
    from cooperations.models import CooperationLaw, OrganisationalForm

    paths = ["/leitfaden/", "/leitfaden/suche/?q=Zweckverband"]
    paths += [page.url for page in content.pages("en")]
    paths += [
        f"/leitfaden/organisationsformen/?land={land}"
        for land in CooperationLaw.objects.values_list("land_id", flat=True)
    ]
    paths += [
        f"/leitfaden/formen/{code}/"
        for code in OrganisationalForm.objects.values_list("code", flat=True)
    ]
    leftovers = {}
    for path in paths:
        words = german_words(english_text(_english(client, path)))
        if words:
            leftovers[path] = words
    assert len(paths) > 100
    assert leftovers == {}


@pytest.mark.django_db
def test_english_form_page_marks_the_german_names_it_keeps(client):
    page = _english(client, "/leitfaden/formen/rp-verbandsgemeinde/")
    # The summary in English, the Verbandsgemeinde and the law's name marked.
    assert "Ortsgemeinden" in page and "(local municipalities) belong to a" in page
    assert '<span lang="de">Verbandsgemeinde</span>' in page
    # Criterion values in English; the law of a fact stays German, marked.
    assert "yes, a territorial authority" in page or "formed by statute" in page
    assert "Bildung durch Gesetz" not in page
    page = _english(client, "/leitfaden/foerderung/")
    assert "Fixed amount of €50,000 per cooperation project" in page
    assert '<span lang="de">Landesentwicklungsprogramm</span>' in page


@pytest.mark.django_db
def test_a_reference_text_without_english_shows_the_german_marked(client):
    from cooperations.models import FormFact

    fact = FormFact.objects.get(form__code="zweckverband", criterion="setup")
    FormFact.objects.filter(pk=fact.pk).update(value_en="")
    page = _english(client, "/leitfaden/formen/zweckverband/")
    assert f'<span lang="de">{fact.value}</span>' in page
    client.cookies[_language_cookie()] = "de"
    page = client.get("/leitfaden/formen/zweckverband/").content.decode()
    assert fact.value in page and f'<span lang="de">{fact.value}' not in page


def test_german_names_in_english_reference_text_are_marked_and_escaped():
    from django.utils import translation

    from cooperations.templatetags.guide import german_terms, mark_german_terms

    marked = mark_german_terms("the GKZ <b> & an Amt, not Amtsgericht or AGB")
    assert marked == (
        'the <span lang="de">GKZ</span> &lt;b&gt; &amp; an '
        '<span lang="de">Amt</span>, not Amtsgericht or AGB'
    )
    with translation.override("de"):
        assert german_terms("Zweckverband und Amt") == "Zweckverband und Amt"
    with translation.override("en"):
        assert german_terms("an Amt") == 'an <span lang="de">Amt</span>'
