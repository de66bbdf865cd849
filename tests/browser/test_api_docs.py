"""The API docs (/api/docs/): a server-rendered portal page under the strict CSP,
axe-core finds nothing, no console error, every operation of the schema shown."""

import pytest
from playwright.sync_api import expect

from tests.api.test_docs import schema_operations
from tests.browser.test_console import console_problems
from tests.browser.test_html_validity import vnu_errors
from tests.browser.test_pages import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_api_docs_render_under_the_csp_from_local_assets(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    problems = console_problems(page, ["/api/docs/"])
    assert not problems, "\n".join(problems)
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert not foreign, foreign


def test_api_docs_have_no_axe_violation_and_show_every_operation(page, live_server):
    page.goto("/api/docs/")
    assert_no_axe_violations(page)
    headings = page.locator("article h3").all_inner_texts()
    for method, path in schema_operations():
        assert f"{method} {path}" in headings, (method, path)
    expect(page.get_by_role("link", name="OpenAPI-Schema als JSON")).to_have_attribute(
        "href", "/api/schema/?format=json"
    )


def test_api_docs_operations_are_reachable_from_the_contents(page, live_server):
    page.goto("/api/docs/")
    link = page.get_by_role("navigation", name="Inhalt").get_by_role(
        "link", name="PUT /api/v1/municipalities/{ags}/values/{indicator}/{year}/"
    )
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{live_server.url}/api/docs/#op-municipalities_values_update"
    )
    expect(
        page.locator("#op-municipalities_values_update").get_by_role("table").first
    ).to_be_visible()


def test_api_docs_are_valid_html(page, live_server, tmp_path):
    response = page.goto("/api/docs/")
    (tmp_path / "docs.html").write_bytes(response.body())
    errors = vnu_errors(tmp_path, {"docs.html": "/api/docs/"})
    assert not errors, "\n".join(errors)
