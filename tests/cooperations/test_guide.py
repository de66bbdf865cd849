import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cooperations import actions
from cooperations.guide import content, search
from cooperations.models import ChecklistItem, ChecklistTick, OrganisationalForm
from lebenswert.audit.models import Change


def test_every_page_exists_in_both_languages_with_the_same_slugs():
    german = [(p.slug, p.order, p.meta) for p in content.pages("de")]
    english = [(p.slug, p.order, p.meta) for p in content.pages("en")]
    assert german == english
    slugs = [slug for slug, _o, _m in german]
    for needed in (
        "warum-kooperation", "wasser", "wohnen", "nahraum", "organisationsformen",
        "prozess", "bestandsaufnahme", "akteure", "projektentwicklung", "umsetzung",
        "foerderung", "glossar", "quellen",
    ):  # fmt: skip
        assert needed in slugs


def test_rendering_adds_anchors_and_strips_anything_unsafe():
    html, sections = content.render(
        "Intro <script>alert(1)</script>\n\n## Größe & Maß\n\n"
        '<a href="javascript:x" onclick="y">a</a> [ok](/leitfaden/)\n\n## Größe & Maß\n'
    )
    assert '<h2 id="groesse-mass">' in html and '<h2 id="groesse-mass-2">' in html
    assert "<script" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert [s.anchor for s in sections] == ["", "groesse-mass", "groesse-mass-2"]


def test_search_finds_sections_in_both_languages_ignoring_case_and_accents():
    hits = search.search("de", "FIXKOSTEN abwasser")
    assert {(h.url_slug, h.anchor) for h in hits} >= {
        ("wasser", "herausforderungen"),
        ("glossar", "fixkosten"),
    }
    assert "<mark>Fixkosten</mark>" in hits[0].snippet
    assert search.search("de", "Meissner")  # ß folds to ss
    assert search.search("en", "treatment plant")
    assert search.search("de", "xylophon") == []
    assert search.search("de", "   ") == []


def test_search_snippet_escapes_the_text():
    snippet = search.snippet("a <b> fixkosten & c", ["fixkost"])
    assert snippet == "a &lt;b&gt; <mark>fixkosten</mark> &amp; c"


@pytest.mark.parametrize(
    "query, found",
    [
        # An inflected form finds the word (Snowball stems).
        ("Zweckverbandes", "Zweckverband"),
        # ae, oe, ue stand for ä, ö, ü.
        ("Klaeranlage", "Kläranlage"),
        ("KLÄRANLAGEN", "Kläranlage"),
        # A compound the guide does not use is found by its parts.
        ("Kündigungsfrist", "Kündigung"),
    ],
)
def test_search_understands_german_word_forms(query, found):
    hits = search.search("de", query)
    assert any(f"<mark>{found}" in str(hit.snippet) for hit in hits), query


def test_search_corrects_one_typing_error_in_a_longer_word_and_says_so():
    parsed = search.parse("Zweckverbnd Abwasser", "de")
    assert parsed.suggestion == "Zweckverband Abwasser"
    assert search.search("de", parsed)
    # A short word is not corrected: too many words lie one edit away.
    assert search.parse("Amtx", "de").suggestion == ""
    # A word that is in the guide stays as it is.
    assert search.parse("Zweckverband", "de").suggestion == ""


@pytest.mark.parametrize(
    "a, b, close",
    [
        ("verband", "verbnd", True),
        ("verband", "verbanD".lower(), True),
        ("verband", "verbandx", True),
        ("verband", "vrebnad", False),
        ("verband", "verb", False),
    ],
)
def test_within_one_edit(a, b, close):
    assert search.within_one_edit(a, b) is close
    assert search.within_one_edit(b, a) is close


@pytest.mark.django_db
def test_search_page_offers_the_corrected_word(client):
    response = client.get(reverse("guide:guide_search"), {"q": "Zweckverbnd"})
    html = response.content.decode()
    assert "Meinten Sie:" in html
    assert "?q=Zweckverband" in html
    assert "Zweckverband" in html and "Treffer" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_every_guide_page_renders_for_anonymous_users(client, language):
    client.cookies["django_language"] = language
    paths = [reverse("guide:guide_index"), reverse("guide:guide_search") + "?q=KGG"]
    paths += [
        reverse("guide:guide_page", args=[p.slug])
        for p in content.pages(language)
        if p.slug != "uebersicht"
    ]
    paths += [
        reverse("guide:form_detail", args=[f.code])
        for f in OrganisationalForm.objects.all()
    ]
    for path in paths:
        with translation.override(language):
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path


@pytest.mark.django_db
def test_comparison_table_marks_facts_and_cites_the_law(client):
    response = client.get(reverse("guide:guide_page", args=["organisationsformen"]))
    body = response.content.decode()
    assert body.count('class="badge badge-source"') > 20
    assert body.count('class="badge badge-check"') > 20
    assert "§§ 5–23a KGG" in body and "§ 24 Abs. 4 KGG" in body


@pytest.fixture
def zweckverband_cooperation(roles, municipality):
    cooperation = actions.cooperation_create(
        actor=None,
        title="Wasserverband Test",
        task="Wasser",
        lead=municipality,
        partners=[municipality],
        status="active",
        form=OrganisationalForm.objects.get(code="zweckverband"),
    )
    return cooperation


