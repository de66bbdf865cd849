"""The guide and the option comparison in a real Chromium: keyboard only, axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages import assert_no_axe_violations, focused

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tab_to(page, element_id: str, limit: int = 250) -> None:
    """Press Tab until the element with this id has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page)["id"] == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id}")


def selected(page, element_id: str) -> str:
    return page.evaluate(f"() => document.getElementById('{element_id}').value")


def test_planner_compares_options_and_saves_a_scenario_with_the_keyboard_only(
    page, pilot_region, login_as
):
    login_as(pilot_region["editor"])
    page.goto("/vergleich/optionen/")
    assert_no_axe_violations(page)

    tab_to(page, "id_sektor")
    for _ in range(5):
        if selected(page, "id_sektor") == "abwasser":
            break
        page.keyboard.press("ArrowDown")
    assert selected(page, "id_sektor") == "abwasser"
    tab_to(page, "id_aufgabe")
    page.keyboard.press("ArrowDown")
    assert selected(page, "id_aufgabe") == "service_pool"
    for ags in ("06636003", "06636011", "06636013"):  # Eschwege, Sontra, Wanfried
        tab_to(page, f"partner-{ags}")
        page.keyboard.press("Space")
    tab_to(page, "id_muss_fees")
    page.keyboard.press("Space")
    tab_to(page, "id_laufzeit")
    page.keyboard.type("4")
    tab_to(page, "id_einsparung")
    page.keyboard.type("14,9")
    tab_to(page, "id_kosten")
    page.keyboard.type("90000")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/vergleich/optionen/\?.*sektor=abwasser"))
    result = page.locator(".comparison-result")
    expect(result.get_by_role("heading", level=2)).to_contain_text("3 Gemeinden")
    excluded = page.locator("#ausgeschlossen + ul")
    expect(excluded).to_contain_text("Informelles Netzwerk")
    expect(excluded).to_contain_text("Muss")
    expect(page.locator(".missing-list")).to_contain_text("4 Jahren ist zu kurz")
    expect(page.locator(".missing-list")).to_contain_text("14,9 %")
    expect(page.get_by_role("table", name=re.compile("Summe stimmt"))).to_contain_text(
        "90.000,00"
    )
    expect(page.locator("#methode")).to_be_visible()
    assert_no_axe_violations(page)

    tab_to(page, "id_name")
    page.keyboard.type("Pool Abwasser Ost")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/vergleich/szenarien/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pool Abwasser Ost")
    assert_no_axe_violations(page)


def test_guide_search_and_checklist_by_keyboard(page, pilot_region, login_as):
    from cooperations.models import ChecklistTick, Cooperation

    cooperation = Cooperation.objects.get()
    page.goto("/leitfaden/")
    tab_to(page, "guide-q")
    page.keyboard.type("Fixkosten")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/leitfaden/suche/\?q=Fixkosten$"))
    expect(page.locator(".search-hits mark").first).to_have_text("Fixkosten")
    assert_no_axe_violations(page)

    login_as(pilot_region["editor"])
    page.goto(f"/leitfaden/bestandsaufnahme/?kooperation={cooperation.pk}")
    tab_to(page, "item-inventory-costs")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # on to the next item, then to the save button
    tab_to(page, "checklist-save")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Die Checkliste wurde gespeichert.")).to_be_visible()
    assert ChecklistTick.objects.filter(
        cooperation=cooperation, item__code="inventory-costs"
    ).exists()
    assert_no_axe_violations(page)


def test_comparison_errors_are_listed_and_accessible(page, pilot_region, login_as):
    login_as(pilot_region["viewer"])
    response = page.goto("/vergleich/optionen/?sektor=abwasser&einsparung=viel")
    assert response.status == 400
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Bitte wählen Sie mindestens eine Gemeinde.")
    expect(alert).to_contain_text("„viel“ ist keine Zahl.")
    assert_no_axe_violations(page)
