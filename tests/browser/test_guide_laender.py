"""The guide in every Land in a real Chromium: the forms overview and one form page
per Flächenland, German and English, axe-core clean; the Land switcher works by
keyboard alone."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from cooperations.models import CooperationLaw, OrganisationalForm
from tests.browser.test_pages import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FORMS_PAGE = "/leitfaden/organisationsformen/"


def _pages() -> list[tuple[str, str, str, str]]:
    """(Land, overview, paragraph, form code) per Land: its Zweckverband's page."""
    pages = []
    for law in CooperationLaw.objects.select_related("land").order_by("land_id"):
        forms = OrganisationalForm.objects.filter(land_id=law.land_id)
        form = forms.filter(family="special_purpose_union").first() or forms.first()
        pages.append(
            (law.land.name, f"{FORMS_PAGE}?land={law.land_id}", form.law, form.code)
        )
    return pages


def test_every_land_overview_and_form_page_in_both_languages_is_axe_clean(
    page, live_server
):
    pages = _pages()
    assert len(pages) == 13
    for language, heading in (("de", "Formen"), ("en", "Forms")):
        page.context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "url": live_server.url,
                }
            ]
        )
        for land, overview, paragraph, code in pages:
            page.goto(overview)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("#land")).to_contain_text(heading)
            expect(page.locator("#land")).to_contain_text(land)
            current = page.locator(".land-switcher a[aria-current='page']")
            expect(current).to_have_text(land)
            assert_no_axe_violations(page)
            page.goto(f"/leitfaden/formen/{code}/")
            expect(page.locator(".subtitle")).to_contain_text(paragraph)
            expect(page.locator("#laender")).to_be_visible()
            assert_no_axe_violations(page)


def test_the_land_switcher_works_by_keyboard(page):
    page.goto(FORMS_PAGE)
    switcher = page.get_by_role("navigation", name="Land wählen:")
    link = switcher.get_by_role("link", name="Bayern")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?land=09#land$"))
    expect(
        page.get_by_role("heading", level=2, name="Formen in Bayern")
    ).to_be_visible()
    # The Saarland has no joint institution: its form pages say so, with the source.
    page.goto("/leitfaden/formen/anstalt/")
    saarland = page.locator(".land-family li", has_text="Saarland:")
    expect(saarland).to_contain_text("nicht vorgesehen")
    expect(saarland.get_by_role("link")).not_to_have_count(0)
