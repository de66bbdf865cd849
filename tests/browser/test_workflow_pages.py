"""The workflow pages of issue 15 in Chromium: the confirmations (delete a figure,
end a cooperation, import a CSV), the figure history with its restore buttons, the
CSV import page and the planner's overview. Each page: axe reports nothing, the
console stays clean, and the page's main action is reached with the keyboard."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cooperations.models import Cooperation
from services import actions
from services.models import Indicator, IndicatorValue
from tests.browser.test_console import RECORD_CSP_VIOLATIONS, console_errors
from tests.browser.test_pages import ESCHWEGE, assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ESCHWEGE_AGS = "06636003"


def watch(page):
    """The page with its console errors, script errors and CSP violations recorded
    (read by assert_clean)."""
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.problems = console_errors(page)
    return page


@pytest.fixture
def watched(page):
    return watch(page)


def assert_clean(page) -> None:
    """axe finds nothing, and the console has no error or CSP violation so far."""
    page.wait_for_load_state("networkidle")
    assert_no_axe_violations(page)
    problems = page.problems + [
        f"{page.url}: CSP: {violation}"
        for violation in page.evaluate("() => window.__cspViolations || []")
    ]
    assert not problems, "\n".join(problems)


def tab_to(page, name: str, limit: int = 120) -> None:
    """Press Tab from the top of the page until the focus is on the control whose
    text (or value) starts with `name`; fail if the keyboard never gets there."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "() => { const el = document.activeElement;"
            " return (el.innerText || el.value || '').trim(); }"
        )
        if text.startswith(name):
            return
    pytest.fail(f"{name!r} is not reached with Tab on {page.url}")


def _value(editor, code: str = "water_price_m3", year: int = 2023) -> IndicatorValue:
    return actions.indicator_value_set(
        municipality=editor.memberships.get().municipality,
        indicator=Indicator.objects.get(code=code),
        year=year,
        value=Decimal("2.10"),
        source="Gebührensatzung",
        actor=editor,
    )


def test_deleting_a_figure_asks_first_and_the_history_restores_it(
    watched, pilot_region, login_as
):
    page = watched
    editor = pilot_region["editor"]
    value = _value(editor)
    login_as(editor)

    page.goto(f"/gemeinden/{ESCHWEGE_AGS}/kennzahlen/{value.pk}/loeschen/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("löschen?")
    expect(page.get_by_role("main")).to_contain_text("2,1")
    assert_clean(page)
    tab_to(page, "Ja, Wert löschen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(ESCHWEGE) + "$"))
    assert not IndicatorValue.objects.filter(pk=value.pk).exists()

    # The history lists the deletion with a restore button, reached by keyboard.
    page.goto(f"/gemeinden/{ESCHWEGE_AGS}/verlauf/")
    restore = page.get_by_role("button", name=re.compile("^wiederherstellen"))
    expect(restore).to_have_count(1)
    assert_clean(page)
    tab_to(page, "wiederherstellen")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Der frühere Stand ist wiederhergestellt")).to_be_visible()
    assert IndicatorValue.objects.get(
        municipality__ags=ESCHWEGE_AGS, indicator__code="water_price_m3", year=2023
    ).value == Decimal("2.10")
    assert_clean(page)


def test_the_history_offers_to_restore_an_overwritten_figure(
    watched, pilot_region, login_as
):
    page = watched
    editor = pilot_region["editor"]
    value = _value(editor)
    actions.indicator_value_set(
        municipality=value.municipality,
        indicator=value.indicator,
        year=value.year,
        value=Decimal("2.45"),
        source="Gebührensatzung 2024",
        actor=editor,
        expected_version=value.version,
    )
    login_as(editor)
    page.goto(f"/gemeinden/{ESCHWEGE_AGS}/verlauf/")
    expect(
        page.get_by_role("button", name=re.compile("^wiederherstellen"))
    ).to_have_count(1)
    assert_clean(page)
    # A reader sees the history without restore buttons.
    login_as(pilot_region["viewer"])
    page.goto(f"/gemeinden/{ESCHWEGE_AGS}/verlauf/")
    expect(
        page.get_by_role("button", name=re.compile("wiederherstellen"))
    ).to_have_count(0)
    assert_clean(page)


def test_ending_a_cooperation_asks_first(watched, pilot_region, login_as):
    page = watched
    cooperation = Cooperation.objects.get()
    login_as(pilot_region["editor"])
    page.goto(cooperation.get_absolute_url())
    page.get_by_label("Neuer Status").select_option("ended")
    page.get_by_role("button", name="Status ändern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"„{cooperation.title}“ beenden?"
    )
    expect(page.get_by_role("main")).to_contain_text("nicht zurücknehmen")
    assert_clean(page)
    cooperation.refresh_from_db()
    assert cooperation.status != Cooperation.Status.ENDED  # nothing happened yet

    tab_to(page, "Nein, zurück")  # the way back is there too
    tab_to(page, "Ja, Kooperation beenden")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Der Status wurde geändert.")).to_be_visible()
    cooperation.refresh_from_db()
    assert cooperation.status == Cooperation.Status.ENDED
    assert_clean(page)


def test_the_csv_import_page_and_its_confirmation(
    watched, pilot_region, login_as, private_folder, tmp_path
):
    page = watched
    login_as(pilot_region["editor"])
    page.goto("/kennzahlen/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kennzahlen aus CSV importieren"
    )
    expect(
        page.get_by_role("link", name="Vorlage für Ihre Gemeinden (CSV)")
    ).to_be_visible()
    assert_clean(page)

    upload = tmp_path / "kennzahlen.csv"
    upload.write_text(
        "AGS;Kennzahl;Jahr;Wert;Quelle\n"
        f"{ESCHWEGE_AGS};water_price_m3;2023;2,35;Gebührensatzung\n"
        f"{ESCHWEGE_AGS};wastewater_fee_m3;2023;3,10;Gebührensatzung\n",
        encoding="utf-8",
    )
    page.get_by_label("CSV-Datei").set_input_files(upload)
    tab_to(page, "Hochladen und prüfen")
    page.keyboard.press("Enter")

    # The last look before anything is written: the totals and the button.
    expect(page.get_by_role("heading", level=1)).to_contain_text("kennzahlen.csv")
    expect(page.get_by_role("main")).to_contain_text("2 neue Werte")
    assert not IndicatorValue.objects.filter(municipality__ags=ESCHWEGE_AGS).exists()
    assert_clean(page)
    tab_to(page, "Jetzt importieren")


def test_the_planner_overview_shows_the_region(watched, pilot_region, login_as):
    page = watched
    login_as(pilot_region["planner"])
    page.goto("/uebersicht/")
    expect(
        page.get_by_role("heading", name="Meine Region als Regionalplanung")
    ).to_be_visible()
    expect(page.get_by_text("Ihrem Konto ist keine Gemeinde zugeordnet")).to_have_count(
        0
    )
    assert_clean(page)
    tab_to(page, "Matrix")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/kooperationen/matrix/\?kreis=06636$"))
    assert_clean(page)
