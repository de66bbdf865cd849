"""The guide and the municipality page follow the Land (issue 14).

The first tests build a Land of their own ("Testland", code 99) so they do not
depend on the research data; the tests at the end walk the 13 Flächenländer as the
migrations load them, in German and English.
"""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cooperations.models import (
    Certainty,
    CooperationLaw,
    FormAbsence,
    FormFact,
    FormFamily,
    OrganisationalForm,
)
from cooperations.suggestions import partner_suggestions
from lebenswert.core.templatetags.portal import in_land
from municipalities.models import Gemeindeverband
from services.models import Sector
from tests.factories import (
    GemeindeverbandFactory,
    KreisFactory,
    LandFactory,
    MunicipalityFactory,
)

TO_CHECK = "mit der Kommunalaufsicht zu prüfen"
FORMS_PAGE = reverse("guide:guide_page", args=["organisationsformen"])
FLAECHENLAENDER = (
    "01", "03", "05", "06", "07", "08", "09", "10", "12", "13", "14", "15", "16",
)  # fmt: skip


def _law(land, **extra) -> CooperationLaw:
    values = {
        "name": f"Gesetz über Zusammenarbeit in {land.name}",
        "abbreviation": f"GZ{land.code}",
        "version": "i.d.F. vom 1.1.2020",
        "certainty": Certainty.SOURCE,
        "source": f"https://recht.example.org/{land.code}/gz",
        "funding": CooperationLaw.Funding.NONE_KNOWN,
        "funding_as_of": datetime.date(2026, 12, 5),
        **extra,
    }
    law, _created = CooperationLaw.objects.update_or_create(land=land, defaults=values)
    return law


@pytest.fixture
def testland(db):
    """A Land with a Zweckverband (one fact read in the law, one inferred) and no
    joint institution; Hessen keeps its forms from the migrations."""
    land = LandFactory(code="99", name="Testland")
    law = _law(land, unions_closed_since=datetime.date(2012, 11, 17))
    _law(LandFactory(code="06", name="Hessen"))
    form = OrganisationalForm.objects.create(
        code="tl-zweckverband",
        name="Testverband",
        name_en="Test special-purpose association",
        land=land,
        level=OrganisationalForm.Level.INSTITUTIONAL,
        family=FormFamily.SPECIAL_PURPOSE_UNION,
        law="§§ 7–9 GZ99",
        summary="Ein Verband nach dem Testrecht.",
        certainty=Certainty.SOURCE,
        source="https://recht.example.org/99/gz/7",
    )
    FormFact.objects.create(
        form=form, criterion="approval", value="Genehmigung der Aufsicht",
        law="§ 8 GZ99", certainty=Certainty.SOURCE,
        source="https://recht.example.org/99/gz/8",
    )  # fmt: skip
    FormFact.objects.create(
        form=form, criterion="own_staff", value="ja, eigenes Personal",
        certainty=Certainty.SECONDARY, source="Lehrbuch Kommunalrecht (G)",
    )  # fmt: skip
    FormAbsence.objects.create(
        land=land,
        family=FormFamily.JOINT_INSTITUTION,
        note="Das GZ99 kennt keine gemeinsame Anstalt.",
        certainty=Certainty.SOURCE,
        source="https://recht.example.org/99/gz/1",
    )
    return {"land": land, "law": law, "form": form}


def _get(client, path, language="de") -> str:
    client.cookies["django_language"] = language
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def test_form_page_shows_the_lands_law_facts_with_certainty_and_source(
    client, testland
):
    body = _get(client, reverse("guide:form_detail", args=["tl-zweckverband"]))
    assert "<h1>Testverband</h1>" in body
    assert "§§ 7–9 GZ99" in body
    assert "Gesetz über Zusammenarbeit in Testland (GZ99), i.d.F. vom 1.1.2020" in body
    approval = body.split("<dt>Genehmigung</dt>")[1].split("</dd>")[0]
    assert "Genehmigung der Aufsicht" in approval and "belegt" in approval
    assert '<a href="https://recht.example.org/99/gz/8"' in approval
    assert TO_CHECK not in approval
    staff = body.split("<dt>eigenes Personal</dt>")[1].split("</dd>")[0]
    assert TO_CHECK in staff and "Gewissheit G" in staff
    assert "Lehrbuch Kommunalrecht (G)" in staff


