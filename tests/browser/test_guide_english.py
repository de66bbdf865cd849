"""The guide in English (issue 15, item 9): the reference data in English, the
German names it keeps marked lang="de"; axe finds nothing, the console is clean."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_workflow_pages import assert_clean, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    "/leitfaden/organisationsformen/?land=07",
    "/leitfaden/formen/rp-verbandsgemeinde/",
    "/leitfaden/formen/bw-gvv/",
    "/leitfaden/foerderung/",
    "/leitfaden/suche/?q=Zweckverband",
]


def test_english_guide_pages_read_in_english_with_german_parts_marked(
    page, live_server
):
    watch(page)
    page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_server.url}]
    )
    for path in PAGES:
        assert page.goto(path).status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_clean(page)
    page.goto("/leitfaden/formen/rp-verbandsgemeinde/")
    expect(page.locator("p.lead")).to_contain_text("belong to a Verbandsgemeinde")
    expect(page.locator('p.lead span[lang="de"]').first).to_have_text("Ortsgemeinden")
