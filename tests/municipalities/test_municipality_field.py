"""Picking a municipality by typed name (issue 15, item 6): the field's parsing,
the autocomplete's JSON endpoint and the search-then-choose flow without
JavaScript on the comparison, the cooperation register and the partner page."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from cooperations import actions
from cooperations.models import Cooperation
from municipalities.forms import MunicipalityField
from tests.factories import KreisFactory, LandFactory, MunicipalityFactory

SEARCH = reverse("municipalities:municipality_search")


@pytest.fixture
def namesakes(municipality):
    """Eschwege (fixture), Eschborn and Eschenburg: „Esch“ is three places."""
    land = LandFactory()
    return {
        "eschwege": municipality,
        "eschborn": MunicipalityFactory(
            kreis=KreisFactory(code="06436", name="Main-Taunus-Kreis", land=land),
            ags="06436003",
            name="Eschborn, Stadt",
        ),
        "eschenburg": MunicipalityFactory(
            kreis=KreisFactory(code="06532", name="Lahn-Dill-Kreis", land=land),
            ags="06532008",
            name="Eschenburg",
        ),
    }


class PickForm(forms.Form):
    municipality = MunicipalityField(label="Gemeinde")


def _parse(typed):
    form = PickForm({"municipality": typed})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    "typed",
    [
        "06636003",
        " 06636003 ",
        "Eschwege (06636003, Werra-Meißner-Kreis)",
        "eschwege",
        "ESCHWEGE, Kreisstadt",
    ],
)
def test_field_takes_an_ags_a_chosen_label_or_a_unique_name(namesakes, typed):
    form = _parse(typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"] == namesakes["eschwege"]
    # Shown again as the autocomplete writes it, so a second submit parses alike.
    assert 'value="Eschwege (06636003, Werra-Meißner-Kreis)"' in str(
        form["municipality"]
    )


def test_field_parses_a_name_with_one_query(namesakes):
    with CaptureQueriesContext(connection) as queries:
        assert _parse("Eschenb").is_valid()
    assert len(queries) == 1


def test_field_lists_the_matches_of_an_ambiguous_name_to_choose_from(namesakes):
    form = _parse("Esch")

    assert not form.is_valid()
    assert form.errors["municipality"] == [
        "Mehrere Gemeinden heißen so – bitte wählen Sie: „Esch“ passt zu 3 Gemeinden."
    ]
    html = str(form["municipality"])
    # Radio buttons under the field's name, after the text input: the last value
    # sent wins, so a chosen match replaces the typed name.
    assert html.index('type="text"') < html.index('type="radio"')
    for ags, label in [
        ("06436003", "Eschborn, Stadt (AGS 06436003, Main-Taunus-Kreis, Hessen)"),
        ("06532008", "Eschenburg (AGS 06532008, Lahn-Dill-Kreis, Hessen)"),
        (
            "06636003",
            "Eschwege, Kreisstadt (AGS 06636003, Werra-Meißner-Kreis, Hessen)",
        ),
    ]:
        assert f'name="municipality" value="{ags}"' in html
        assert label in " ".join(strip_tags(html).split())
    assert "Gemeinden für „Esch“ – bitte wählen:" in html
    chosen = PickForm({"municipality": ["Esch", "06532008"]})
    assert chosen.is_valid()
    assert chosen.cleaned_data["municipality"] == namesakes["eschenburg"]


def test_field_takes_the_one_municipality_of_exactly_the_typed_name(kreis):
    berg = MunicipalityFactory(kreis=kreis, ags="06636101", name="Berg")
    MunicipalityFactory(kreis=kreis, ags="06636102", name="Bergheim")
    MunicipalityFactory(kreis=kreis, ags="06636103", name="Oberberg")
    assert _parse("berg").cleaned_data["municipality"] == berg
    assert "municipality" in _parse("Bergh ").cleaned_data


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Atlantis",
            "Keine Gemeinde gefunden für „Atlantis“. Prüfen Sie die Schreibweise "
            "oder geben Sie den Gemeindeschlüssel (AGS, 8 Ziffern) ein.",
        ),
        (
            "06636999",
            "Zum Gemeindeschlüssel 06636999 gibt es hier keine Gemeinde zur Auswahl.",
        ),
        ("x" * 201, "Bitte höchstens 200 Zeichen eingeben."),
    ],
)
def test_field_names_what_was_typed_when_nothing_matches(namesakes, typed, message):
    form = _parse(typed)
    assert form.errors["municipality"] == [message]
    assert 'type="radio"' not in str(form["municipality"])


def test_field_offers_the_first_twenty_of_a_name_that_matches_more(kreis):
    for number in range(25):
        MunicipalityFactory(
            kreis=kreis, ags=f"06636{number + 100:03d}", name=f"Ort {number:02d}"
        )
    form = _parse("Ort")
    assert form.errors["municipality"][0].startswith(
        "Mehrere Gemeinden heißen so – bitte wählen Sie: „Ort“ passt zu mehr als 20"
    )
    assert str(form["municipality"]).count('type="radio"') == 20


def test_field_chooses_only_from_its_queryset(namesakes):
    class Limited(forms.Form):
        municipality = MunicipalityField(label="Gemeinde")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["municipality"].queryset = self.fields[
                "municipality"
            ].queryset.exclude(ags="06636003")

    form = Limited({"municipality": "Esch"})
    assert not form.is_valid()
    assert 'value="06636003"' not in str(form["municipality"])
    assert not Limited({"municipality": "06636003"}).is_valid()
    assert (
        Limited({"municipality": "Eschwege"})
        .errors["municipality"][0]
        .startswith("Keine Gemeinde gefunden")
    )


# The JSON endpoint of the autocomplete


def test_search_endpoint_answers_matches_with_ags_kreis_and_land(
    client, roles, namesakes
):
    client.force_login(roles["viewer"])
    response = client.get(SEARCH, {"q": "esch"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"] == [
        {
            "ags": "06436003",
            "name": "Eschborn, Stadt",
            "kreis": "Main-Taunus-Kreis",
            "land": "Hessen",
            "label": "Eschborn (06436003, Main-Taunus-Kreis)",
        },
        {
            "ags": "06532008",
            "name": "Eschenburg",
            "kreis": "Lahn-Dill-Kreis",
            "land": "Hessen",
            "label": "Eschenburg (06532008, Lahn-Dill-Kreis)",
        },
        {
            "ags": "06636003",
            "name": "Eschwege, Kreisstadt",
            "kreis": "Werra-Meißner-Kreis",
            "land": "Hessen",
            "label": "Eschwege (06636003, Werra-Meißner-Kreis)",
        },
    ]
    by_key = client.get(SEARCH, {"q": "06532"}).json()["results"]
    assert [r["ags"] for r in by_key] == ["06532008"]
    assert client.get(SEARCH, {"q": "E"}).json()["results"] == []
    assert client.get(SEARCH).json()["results"] == []


def test_search_endpoint_orders_exact_then_prefix_then_the_rest(client, roles, kreis):
    for ags, name in [("101", "Oberberg"), ("102", "Bergheim"), ("103", "Berg"),
                      ("104", "Altenberga"), ("105", "Bergen")]:  # fmt: skip
        MunicipalityFactory(kreis=kreis, ags=f"06636{ags}", name=name)
    client.force_login(roles["viewer"])
    names = [r["name"] for r in client.get(SEARCH, {"q": "berg"}).json()["results"]]
    assert names == ["Berg", "Bergen", "Bergheim", "Altenberga", "Oberberg"]


def test_search_endpoint_answers_at_most_20_with_a_bounded_query_count(
    client, roles, kreis
):
    client.force_login(roles["viewer"])

    def search():
        with CaptureQueriesContext(connection) as queries:
            results = client.get(SEARCH, {"q": "Ort"}).json()["results"]
        return results, len(queries)

    for number in range(5):
        MunicipalityFactory(
            kreis=kreis, ags=f"06636{number + 100:03d}", name=f"Ort {number:02d}"
        )
    few, few_queries = search()
    for number in range(5, 60):
        MunicipalityFactory(
            kreis=kreis, ags=f"06636{number + 100:03d}", name=f"Ort {number:02d}"
        )
    many, many_queries = search()
    assert len(few) == 5 and len(many) == 20
    assert [r["name"] for r in many] == [f"Ort {n:02d}" for n in range(20)]
    assert many_queries == few_queries <= 3  # session, user, search


def test_search_endpoint_needs_a_login(client, namesakes):
    response = client.get(SEARCH, {"q": "Esch"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# Without JavaScript: search, then choose


def test_comparison_takes_names_and_lists_the_matches_of_an_ambiguous_one(
    client, roles, namesakes, other_municipality
):
    client.force_login(roles["viewer"])
    url = reverse("services:municipality_comparison")

    page = client.get(url, {"ags": ["Witzenhausen", "Esch", ""]})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mehrere Gemeinden heißen so – bitte wählen Sie: „Esch“" in html
    # Each match is a link: the address with „Esch“ replaced by its AGS.
    assert 'href="?ags=Witzenhausen&amp;ags=06532008&amp;ags="' in html
    assert [m.ags for m in page.context["comparison"].municipalities] == ["06636016"]

    chosen = client.get(url, {"ags": ["Witzenhausen", "06532008", ""]})
    assert [m.ags for m in chosen.context["comparison"].municipalities] == [
        "06636016",
        "06532008",
    ]
    assert 'value="Eschenburg (06532008, Lahn-Dill-Kreis)"' in chosen.content.decode()

    unknown = client.get(url, {"ags": ["Atlantis"]}).content.decode()
    assert "Keine Gemeinde gefunden für „Atlantis“" in unknown


def test_comparison_keeps_its_ags_addresses(client, roles, namesakes):
    client.force_login(roles["viewer"])
    page = client.get(
        reverse("services:municipality_comparison"), {"ags": ["06636003", "06436003"]}
    )
    assert [m.short_name for m in page.context["comparison"].municipalities] == [
        "Eschwege",
        "Eschborn",
    ]
    assert 'name="ags"' in page.content.decode()


@pytest.fixture
def register(namesakes, other_municipality):
    return [
        actions.cooperation_create(
            actor=None,
            title=title,
            task="Aufgabe",
            partners=partners,
            status=Cooperation.Status.EXPLORING,
        )  # fmt: skip
        for title, partners in [
            ("Wasserverbund", [namesakes["eschwege"], other_municipality]),
            ("Standesamt", [namesakes["eschborn"]]),
        ]
    ]


def test_register_filters_by_a_partner_typed_by_name(client, roles, register):
    client.force_login(roles["admin"])
    url = reverse("cooperations:cooperation_list")

    found = client.get(url, {"municipality": "witzenhausen"}).content.decode()
    assert "Wasserverbund" in found and "Standesamt" not in found
    assert 'value="Witzenhausen (06636016, Werra-Meißner-Kreis)"' in found

    ambiguous = client.get(url, {"municipality": "Esch", "status": "exploring"})
    html = ambiguous.content.decode()
    assert "Mehrere Gemeinden heißen so" in html
    assert "Wasserverbund" not in html and "Standesamt" not in html
    assert 'href="?municipality=06436003&amp;status=exploring"' in html

    chosen = client.get(url, {"municipality": "06436003", "status": "exploring"})
    assert "Standesamt" in chosen.content.decode()
    assert "Wasserverbund" not in chosen.content.decode()

    unknown = client.get(url, {"municipality": "Atlantis"}).content.decode()
    assert "Keine Gemeinde gefunden für „Atlantis“" in unknown
    assert "Wasserverbund" not in unknown


def test_partner_page_adds_a_municipality_chosen_from_the_matches(
    client, roles, namesakes
):
    cooperation = actions.cooperation_create(
        actor=roles["editor"], title="Bauhof", task="Winterdienst",
        lead=namesakes["eschwege"], partners=[],
        status=Cooperation.Status.NEGOTIATING,
    )  # fmt: skip
    url = reverse("cooperations:cooperation_partners", args=[cooperation.pk])
    client.force_login(roles["editor"])

    typed = client.post(url, {"version": 1, "municipality": "Esch"})
    assert typed.status_code == 200
    html = typed.content.decode()
    assert "Mehrere Gemeinden heißen so" in html
    # Eschwege is a partner already, so only the other two are offered.
    assert 'value="06436003"' in html and 'value="06532008"' in html
    assert (
        'type="radio" class="form-check-input" name="municipality" value="06636003"'
        not in html
    )

    chosen = client.post(url, {"version": 1, "municipality": ["Esch", "06532008"]})
    assert chosen.status_code == 302
    assert cooperation.partners.filter(municipality=namesakes["eschenburg"]).exists()

    unknown = client.post(url, {"version": 2, "municipality": "Atlantis"})
    assert "Keine Gemeinde gefunden für „Atlantis“" in unknown.content.decode()
    taken = client.post(url, {"version": 2, "municipality": "06636003"})
    assert (
        "Zum Gemeindeschlüssel 06636003 gibt es keine Gemeinde, die noch nicht "
        "Partner ist." in taken.content.decode()
    )
    assert cooperation.partners.count() == 2


def test_option_comparison_adds_a_partner_typed_by_name_from_another_kreis(
    client, roles, namesakes
):
    client.force_login(roles["planner"])
    url = reverse("comparison:option_comparison")
    query = {"sektor": "abwasser", "aufgabe": "service_pool", "partner": "06636003"}

    typed = client.get(url, {**query, "gemeinde": "Eschenb"})
    # The typed name becomes the partner's AGS in the address, which stays the
    # page's public contract (links, saved scenarios).
    assert typed.status_code == 302
    assert typed.url == (
        f"{url}?sektor=abwasser&aufgabe=service_pool&partner=06636003&partner=06532008"
    )
    page = client.get(typed.url)
    assert page.status_code == 200
    assert [p.municipality.ags for p in page.context["result"].partners] == [
        "06532008",
        "06636003",
    ]
    assert 'id="partner-06532008" checked' in page.content.decode()

    ambiguous = client.get(url, {**query, "gemeinde": "Esch"})
    html = ambiguous.content.decode()
    assert ambiguous.status_code == 400
    assert "Mehrere Gemeinden heißen so – bitte wählen Sie: „Esch“" in html
    assert "gemeinde=06436003" in html  # each match a link that picks it

    unknown = client.get(url, {**query, "gemeinde": "Atlantis"})
    assert "Keine Gemeinde gefunden für „Atlantis“" in unknown.content.decode()