def test_form_page_switches_to_the_family_in_every_land(client, testland):
    body = _get(client, reverse("guide:form_detail", args=["zweckverband"]))
    switcher = body.split('id="laender"')[1].split("</section>")[0]
    # Hessen's own form is the current one; Testland's links to its own name.
    assert '<span aria-current="page">Zweckverband</span>' in switcher
    assert '<a href="/leitfaden/formen/tl-zweckverband/">Testverband</a>' in switcher
    assert "§§ 7–9 GZ99" in switcher
    anstalt = _get(client, reverse("guide:form_detail", args=["anstalt"]))
    testland_entry = anstalt.split("<strong>Testland:</strong>")[1].split("</li>")[0]
    assert "nicht vorgesehen: Das GZ99 kennt keine gemeinsame Anstalt." in (
        " ".join(testland_entry.split())
    )
    assert 'href="https://recht.example.org/99/gz/1"' in testland_entry


def test_form_page_query_count_does_not_grow_with_laender(client, testland):
    path = reverse("guide:form_detail", args=["zweckverband"])
    _get(client, path)
    with CaptureQueriesContext(connection) as few:
        _get(client, path)
    for code, name in (("98", "Zweitland"), ("97", "Drittland")):
        _law(LandFactory(code=code, name=name))
    with CaptureQueriesContext(connection) as many:
        body = _get(client, path)
    assert "<strong>Drittland:</strong>" in body
    assert len(many) == len(few)


def test_overview_follows_the_chosen_land_with_its_law_and_absences(client, testland):
    hessen = _get(client, FORMS_PAGE)
    assert "In Hessen regelt das Gesetz über kommunale Gemeinschaftsarbeit" in hessen
    assert '<a href="?land=06#land" aria-current="page">Hessen</a>' in hessen
    assert "§§ 5–23a KGG" in hessen
    body = _get(client, FORMS_PAGE + "?land=99")
    assert "Formen in Testland" in body
    assert "Gesetz über Zusammenarbeit in Testland (GZ99)" in body
    assert '<a href="?land=99#land" aria-current="page">Testland</a>' in body
    assert '<a href="?land=06#land">Hessen</a>' in body
    # Another Land's page drops the Hessian introduction, keeps the general text.
    assert "In Hessen regelt" not in body and "Worauf es bei der Wahl ankommt" in body
    table = body.split('id="vergleich"')[1]
    assert "Testverband" in table and "§§ 5–23a KGG" not in table
    assert "Organisationsformen nach GZ99 (Testland) im Vergleich" in table
    assert "gemeinsame Anstalt / gemeinsames Kommunalunternehmen:" in body
    assert "Das GZ99 kennt keine gemeinsame Anstalt." in body


@pytest.mark.parametrize("land", ["11", "xx", "<b>"])
def test_overview_refuses_a_land_without_cooperation_law(client, testland, land):
    response = client.get(FORMS_PAGE, {"land": land})
    assert response.status_code == 404


def test_english_guide_uses_the_english_form_names(client, testland):
    body = _get(client, FORMS_PAGE + "?land=99", language="en")
    assert "Forms in Testland" in body
    assert ">Test special-purpose association</a>" in body
    page = _get(
        client, reverse("guide:form_detail", args=["tl-zweckverband"]), language="en"
    )
    assert "<h1>Test special-purpose association</h1>" in page
    assert '<span lang="de">Testverband</span>' in page
    assert "to be checked with the Kommunalaufsicht" in page


def test_a_land_is_named_with_its_article_where_german_needs_one():
    assert in_land("Bayern") == "in Bayern"
    assert in_land("Saarland") == "im Saarland"
    with translation.override("en"):
        assert in_land("Saarland") == "in Saarland"


def test_guide_search_names_the_land_of_each_form(client, testland):
    body = _get(client, reverse("guide:guide_search") + "?q=Testland")
    assert "Testverband (Testland)" in body
    assert "Zweckverband (Hessen)" not in body


