"""The import page in a real Chromium: each kind's own fields show only while that
kind is chosen, and a refused upload names the missing field; axe-core on both."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CSV = "Schlüssel;Jahr;Einwohner\n06636;2024;97000\n".encode()


def test_admin_chooses_a_projection_and_is_told_the_missing_publisher(
    page, pilot_region, login_as
):
    login_as(pilot_region["admin"])
    page.goto("/gemeinden/import/")
    series = page.get_by_role("group", name="Angaben zu den Einwohnerzahlen")
    projection = page.get_by_role("group", name="Angaben zur Vorausberechnung")
    expect(series).to_be_hidden()
    expect(projection).to_be_hidden()

    page.get_by_label("Art der Datei").select_option("population_series")
    expect(series).to_be_visible()
    expect(projection).to_be_hidden()

    page.get_by_label("Art der Datei").select_option("projection")
    expect(series).to_be_hidden()
    expect(projection).to_be_visible()
    assert_no_axe_violations(page)

    page.locator("input[name=file]").set_input_files(
        {"name": "vorausberechnung.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    projection.get_by_label("Titel").fill("Bevölkerungsvorausberechnung")
    projection.get_by_label("veröffentlicht am").fill("2026-01-15")
    page.get_by_role("button", name="Hochladen und importieren").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Herausgeber: Bitte geben Sie „Herausgeber“ an.")
    expect(projection).to_be_visible()  # the chosen kind stays chosen
    expect(projection.get_by_label("Titel")).to_have_value(
        "Bevölkerungsvorausberechnung"
    )
    assert_no_axe_violations(page)
