import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services import actions
from services.models import Indicator, IndicatorValue, Sector
from tests.core.test_fragments import real_cache  # noqa: F401
from tests.factories import MunicipalityFactory


def _fill(kreis, count: int) -> None:
    indicators = list(Indicator.objects.filter(sector__code="wasserversorgung"))
    for number in range(count):
        municipality = MunicipalityFactory(
            kreis=kreis, ags=f"{kreis.code}{number + 100:03d}", name=f"Ort {number:03d}"
        )
        for year in (2022, 2023):
            for indicator in indicators[:3]:
                IndicatorValue.objects.create(
                    municipality=municipality, indicator=indicator, year=year,
                    value=indicator.minimum + number % 7, source="Test",
                )  # fmt: skip


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/sektoren/wasserversorgung/?kreis=06636",
        "/sektoren/wasserversorgung/?kreis=06636&sortierung=-water_price_m3",
        "/vergleich/gemeinden/?ags=06636100&ags=06636101&ags=06636102",
        "/gemeinden/06636100/",
        "/sektoren/wasserversorgung/export.csv?kreis=06636",
    ],
)
def test_query_count_is_the_same_for_16_and_400_municipalities(
    client, roles, kreis, path
):
    _fill(kreis, 16)
    client.force_login(roles["planner"])
    small = _queries(client, path)
    for number in range(16, 400):
        MunicipalityFactory(kreis=kreis, ags=f"{kreis.code}{number + 100:03d}")
    large = _queries(client, path)
    # 16: the municipality page asks the planner's scope for its report button;
    # 17: it also reads its Land's cooperation law (the link to the guide).
    assert large == small <= (17 if path.startswith("/gemeinden/") else 16)


def test_sector_page_shows_missing_values_as_missing_not_zero(client, roles, kreis):
    _fill(kreis, 2)
    MunicipalityFactory(kreis=kreis, ags="06636200", name="Ohne Werte")
    client.force_login(roles["viewer"])
    page = client.get("/sektoren/wasserversorgung/?kreis=06636").content.decode()
    assert "Ohne Werte" in page and "kein Wert" in page
    assert 'id="chart-water_price_m3"' in page and "Median im Kreis" in page


def test_sector_page_sorts_by_an_indicator(client, roles, kreis):
    _fill(kreis, 3)
    client.force_login(roles["viewer"])
    ascending = client.get(
        "/sektoren/wasserversorgung/?kreis=06636&sortierung=water_price_m3"
    )
    descending = client.get(
        "/sektoren/wasserversorgung/?kreis=06636&sortierung=-water_price_m3"
    )
    order = [c.municipality.short_name for c in ascending.context["comparison"].columns]
    reverse_order = [
        c.municipality.short_name for c in descending.context["comparison"].columns
    ]
    assert order[:3] == ["Ort 000", "Ort 001", "Ort 002"]
    assert reverse_order[0] == "Ort 002"


def test_second_save_with_outdated_form_shows_the_other_change(
    client, roles, municipality
):
    indicator = Indicator.objects.get(code="water_price_m3")
    value = actions.indicator_value_set(
        municipality=municipality,
        indicator=indicator,
        year=2024,
        value=Decimal("2.05"),
        source="Satzung",
        actor=roles["editor"],
    )
    url = reverse("services:indicator_value_update", args=[municipality.ags, value.pk])
    form = {"version": value.version, "value": "2,50", "source": "Satzung", "note": ""}
    client.force_login(roles["editor"])
    assert client.post(url, form).status_code == 302

    client.force_login(roles["admin"])
    refused = client.post(url, {**form, "value": "3,10"})

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "2,05 → 2,5" in page and "nicht gespeichert" in page
    value.refresh_from_db()
    assert value.value == Decimal("2.50")