# The municipality page and the partner suggestions


@pytest.fixture
def union_members(roles, testland):
    """Two municipalities of one Verwaltungsgemeinschaft in Testland, one outside."""
    kreis = KreisFactory(
        code="99001", name="Testkreis", land=testland["land"], regierungsbezirk=None
    )
    union = GemeindeverbandFactory(
        kreis=kreis,
        code="990015001",
        name="Hainleite",
        type=Gemeindeverband.Type.VERWALTUNGSGEMEINSCHAFT,
    )
    near = {"latitude": Decimal("51.0"), "longitude": Decimal("10.0")}
    members = [
        MunicipalityFactory(kreis=kreis, ags=ags, name=name, verband=union, **near)
        for ags, name in (("99001001", "Nordheim"), ("99001002", "Südheim"))
    ]
    outside = MunicipalityFactory(kreis=kreis, ags="99001003", name="Westheim", **near)
    return {"members": members, "outside": outside, "kreis": kreis}


def test_municipality_page_shows_union_membership_and_the_land_guide(
    client, roles, union_members
):
    client.force_login(roles["admin"])
    nordheim = union_members["members"][0]
    body = _get(client, nordheim.get_absolute_url())
    assert "Gehört zur Verwaltungsgemeinschaft Hainleite" in body
    assert (
        '<a href="/leitfaden/organisationsformen/?land=99#land">'
        "Kooperationsformen in Testland</a>"
    ) in body
    assert (
        "In Testland dürfen seit dem 17.11.2012 keine neuen Verwaltungsverbände "
        "oder Verwaltungsgemeinschaften gegründet werden."
    ) in body
    english = _get(client, nordheim.get_absolute_url(), language="en")
    assert "Belongs to the Verwaltungsgemeinschaft Hainleite" in english
    assert "Cooperation forms in Testland" in english


def test_municipality_page_in_hessen_links_its_guide_without_union_note(
    client, roles, municipality, testland
):
    client.force_login(roles["viewer"])
    body = _get(client, municipality.get_absolute_url())
    assert "?land=06#land" in body and "Kooperationsformen in Hessen" in body
    assert "keine neuen Verwaltungsverbände" not in body
    assert "Gehört zu" not in body  # verbandsfrei


def test_municipality_page_without_cooperation_law_has_no_guide_link(client, roles):
    berlin = MunicipalityFactory(
        kreis=KreisFactory(
            code="11000", name="Berlin", land=LandFactory(code="11", name="Berlin"),
            regierungsbezirk=None,
        ),
        ags="11000000",
        name="Berlin, Stadt",
    )  # fmt: skip
    client.force_login(roles["admin"])
    body = _get(client, berlin.get_absolute_url())
    assert "Kooperationsformen in" not in body


@pytest.mark.parametrize(
    ("union_type", "phrase"),
    [
        ("51", "gehört zum Amt Hainleite"),
        ("52", "gehört zur Samtgemeinde Hainleite"),
        ("53", "gehört zur Verbandsgemeinde Hainleite"),
        ("56", "gehört zum Verwaltungsverband Hainleite"),
        ("58", "gehört zum Bereich der erfüllenden Gemeinde Hainleite"),
        ("50", ""),
    ],
)
def test_membership_is_named_by_the_type_of_union(union_type, phrase):
    union = Gemeindeverband(name="Hainleite", type=union_type)
    assert union.membership() == phrase
    assert union.membership(already=True) == phrase.replace(
        "gehört ", "gehört bereits "
    )


def test_partner_suggestions_say_who_already_shares_the_union(
    client, roles, union_members
):
    nordheim, suedheim = union_members["members"]
    sector = Sector.objects.get(code="abwasser")
    found = partner_suggestions(
        user=roles["admin"], municipality=nordheim, sector=sector
    )
    unions = {s.municipality.short_name: s.union for s in found.neighbours}
    assert unions == {
        "Südheim": "gehört bereits zur Verwaltungsgemeinschaft Hainleite",
        "Westheim": "",
    }
    client.force_login(roles["admin"])
    page = _get(
        client,
        reverse("comparison:partner_suggestion_list")
        + f"?ags={nordheim.ags}&sektor=abwasser&kreis=99001",
    )
    assert "Südheim</a>" in page
    assert "– gehört bereits zur Verwaltungsgemeinschaft Hainleite" in page


