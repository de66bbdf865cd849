"""A planner of a whole Regierungsbezirk in a real Chromium (issue 18): the overview
offers the Regionalbericht of the Bezirk, the keyboard requests it, a real Celery
worker renders it and the browser downloads a PDF that covers the Bezirk's Kreis
and its municipalities."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from municipalities.actions import planner_assignment_set
from municipalities.models import Municipality, Regierungsbezirk
from tests.browser.reports import download_finished_report
from tests.browser.test_console import console_errors
from tests.browser.test_pages import assert_no_axe_violations
from tests.factories import UserFactory
from tests.reports.conftest import flat

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bezirk_planner_requests_and_downloads_the_bezirk_report(
    page, pilot_region, login_as, report_worker
):
    kassel = Regierungsbezirk.objects.get(code="066")
    planner = UserFactory(email="bezirk@example.org")
    planner_assignment_set(user=planner, regierungsbezirk=kassel)
    errors = console_errors(page)
    login_as(planner)

    page.goto("/uebersicht/")
    button = page.get_by_role(
        "button", name="Regionalbericht Reg.-Bez. Kassel erstellen (PDF)"
    )
    expect(button).to_be_visible()
    assert_no_axe_violations(page)
    button.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/berichte/\d+/$"))
    job, pdf = download_finished_report(page, report_worker)
    assert job.params == {"gebiet": "066"}

    pages = PdfReader(io.BytesIO(pdf)).pages
    text = flat("".join(page.extract_text() for page in pages))
    assert flat("Reg.-Bez. Kassel · Hessen") in text
    assert flat("Die Kreise im Überblick") in text
    assert flat("Werra-Meißner-Kreis") in text
    # The annex names every municipality of the Bezirk's Kreis.
    for place in Municipality.objects.filter(kreis__code="06636"):
        assert flat(place.short_name) in text, place.short_name
    assert errors == []
