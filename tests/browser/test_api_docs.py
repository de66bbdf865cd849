"""The API docs (/api/docs/): Swagger UI served by the portal itself under the
strict CSP, with no console error and the operations of the schema shown."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_console import console_problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_api_docs_render_under_the_csp_from_local_assets(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    problems = console_problems(page, ["/api/docs/"])
    expect(page.get_by_text("/api/v1/municipalities/{ags}/").first).to_be_visible()
    assert not problems, "\n".join(problems)
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert not foreign, foreign