# Every Flächenland as the migrations load it


def _laender() -> list[CooperationLaw]:
    return list(CooperationLaw.objects.select_related("land").order_by("land_id"))


@pytest.mark.django_db
def test_the_migrations_load_a_law_for_each_of_the_13_laender():
    assert [law.land_id for law in _laender()] == list(FLAECHENLAENDER)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("code", FLAECHENLAENDER)
def test_every_land_overview_names_its_law_and_the_paragraphs_of_its_forms(
    client, code, language
):
    law = CooperationLaw.objects.select_related("land").get(pk=code)
    body = _get(client, f"{FORMS_PAGE}?land={code}", language)
    with translation.override("de"):
        heading = {"de": f"Formen {in_land(law.land.name)}"}
    heading["en"] = f"Forms in {law.land.name}"
    assert heading[language] in body
    assert f"{law.name} ({law.abbreviation})" in body
    if law.version:
        assert law.version in body
    switcher = body.split('class="land-switcher"')[1].split("</nav>")[0]
    assert len(re.findall(r'<a href="\?land=\d\d#land"', switcher)) == 13
    forms = OrganisationalForm.objects.filter(land_id=code)
    assert forms.exists()
    table = body.split('id="vergleich"')[1]
    for form in forms:
        assert f"/leitfaden/formen/{form.code}/" in table
        assert form.law in table
    text = html.unescape(re.sub(r"</?span[^>]*>", "", body))
    for absence in FormAbsence.objects.filter(land_id=code):
        assert (absence.note if language == "de" else absence.note_en) in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("code", FLAECHENLAENDER)
def test_every_land_form_page_shows_paragraph_facts_and_switcher(
    client, code, language
):
    laws = {law.land_id: law for law in _laender()}
    forms = OrganisationalForm.objects.filter(land_id=code).prefetch_related("facts")
    for form in forms:
        body = _get(client, reverse("guide:form_detail", args=[form.code]), language)
        assert form.law in body
        assert f"{laws[code].name} ({laws[code].abbreviation})" in body
        # The values in the page's language (German names in English text marked).
        text = html.unescape(re.sub(r"</?span[^>]*>", "", body))
        for fact in form.facts.all():
            assert (fact.value if language == "de" else fact.value_en) in text
        unsettled = [f for f in form.facts.all() if f.certainty != Certainty.SOURCE]
        if unsettled:
            assert (TO_CHECK if language == "de" else "supervisory authority") in body
        # Every other Land appears in the switcher: with its forms or why it has none.
        switcher = body.split('id="laender"')[1].split("</section>")[0]
        for law in laws.values():
            assert f"<strong>{law.land.name}:</strong>" in switcher
        switcher = html.unescape(re.sub(r"</?span[^>]*>", "", switcher))
        for absence in FormAbsence.objects.filter(family=form.family):
            note = absence.note if language == "de" else absence.note_en
            assert " ".join(note.split()) in " ".join(switcher.split())


@pytest.mark.django_db
def test_english_form_pages_mark_the_german_reference_texts(client):
    """Issue 15, item 9: summaries and facts have English texts; the laws stay
    German and carry lang="de" on an English page (WCAG 3.1.2), not on a German
    one. (tests/core/test_translations.py checks every guide page.)"""
    form = OrganisationalForm.objects.get(code="zweckverband")
    fact = form.facts.get(criterion="approval")
    url = reverse("guide:form_detail", args=[form.code])
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert html.escape(form.summary_en) in english
    assert html.escape(form.summary) not in english
    assert html.escape(fact.value_en) in english
    assert f'<span lang="de">{html.escape(form.law)}</span>' in english
    client.cookies["django_language"] = "de"
    german = client.get(url).content.decode()
    assert f'<span lang="de">{html.escape(form.law)}</span>' not in german
    assert html.escape(form.summary) in german
