"""Picking a municipality by name in a real Chromium (issue 15, item 6): the
autocomplete follows the ARIA 1.2 combobox pattern, works by keyboard alone,
passes axe and leaves the console clean."""

import re

import pytest
from playwright.sync_api import expect

from cooperations.models import Cooperation
from tests.browser.test_console import console_errors
from tests.browser.test_pages import assert_no_axe_violations
from tests.factories import KreisFactory, MunicipalityFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def eschenburg(pilot_region):
    """A second „Esch…“ outside the pilot region, so the list has a choice."""
    return MunicipalityFactory(
        kreis=KreisFactory(code="06532", name="Lahn-Dill-Kreis"),
        ags="06532008",
        name="Eschenburg",
    )


def _type_and_list(page, field, text: str):
    """Type `text` into the combobox; the listbox opens with the matches."""
    combobox = page.get_by_role("combobox", name=field)
    expect(combobox).to_have_attribute("aria-expanded", "false")
    combobox.press_sequentially(text, delay=30)
    listbox = page.get_by_role("listbox", name=field)
    expect(listbox).to_be_visible()
    expect(combobox).to_have_attribute("aria-expanded", "true")
    return combobox, listbox


def test_comparison_picks_municipalities_by_name_with_the_keyboard(
    page, pilot_region, eschenburg, login_as
):
    errors = console_errors(page)
    login_as(pilot_region["planner"])
    page.goto("/vergleich/gemeinden/")
    combobox, listbox = _type_and_list(page, "weitere Gemeinde", "Esch")
    options = listbox.get_by_role("option")
    expect(options).to_have_text(
        [
            "Eschenburg (06532008, Lahn-Dill-Kreis)",
            "Eschwege (06636003, Werra-Meißner-Kreis)",
        ]
    )
    assert_no_axe_violations(page)  # with the listbox open

    combobox.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(combobox).to_have_attribute("aria-activedescendant", "ags-new-listbox-0")
    combobox.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(combobox).to_have_attribute("aria-activedescendant", "ags-new-listbox-1")
    combobox.press("Enter")  # chooses, does not submit yet
    expect(combobox).to_have_value("Eschwege (06636003, Werra-Meißner-Kreis)")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    assert page.url.endswith("/vergleich/gemeinden/")

    combobox.press("Enter")  # the listbox is closed: the form is sent
    page.wait_for_url(re.compile(r"ags=Eschwege"))
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Eschwege")).to_be_visible()
    expect(page.get_by_role("combobox", name="Gemeinde 1")).to_have_value(
        "Eschwege (06636003, Werra-Meißner-Kreis)"
    )

    # Escape closes the list and keeps what was typed.
    second, listbox = _type_and_list(page, "weitere Gemeinde", "Witz")
    second.press("Escape")
    expect(listbox).to_be_hidden()
    expect(second).to_have_value("Witz")
    second.press("Enter")
    page.wait_for_url(re.compile(r"ags=Witz"))
    expect(
        page.get_by_role("table").get_by_role("columnheader", name="Witzenhausen")
    ).to_be_visible()
    assert_no_axe_violations(page)
    assert not errors, errors


def test_partner_is_chosen_from_the_matches_or_by_the_keyboard(
    page, pilot_region, eschenburg, login_as
):
    MunicipalityFactory(
        kreis=KreisFactory(code="06436", name="Main-Taunus-Kreis"),
        ags="06436003",
        name="Eschborn, Stadt",
    )
    errors = console_errors(page)
    cooperation = Cooperation.objects.get()
    login_as(pilot_region["editor"])
    page.goto(f"/kooperationen/{cooperation.pk}/partner/")
    add = page.get_by_role("button", name="Partner hinzufügen")

    # Sent without choosing from the list: the server lists the matches (Eschwege
    # leads the cooperation already, so it is not among them).
    combobox, listbox = _type_and_list(page, "Gemeinde", "Esch")
    combobox.press("Escape")
    add.click()
    expect(page.get_by_role("alert")).to_contain_text("Mehrere Gemeinden heißen so")
    matches = page.get_by_role("group", name="Gemeinden für „Esch“ – bitte wählen:")
    expect(matches.get_by_role("radio")).to_have_count(2)
    assert_no_axe_violations(page)
    matches.get_by_role("radio", name=re.compile("Eschenburg")).check()
    add.click()
    expect(page.get_by_text("Der Partner wurde hinzugefügt.")).to_be_visible()
    expect(page.get_by_role("rowheader", name=re.compile("Eschenburg"))).to_be_visible()

    # With the autocomplete and the keyboard alone.
    combobox, listbox = _type_and_list(page, "Gemeinde", "Witz")
    combobox.press("ArrowDown")
    combobox.press("Enter")
    expect(combobox).to_have_value("Witzenhausen (06636016, Werra-Meißner-Kreis)")
    combobox.press("Enter")
    expect(page.get_by_text("Der Partner wurde hinzugefügt.")).to_be_visible()
    expect(
        page.get_by_role("rowheader", name=re.compile("Witzenhausen"))
    ).to_be_visible()
    assert_no_axe_violations(page)
    assert not errors, errors
