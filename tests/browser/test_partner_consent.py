"""Partners consent in a real Chromium (issue 15, item 4): Eschwege's editor adds
Wanfried, which is only asked; Wanfried's editor sees the request on the overview
and confirms it. Both log in with password and second factor; axe finds nothing and
the console stays clean on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from cooperations import actions
from cooperations.models import Cooperation, CooperationPartner
from municipalities.models import Municipality
from tests.browser.test_console import console_errors
from tests.browser.test_pages import PASSWORD, assert_no_axe_violations
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page, user) -> None:
    """The login page, then the code of the user's authenticator app."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    page.goto("/konto/anmelden/")
    # Autofocus lands a moment after the load event: typing earlier loses keys.
    expect(page.locator("input[name=username]")).to_be_focused()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor/\?next="))
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/uebersicht/$"))


def _log_out(page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    # Logging out ends every session of the account: wait until it has.
    expect(page).to_have_url(re.compile(r"/$"))


@pytest.mark.second_factor
def test_wanfried_is_asked_and_its_editor_confirms_on_the_overview(page, pilot_region):
    eschwege_editor = pilot_region["editor"]
    wanfried = Municipality.objects.get(ags="06636013")
    wanfried_editor = MembershipFactory(municipality=wanfried, role="editor").user
    cooperation = actions.cooperation_create(
        actor=eschwege_editor,
        title="Bauhof Werra",
        task="Gemeinsamer Winterdienst",
        lead=Municipality.objects.get(ags="06636003"),
        partners=[],
        status=Cooperation.Status.EXPLORING,
    )
    errors = console_errors(page)

    # Eschwege's editor adds Wanfried: it is only asked.
    _log_in(page, eschwege_editor)
    page.goto(f"/kooperationen/{cooperation.pk}/partner/")
    page.get_by_role("combobox", name="Gemeinde").fill("06636013")
    page.get_by_role("button", name="Partner hinzufügen").click()
    expect(page.get_by_text("Der Partner wurde hinzugefügt.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Wanfried"))
    expect(row.get_by_text("angefragt")).to_be_visible()
    expect(page.get_by_text("ohne angefragte Gemeinden")).to_be_visible()
    assert_no_axe_violations(page)
    asked = CooperationPartner.objects.get(
        cooperation=cooperation, municipality=wanfried
    )
    assert asked.consent == CooperationPartner.Consent.REQUESTED
    _log_out(page)

    # Wanfried's editor finds the request on the overview and confirms.
    _log_in(page, wanfried_editor)
    requests = page.get_by_role("region", name="Anfragen zur Teilnahme")
    expect(
        requests.get_by_role("link", name="Bauhof Werra", exact=True)
    ).to_be_visible()
    assert_no_axe_violations(page)
    # First a look at declining (with its optional reason), then the change of mind.
    requests.get_by_role("link", name=re.compile("^Ablehnen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wanfried lehnt „Bauhof Werra“ ab?"
    )
    expect(page.get_by_label("Begründung (freiwillig)")).to_be_editable()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Doch zustimmen …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Macht Wanfried bei „Bauhof Werra“ mit?"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, wir machen mit").click()
    expect(page).to_have_url(re.compile(rf"/kooperationen/{cooperation.pk}/$"))
    expect(page.get_by_text("Wanfried ist jetzt Partner.")).to_be_visible()
    partners = page.get_by_role("region", name="Partner")
    expect(partners.get_by_role("rowheader", name="Wanfried")).to_be_visible()
    expect(partners.get_by_text("angefragt")).to_have_count(0)
    assert_no_axe_violations(page)

    page.goto("/uebersicht/")
    expect(page.get_by_role("region", name="Anfragen zur Teilnahme")).to_have_count(0)
    asked.refresh_from_db()
    assert asked.consent == CooperationPartner.Consent.CONFIRMED
    assert asked.consent_by == wanfried_editor
    assert not errors, errors