def test_viewer_cannot_post_a_value(client, roles, municipality):
    client.force_login(roles["viewer"])
    url = reverse("services:indicator_value_create", args=[municipality.ags])
    response = client.post(
        url, {"indicator": 1, "year": 2024, "value": "2", "source": "x"}
    )
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_editor_cannot_smuggle_another_municipality_through_the_form(
    client, roles, municipality, other_municipality
):
    client.force_login(roles["editor"])
    indicator = Indicator.objects.get(code="water_price_m3")
    url = reverse("services:indicator_value_create", args=[municipality.ags])
    client.post(
        url,
        {
            "indicator": indicator.pk,
            "year": 2024,
            "value": "2,1",
            "source": "x",
            "municipality": other_municipality.pk,
        },
    )
    assert list(IndicatorValue.objects.values_list("municipality", flat=True)) == [
        municipality.pk
    ]


def test_export_neutralises_formula_injection(client, roles, municipality):
    indicator = Indicator.objects.get(code="water_price_m3")
    actions.indicator_value_set(
        municipality=municipality,
        indicator=indicator,
        year=2024,
        value=Decimal("2.05"),
        source='=HYPERLINK("http://evil")',
        note="@SUM(A1)",
        actor=roles["editor"],
    )
    client.force_login(roles["viewer"])
    response = client.get("/sektoren/wasserversorgung/export.csv?kreis=06636")
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:4] == ["AGS", "Gemeinde", "Kennzahl", "Bezeichnung"]
    assert rows[1][7].startswith("'=") and rows[1][8].startswith("'@")
    assert rows[1][6] == "2,05"


def test_municipality_page_shows_sections_provider_and_history_link(
    client, roles, municipality
):
    actions.provision_set(
        municipality=municipality, sector=Sector.objects.get(code="wasserversorgung"),
        actor=roles["editor"], provider_type="stadtwerke",
        provider_name="Stadtwerke Eschwege GmbH",
    )  # fmt: skip
    client.force_login(roles["editor"])
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "Stadtwerke Eschwege GmbH" in page
    assert reverse("services:municipality_history", args=[municipality.ags]) in page
    assert "Kennzahl eintragen" in page
    client.force_login(roles["viewer"])
    assert (
        "Kennzahl eintragen"
        not in client.get(municipality.get_absolute_url()).content.decode()
    )


def test_xlsx_export_has_numbers_as_numbers_and_neutralised_text(
    client, roles, municipality
):
    from openpyxl import load_workbook

    indicator = Indicator.objects.get(code="water_price_m3")
    actions.indicator_value_set(
        municipality=municipality,
        indicator=indicator,
        year=2024,
        value=Decimal("2.05"),
        source="+49 Telefon",
        actor=roles["editor"],
    )
    client.force_login(roles["viewer"])
    response = client.get("/sektoren/wasserversorgung/export.xlsx?kreis=06636")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][6] == 2.05 and rows[1][7] == "'+49 Telefon"


def test_unknown_export_format_is_404(client, roles):
    client.force_login(roles["viewer"])
    assert client.get("/sektoren/wasserversorgung/export.exe").status_code == 404


