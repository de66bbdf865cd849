"""Every number and date on the pilot pages goes through one formatting path.

The pages of every persona are rendered with the pilot region, the demo figures
and the demo cooperations, in German and in English, and their visible text is
scanned for what the one path never writes: numbers of 10.000 and more without
thousands separators, the other language's decimal separator, exponents
("1E+2") and ISO dates.
"""

import re
from html.parser import HTMLParser

import pytest

from cooperations.demo import demo_cooperations_load
from municipalities import actions
from municipalities.models import Municipality
from services.demo import demo_figures_load

ESCHWEGE = "/gemeinden/06636003/"
COMPARISON = (
    "/vergleich/optionen/?sektor=abwasser&aufgabe=service_pool&partner=06636003"
    "&partner=06636013&partner=06636011&laufzeit=4&einsparung=12&kosten=2400000"
    "&schluessel=mix&mix_equal=1&mix_population=1"
)
PAGES = {
    "anonymous": ["/", "/leitfaden/foerderung/", "/leitfaden/wasser/"],
    "editor": [
        "/uebersicht/",
        "/gemeinden/",
        "/gemeinden/?land=06&kreis=06636",
        ESCHWEGE,
        "/gemeinden/06636003/verlauf/",
        "/sektoren/",
        "/sektoren/wasserversorgung/",
        "/sektoren/abwasser/",
        "/gemeinden/06636003/versorgung/wasserversorgung/",
        "/kooperationen/",
        "/kooperationen/matrix/?kreis=06636",
        "/kooperationen/luecken/?kreis=06636",
        "/vergleich/",
        "/vergleich/partner/?ags=06636003&sektor=abwasser",
        COMPARISON,
    ],
    "planner": [
        "/uebersicht/",
        "/vergleich/gemeinden/?ags=06636003&ags=06636016&ags=06636011",
    ],
}

# What the one path never writes, per language.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
EXPONENT = re.compile(r"\d[eE][+-]?\d")
# A run of 5 or more digits that is not a key (AGS 06636003, Kreis 06636: a leading
# zero) and not part of a longer token (a phone number, an id in a word, a value in
# a source's address: "?bes_id=46868").
UNGROUPED = re.compile(r"(?<![\d.,\w/+=-])[1-9]\d{4,}(?![\d\w])")
# "2.79" in German; dates, grouped numbers and a licence's "Version 2.0" excepted.
DECIMAL_POINT = re.compile(r"(?<![\d.])(?<!Version )\d+\.\d+(?![\d.])")
DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,\d{1,2}(?![\d,])")  # "2,79" in English
GROUPED_DE = re.compile(r"^\d{1,3}(\.\d{3})+$")
# Text left in German on an English page (data such as indicator descriptions, or
# a note not yet translated) keeps its German numbers.
GERMAN_TEXT = re.compile(r"[äöüßÄÖÜ]|\b(?:je|mit|und|der|die|das|des|im|auf|zum|für)\b")


class _Text(HTMLParser):
    """The visible text of a page, one string per text node."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def misformatted(parts: list[str], language: str, codes=frozenset()) -> list[str]:
    """Each text node with a number or date the one path would not write;
    `codes` are digits that are no numbers (postcodes)."""
    found = []
    for text in parts:
        problems = ISO_DATE.findall(text) + EXPONENT.findall(text)
        problems += [code for code in UNGROUPED.findall(text) if code not in codes]
        if language == "en" and GERMAN_TEXT.search(text):
            continue  # data or notes still in German: tests/core/test_translations
        if language == "de":
            problems += [
                number
                for number in DECIMAL_POINT.findall(text)
                if not GROUPED_DE.match(number)
            ]
        else:
            problems += DECIMAL_COMMA.findall(text)
        if problems:
            found.append(f"{problems} in {text.strip()[:120]!r}")
    return found


def test_the_scan_finds_what_the_issue_names():
    text = ["18743 Einwohner", "1234,5", "2.79 €", "-0.8 %", "0–1E+2 %", "2024-12-31"]
    assert len(misformatted(text, "de")) == 5  # "1234,5" is German, but see below
    assert misformatted(["1234,5"], "en") and misformatted(["18743"], "en")
    fine = ["18.743", "31.12.2024", "06636003", "05651 3040", "dl-de Version 2.0"]
    fine += ["recht.nrw.de/br_bes_text?bes_id=46868"]
    assert misformatted(fine, "de") == []
    assert misformatted(["18,743", "2.79", "31 Dec 2024"], "en") == []


@pytest.fixture
def pilot_pages(roles):
    actions.pilot_region_load()
    demo_figures_load()
    demo_cooperations_load()
    return roles


@pytest.mark.parametrize("language", ["de", "en"])
def test_pilot_pages_write_every_number_and_date_one_way(client, pilot_pages, language):
    from cooperations.models import Cooperation

    cooperations = list(Cooperation.objects.all())
    more = {
        "editor": [cooperation.get_absolute_url() for cooperation in cooperations],
        "admin": [f"/kooperationen/{c.pk}/partner/" for c in cooperations],
    }
    # Postcodes are codes, not numbers.
    postcodes = set(
        Municipality.objects.exclude(postcode="").values_list("postcode", flat=True)
    )
    problems = []
    for role, paths in {**PAGES, "admin": []}.items():
        client.logout()
        if pilot_pages[role]:
            client.force_login(pilot_pages[role])
        client.post("/sprache/", {"language": language, "next": "/"})
        paths = [*paths, *more.get(role, [])]
        for path in paths:
            if language == "en" and path.endswith("/verlauf/"):
                continue  # the history names each record as written at the time
            response = client.get(path)
            assert response.status_code == 200, (role, path)
            assert response.headers["Content-Language"] == language, path
            problems += [
                f"{role} {path}: {problem}"
                for problem in misformatted(
                    visible_text(response.content.decode()), language, postcodes
                )
            ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["de", "en"])
def test_reports_write_every_number_and_date_one_way(pilot_pages, language):
    from django.utils import translation

    from cooperations.models import Cooperation
    from lebenswert.reports import renderer
    from lebenswert.reports.registry import REPORT_KINDS, load_kinds

    load_kinds()
    requests = [
        ("gemeinde", {"ags": "06636003"}),
        ("region", {"kreis": "06636"}),
        *(("kooperation", {"pk": c.pk}) for c in Cooperation.objects.all()),
    ]
    postcodes = set(
        Municipality.objects.exclude(postcode="").values_list("postcode", flat=True)
    )
    problems = []
    for name, params in requests:
        kind = REPORT_KINDS[name]
        if kind.audience:
            params = {**params, **kind.audience(pilot_pages["admin"], params)}
        with translation.override(language):
            html = renderer.report_html(kind.template, kind.selector(params))
        problems += [
            f"{name} {params}: {problem}"
            for problem in misformatted(visible_text(html), language, postcodes)
        ]
    assert not problems, "\n".join(problems)


def test_templates_write_a_day_only_through_the_day_filter(settings):
    """`|date:"SHORT_DATE_FORMAT"` beside `|day` would be a second way to write a
    date; the only `|date:` left are times of day and machine formats."""
    second_way = re.compile(r"\|date:\s*[\"']SHORT_DATE_FORMAT[\"']")
    templates = (settings.BASE_DIR / "templates").rglob("*.*")
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in templates
        if second_way.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
