"""The guide and the option comparison in a real Chromium: keyboard only, axe-core."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.reports import download_finished_report
from tests.browser.test_pages import assert_no_axe_violations, focused
from tests.reports.conftest import flat

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


def test_planner_compares_own_costs_saves_two_scenarios_and_downloads_the_pdf(
    page, pilot_region, login_as, report_worker
):
    from cooperations.models import Scenario

    login_as(pilot_region["editor"])
    page.goto("/vergleich/optionen/")
    page.select_option("#id_sektor", "abwasser")
    page.select_option("#id_aufgabe", "service_pool")
    # Eschwege, Meinhard, Wanfried, each with today's cost alone in German format.
    costs = {"06636003": "2.400.000", "06636007": "400.000", "06636013": "650.000,50"}
    for ags, cost in costs.items():
        page.check(f"#partner-{ags}")
        page.fill(f"#id_kosten_{ags}", cost)
    page.fill("#id_laufzeit", "10")
    page.fill("#id_einmal_recht", "30.000")
    page.fill("#id_buendelung", "15")
    page.get_by_role("button", name="Vergleichen").click()

    expect(page).to_have_url(re.compile(r"kosten_06636003=2.400.000"))
    summary = page.locator(".result-summary")
    expect(summary).to_contain_text("Ersparnis aller Partner")
    expect(
        summary.get_by_role("link", name="Zum vollständigen Ergebnis")
    ).to_be_visible()
    expect(page.locator("#kosten-06636003 + p")).to_contain_text("2.400.000,00")
    expect(page.locator(".funding-savings")).to_contain_text("berechnet")
    expect(page.locator("#demografie-06636013")).to_be_visible()  # the band chart
    assert_no_axe_violations(page)

    page.fill("#id_name", "Bündelung 15")
    page.locator("#id_name").press("Enter")
    expect(page).to_have_url(re.compile(r"/vergleich/szenarien/\d+/$"))
    page.go_back()
    page.go_back()
    page.fill("#id_buendelung", "25")
    page.get_by_role("button", name="Vergleichen").click()
    expect(page).to_have_url(re.compile(r"buendelung=25"))
    page.fill("#id_name", "Bündelung 25")
    page.locator("#id_name").press("Enter")
    expect(page).to_have_url(re.compile(r"/vergleich/szenarien/\d+/$"))
    assert_no_axe_violations(page)

    page.goto("/vergleich/szenarien/")
    for scenario in Scenario.objects.all():
        page.check(f"#compare-{scenario.pk}")
    page.get_by_role("button", name=re.compile("nebeneinander")).click()
    differs = page.locator(".scenario-assumptions tr.differs")
    expect(differs).to_have_count(1)
    expect(differs.get_by_role("rowheader")).to_contain_text("Bündelungseffekt")
    expect(differs.get_by_role("rowheader")).to_contain_text("abweichend")
    assert_no_axe_violations(page)

    # From the saved scenario, the Optionenvergleich as PDF through a real worker.
    page.get_by_role("link", name="Bündelung 25").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bündelung 25")
    page.get_by_role("button", name="Bericht zum Szenario erstellen (PDF)").click()
    expect(page).to_have_url(re.compile(r"/berichte/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bündelung 25")
    _job, pdf = download_finished_report(page, report_worker)
    assert_council_pdf(pdf)


VARIANTS = ("amtlich", "Trend", "Stress")


def assert_council_pdf(pdf: bytes) -> None:
    """The Optionenvergleich of Eschwege, Meinhard and Wanfried: every partner,
    every variant's 2030 and 2040 on each page of its tables, the sensitivity
    table. (That no box leaves the page: tests/reports/test_scenario_report.py.)"""
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    text = "".join(pages)
    for name in ("Eschwege", "Meinhard", "Wanfried"):
        assert flat(f"Einwohner von {name} je Variante") in text, name
        assert flat(f"{name}: Kosten je Jahr und je Einwohner") in text, name
    demography = [t for t in pages if "jeVariante" in t]
    costs = [t for t in pages if "KostenjeJahrundjeEinwohner" in t]
    assert demography and costs
    for page_text in demography:
        assert "2030" in page_text and "2040" in page_text
        assert all(variant in page_text for variant in VARIANTS)
    for page_text in costs:
        for variant in VARIANTS:
            assert f"{variant}2030" in page_text and f"{variant}2040" in page_text
    assert flat("Wer verliert unter welcher Annahme") in text
    assert flat("Einsparung je Gemeinde und Jahr") in text
    assert flat("Bündelung Variante Jahr Eschwege Meinhard Wanfried") in text


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
    expect(alert).to_contain_text("„viel“ ist keine")
    assert_no_axe_violations(page)