@pytest.mark.django_db
def test_form_page_shows_counts_to_anonymous_and_cooperations_to_readers(
    client, roles, zweckverband_cooperation
):
    path = reverse("guide:form_detail", args=["zweckverband"])
    body = client.get(path).content.decode()
    assert "1 Kooperation in dieser Form" in body
    assert "Wasserverband Test" not in body
    client.force_login(roles["viewer"])
    body = client.get(path).content.decode()
    assert "Wasserverband Test" in body


@pytest.mark.django_db
def test_form_page_query_count_does_not_grow_with_cooperations(
    client, roles, municipality, zweckverband_cooperation
):
    client.force_login(roles["viewer"])
    path = reverse("guide:form_detail", args=["zweckverband"])
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for n in range(4):
        actions.cooperation_create(
            actor=None,
            title=f"Verband {n}",
            task="Wasser",
            lead=municipality,
            partners=[municipality],
            form=OrganisationalForm.objects.get(code="zweckverband"),
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get(path).content.decode()
    assert "Verband 3" in body
    assert len(many) == len(few)


@pytest.mark.django_db
def test_editor_ticks_a_checklist_with_history(client, roles, zweckverband_cooperation):
    cooperation = zweckverband_cooperation
    page = reverse("guide:guide_page", args=["bestandsaufnahme"])
    client.force_login(roles["editor"])
    body = client.get(f"{page}?kooperation={cooperation.pk}").content.decode()
    assert 'name="items" value="inventory-population"' in body
    # Paging on to the next phase keeps the cooperation.
    assert f'/leitfaden/akteure/?kooperation={cooperation.pk}"' in body
    url = reverse("cooperations:checklist_update", args=[cooperation.pk, "inventory"])
    response = client.post(url, {"items": ["inventory-population", "inventory-costs"]})
    assert response.status_code == 302
    assert response.url.endswith(f"?kooperation={cooperation.pk}#checkliste")
    ticked = set(
        ChecklistTick.objects.filter(cooperation=cooperation).values_list(
            "item__code", flat=True
        )
    )
    assert ticked == {"inventory-population", "inventory-costs"}
    client.post(url, {"items": ["inventory-costs"]})
    assert ChecklistTick.objects.filter(cooperation=cooperation).count() == 1
    change = Change.objects.for_object(cooperation).order_by("-id").first()
    assert change.changes["checklist"][1].startswith("Bestandsaufnahme und Prognose:")
    assert change.actor == roles["editor"]


@pytest.mark.django_db
def test_checklist_refuses_unknown_items_and_readers(
    client, roles, zweckverband_cooperation
):
    cooperation = zweckverband_cooperation
    url = reverse("cooperations:checklist_update", args=[cooperation.pk, "inventory"])
    client.force_login(roles["editor"])
    client.post(url, {"items": ["actors-map"]})  # an item of another phase
    assert not ChecklistTick.objects.exists()
    client.force_login(roles["viewer"])
    assert client.post(url, {"items": ["inventory-costs"]}).status_code == 403
    page = reverse("guide:guide_page", args=["bestandsaufnahme"])
    body = client.get(f"{page}?kooperation={cooperation.pk}").content.decode()
    assert 'name="items"' not in body and "0 von 4 Punkten" in body
    assert ChecklistItem.objects.filter(phase="inventory").count() == 4


@pytest.mark.django_db
def test_action_field_page_lists_readable_cooperations_with_constant_queries(
    client, roles, municipality
):
    from services.models import Sector

    water = Sector.objects.get(code="wasserversorgung")

    def add(n):
        for i in range(n):
            actions.cooperation_create(
                actor=None,
                title=f"Wasser {i}",
                task="Wasser",
                lead=municipality,
                partners=[municipality],
                sectors=[water],
            )

    path = reverse("guide:guide_page", args=["wasser"])
    add(1)
    assert "1 Kooperation in diesem" in client.get(path).content.decode()
    client.force_login(roles["viewer"])
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    add(5)
    with CaptureQueriesContext(connection) as six:
        body = client.get(path).content.decode()
    assert "Wasser 4" in body
    assert len(six) == len(one)


def test_the_central_page_links_its_plain_language_version(client, db):
    index = client.get("/leitfaden/").content.decode()
    assert 'href="/leitfaden/einfache-sprache/"' in index
    plain = client.get("/leitfaden/einfache-sprache/")
    assert plain.status_code == 200
    text = plain.content.decode()
    assert "Einfacher Sprache" in text and "Daseinsvorsorge" in text
    # Plain language: short sentences (on average well under 12 words).
    from cooperations.guide.content import page

    words = page("de", "einfache-sprache").text.split()
    sentences = page("de", "einfache-sprache").text.count(".")
    assert len(words) / sentences < 12


@pytest.mark.parametrize("language", ["de", "en"])
def test_guide_tables_scroll_in_a_frame_named_by_its_own_heading(language):
    """Wide tables scroll sideways in a focusable region; no two regions of a page
    share a name (each table follows its own heading)."""
    html, _sections = content.render(
        "## Zahlen\n\n| a | b |\n|---|---:|\n| x | 1.234 |\n"
    )
    assert '<div class="table-wrap" role="region" tabindex="0" ' in html
    assert 'aria-labelledby="zahlen"><table>' in html and "</table></div>" in html
    assert "<thead>" in html and '<th scope="col" class="num">b</th>' in html
    assert '<td class="num">1.234</td>' in html
    for page in content.pages(language):
        labels = re.findall(
            r'role="region" tabindex="0" aria-labelledby="([^"]+)"', page.html
        )
        assert len(labels) == len(set(labels)), page.slug
        assert page.html.count("<table>") == len(labels), page.slug
