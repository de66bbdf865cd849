"""The guide's worked example in a real Chromium: found through the table of
contents and the search, its wide tables reachable by keyboard, axe-core clean."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages import assert_no_axe_violations, focused

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_worked_example_is_listed_searchable_and_readable_by_keyboard(page):
    page.goto("/leitfaden/")
    page.get_by_role("link", name=re.compile("^Rechenweg")).first.click()
    expect(page).to_have_url(re.compile(r"/leitfaden/rechenweg/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rechenweg")
    expect(page.get_by_text("Beispielwerte, keine amtlichen Zahlen.")).to_be_visible()
    frame = page.get_by_role(
        "region", name="Schritt 8: Allein und gemeinsam je Gemeinde"
    )
    expect(
        frame.get_by_role("columnheader", name="€ je Einw. gemeinsam")
    ).to_be_visible()
    # The sentence the comparison prints for the partner who loses.
    expect(
        page.get_by_text("Für Eschwege lohnt sich die Kooperation erst ab 7,5")
    ).to_be_visible()
    # Each table sits in a frame the keyboard reaches, with a visible focus.
    frame.focus()
    state = focused(page)
    assert state["tag"] == "div"
    assert state["outlineStyle"] != "none" or state["boxShadow"] != "none"
    assert_no_axe_violations(page)

    page.goto("/leitfaden/suche/?q=Rechenweg")
    hits = page.locator(".search-hits a[href^='/leitfaden/rechenweg/']")
    expect(hits.first).to_be_visible()
    assert_no_axe_violations(page)