def test_an_implausible_value_is_refused_at_the_value_field(
    client, roles, municipality
):
    indicator = Indicator.objects.get(code="water_price_m3")
    client.force_login(roles["editor"])
    url = reverse("services:indicator_value_create", args=[municipality.ags])
    response = client.post(
        url,
        {"indicator": indicator.pk, "year": 2024, "value": "9999", "source": "x"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "plausiblen Bereichs" in errors["value"][0]
    assert not errors.get("__all__")
    assert not IndicatorValue.objects.exists()


def test_sector_page_shows_a_bavarian_users_own_kreis(client, roles):
    from tests.factories import KreisFactory, LandFactory, MembershipFactory

    bayern = LandFactory(code="09", name="Bayern")
    oberallgaeu = KreisFactory(code="09780", land=bayern, name="Oberallgäu")
    sonthofen = MunicipalityFactory(
        kreis=oberallgaeu, ags="09780139", name="Sonthofen, Stadt"
    )
    client.force_login(MembershipFactory(municipality=sonthofen).user)
    response = client.get("/sektoren/wasserversorgung/")
    assert response.status_code == 200
    assert response.context["kreis"] == oberallgaeu
    page = response.content.decode()
    assert "Sonthofen" in page and "Eschwege" not in page


def test_sector_page_asks_a_user_without_a_kreis_to_choose_one(client, roles):
    client.force_login(roles["admin"])
    response = client.get("/sektoren/wasserversorgung/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "pages/kreis_choice.html"
    page = response.content.decode()
    assert '<select name="kreis" class="select form-select" id="id_kreis">' in page
    assert '<option value="06636">Werra-Meißner-Kreis</option>' in page
    assert "Eschwege" not in page  # no Kreis is shown before one is chosen
    chosen = client.get("/sektoren/wasserversorgung/?kreis=06636")
    assert chosen.context["kreis"].code == "06636" and "Eschwege" in (
        chosen.content.decode()
    )
    export = client.get("/sektoren/wasserversorgung/export.csv")
    assert export.status_code == 404


def _water_price(municipality, value="2.05", actor=None):
    return actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2024,
        value=Decimal(value),
        source="Satzung 2024",
        actor=actor,
    )


def test_entering_a_value_that_exists_offers_to_edit_it_and_replaces_on_request(
    client, roles, municipality
):
    """Issue 15, item 2: no dead end. The first save shows the stored value beside
    the new one with a link to edit it; saving again replaces it deliberately."""
    stored = _water_price(municipality)
    client.force_login(roles["editor"])
    url = reverse("services:indicator_value_create", args=[municipality.ags])
    data = {
        "indicator": stored.indicator.pk,
        "year": 2024,
        "value": "2,79",
        "source": "Satzung 2025",
    }

    first = client.post(url, data)

    assert first.status_code == 409
    page = first.content.decode()
    assert "ist schon ein Wert gespeichert" in page
    assert "2,05" in page and "2,79" in page  # stored and entered, German numbers
    edit = reverse(
        "services:indicator_value_update", args=[municipality.ags, stored.pk]
    )
    assert edit in page
    assert "value" not in re.findall(r"<li>([a-z_]+):", page)  # no code names
    stored.refresh_from_db()
    assert stored.value == Decimal("2.05")

    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    second = client.post(url, {**data, "version": version})

    assert second.status_code == 302
    stored.refresh_from_db()
    assert stored.value == Decimal("2.79") and stored.source == "Satzung 2025"


def test_deleting_a_value_asks_first_and_names_what_goes(client, roles, municipality):
    value = _water_price(municipality)
    client.force_login(roles["editor"])
    url = reverse("services:indicator_value_delete", args=[municipality.ags, value.pk])

    edit_page = client.get(
        reverse("services:indicator_value_update", args=[municipality.ags, value.pk])
    ).content.decode()
    assert f'href="{url}"' in edit_page  # a link to the question, no delete button

    question = client.get(url)

    assert question.status_code == 200
    page = question.content.decode()
    assert "löschen?" in page and "2,05" in page and "wiederherstellen" in page
    assert IndicatorValue.objects.filter(pk=value.pk).exists()

    answer = client.post(url, {"version": value.version})

    assert answer.status_code == 302
    assert not IndicatorValue.objects.filter(pk=value.pk).exists()


def test_an_overwritten_and_a_deleted_figure_come_back_from_the_history(
    client, roles, municipality
):
    """Issue 15, item 1: one action restores, audited like any save."""
    from lebenswert.audit.models import Change

    value = _water_price(municipality)
    changed = actions.indicator_value_set(
        municipality=municipality, indicator=value.indicator, year=2024,
        value=Decimal("2.79"), source="Tippfehler", actor=roles["editor"],
        expected_version=value.version,
    )  # fmt: skip
    client.force_login(roles["editor"])
    history = reverse("services:municipality_history", args=[municipality.ags])
    page = client.get(history).content.decode()
    assert "wiederherstellen" in page
    update = Change.objects.filter(action="update").latest("at")

    client.post(
        reverse("services:change_restore", args=[municipality.ags, update.pk]),
        {"version": changed.version},
    )

    value.refresh_from_db()
    assert value.value == Decimal("2.05") and value.source == "Satzung 2024"
    restored = Change.objects.filter(action="update").latest("at")
    assert restored.actor == roles["editor"] and restored.pk != update.pk

    actions.indicator_value_delete(
        indicator_value=value, actor=roles["editor"], expected_version=value.version
    )
    deletion = Change.objects.get(action="delete")
    assert "_indicator" not in [label for label, *_ in deletion.readable_changes]
    client.post(
        reverse("services:change_restore", args=[municipality.ags, deletion.pk]), {}
    )
    back = IndicatorValue.objects.get(municipality=municipality, year=2024)
    assert back.value == Decimal("2.05") and back.indicator.code == "water_price_m3"


def _overwritten(municipality):
    """Eschwege's water price, then overwritten: (the first value, its update)."""
    from lebenswert.audit.models import Change

    value = _water_price(municipality)
    actions.indicator_value_set(
        municipality=municipality, indicator=value.indicator, year=2024,
        value=Decimal("2.79"), source="neu", actor=None,
        expected_version=value.version,
    )  # fmt: skip
    return value, Change.objects.filter(action="update").latest("at")


def test_a_restore_on_a_stale_page_is_refused(client, roles, municipality):
    value, update = _overwritten(municipality)
    client.force_login(roles["editor"])
    client.post(
        reverse("services:change_restore", args=[municipality.ags, update.pk]),
        {"version": value.version},  # the version before the overwrite
    )
    value.refresh_from_db()
    assert value.value == Decimal("2.79")  # nothing overwritten


def test_a_viewer_sees_no_restore_button(client, roles, municipality):
    _overwritten(municipality)
    client.force_login(roles["viewer"])
    page = client.get(
        reverse("services:municipality_history", args=[municipality.ags])
    ).content.decode()
    assert "wiederherstellen" not in page


def _main(client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    return page.split('<main id="main"')[1].split("</main>")[0], len(queries)


def test_the_kept_sector_page_keeps_each_order_and_follows_a_renamed_sector(
    real_cache,  # noqa: F811
    client,
    roles,
    kreis,
):
    """Heading and body are kept per sector, Kreis, order and data version (issue
    16): a repeat visit reads neither sector nor Kreis, an admin's edit shows."""
    from tests.admin_forms import admin_form_data

    _fill(kreis, 3)
    path = "/sektoren/wasserversorgung/?kreis=06636"
    client.force_login(roles["viewer"])
    first, cold = _main(client, path)
    again, warm = _main(client, path)
    assert again == first and warm < cold
    descending, _ = _main(client, path + "&sortierung=-water_price_m3")
    assert first.index("Ort 000") < first.index("Ort 002")
    assert descending.index("Ort 002") < descending.index("Ort 000")

    sector = Sector.objects.get(code="wasserversorgung")
    client.force_login(roles["admin"])
    change = reverse("admin:services_sector_change", args=[sector.pk])
    data = admin_form_data(client.get(change))
    assert client.post(change, {**data, "name": "Trinkwasser"}).status_code == 302
    client.force_login(roles["viewer"])
    for _visit in range(2):
        renamed, _ = _main(client, path)
        assert "<h1>Trinkwasser im" in renamed and "<h1>Trinkwasser im" not in first


def test_a_sector_page_for_an_unknown_kreis_is_404_and_not_kept(
    real_cache,  # noqa: F811
    client,
    roles,
):
    client.force_login(roles["viewer"])
    for _visit in range(2):
        assert client.get("/sektoren/wasserversorgung/?kreis=99999").status_code == 404
    assert client.get("/sektoren/unbekannt/?kreis=06636").status_code == 404


def test_a_large_kreis_charts_the_highest_and_lowest_values_and_tables_all(
    client, roles, kreis
):
    _fill(kreis, 40)
    client.force_login(roles["viewer"])
    page = client.get("/sektoren/wasserversorgung/?kreis=06636").content.decode()
    chart = re.search(r'<svg[^>]*id="chart-water_price_m3".*?</svg>', page, re.S)
    assert "die 15 höchsten und die 15 niedrigsten" in chart.group()
    assert chart.group().count('class="chart-bar') == 30
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert table.count(">Ort ") == 40  # and the two of the roles, without values


def test_a_small_kreis_charts_every_municipality(client, roles, kreis):
    _fill(kreis, 30)
    client.force_login(roles["viewer"])
    page = client.get("/sektoren/wasserversorgung/?kreis=06636").content.decode()
    chart = re.search(r'<svg[^>]*id="chart-water_price_m3".*?</svg>', page, re.S)
    assert "höchsten" not in chart.group()
    assert chart.group().count('class="chart-bar') == 30
