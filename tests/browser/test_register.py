"""The public register in a real Chromium (issue 17): every page without an account,
in German and English, axe-clean with a clean console; the filter form by keyboard
alone; an editor of the lead publishes through the question page."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from cooperations import actions
from cooperations.models import Cooperation
from tests.browser.test_console import console_errors
from tests.browser.test_pages import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def published(pilot_region, private_folder):
    """The pilot region's example cooperation, published with a public statute."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    cooperation = Cooperation.objects.get()
    actions.cooperation_document_add(
        cooperation=cooperation,
        uploaded_file=SimpleUploadedFile("satzung.pdf", b"%PDF-1.7\n%%EOF\n"),
        kind="statute", title="Satzung", actor=None, visibility="public",
    )  # fmt: skip
    actions.open_data_write()
    return actions.cooperation_publish(
        cooperation=cooperation, actor=None, expected_version=cooperation.version
    )


def _language(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [
            {
                "name": settings.LANGUAGE_COOKIE_NAME,
                "value": language,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_register_pages_are_axe_clean_without_an_account(
    page, live_server, published, language
):
    errors = console_errors(page)
    _language(page, live_server, language)
    paths = [
        "/register/",
        "/register/?query=Abwasser&land=06&kreis=06636",
        f"/register/{published.pk}/",
        "/register/gemeinde/06636013/",
        "/register/daten/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_be_visible()
        assert_no_axe_violations(page)
    expect(page.locator("main")).to_contain_text("kooperationsregister.csv")
    assert not errors, errors


def test_filter_form_works_by_keyboard_alone(page, published):
    page.goto("/register/")
    search = page.get_by_role("searchbox", name="Suche")
    search.focus()
    page.keyboard.type("Abwasser")
    page.keyboard.press("Tab")
    land = page.get_by_role("combobox", name="Land")
    expect(land).to_be_focused()
    page.keyboard.press("ArrowDown")  # Hessen, the only Land with a member
    expect(land).to_have_value("06")
    for name in ("Kreis", "Sektor", "Organisationsform", "Status"):
        page.keyboard.press("Tab")
        expect(page.get_by_role("combobox", name=name)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Suchen")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"query=Abwasser.*land=06"))
    expect(page.get_by_role("status")).to_have_text("1 veröffentlichte Kooperation")
    link = page.get_by_role("link", name="Dienstleistungspool Abwasser (Beispiel)")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Dienstleistungspool Abwasser (Beispiel)")
    expect(page.locator("main")).to_contain_text("Wanfried")
    expect(page.get_by_role("link", name="Satzung")).to_be_visible()


def test_lead_editor_publishes_after_the_question_page(
    page, pilot_region, login_as, private_folder
):
    cooperation = Cooperation.objects.get()
    errors = console_errors(page)
    login_as(pilot_region["editor"])  # editor of Eschwege, the lead
    page.goto(cooperation.get_absolute_url())
    page.get_by_role(
        "button", name="Im öffentlichen Register veröffentlichen …"
    ).click()
    expect(page.locator("h1")).to_contain_text("im öffentlichen Register")
    expect(page.locator("main")).to_contain_text("Ansprechpersonen")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, veröffentlichen").click()

    expect(
        page.locator(".messages, [role=status], [role=alert]").first
    ).to_contain_text("steht jetzt im öffentlichen Register")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Öffentliche Seite ansehen").click()
    expect(page.locator("h1")).to_have_text(cooperation.title)
    assert not errors, errors
