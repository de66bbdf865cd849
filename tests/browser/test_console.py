"""Every page's console stays clean (issue 15, item 12): no error, no script error and
no Content Security Policy violation on the pages that the axe test visits."""

import pytest

from tests.browser.test_pages import AXE_PAGES, NOT_FOUND

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before the page's own scripts (through the DevTools protocol, so the CSP does
# not block it) and keeps every violation the page reports.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`
        + ` (${event.sourceFile || ''}:${event.lineNumber || ''})`);
});
"""


def console_errors(page) -> list[str]:
    """A list that fills with the page's console errors and script errors."""
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and errors.append(f"{page.url}: console: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: error: {error}"))
    return errors


def console_problems(page, paths) -> list[str]:
    """Visit `paths`; one line per console error, page error and CSP violation."""
    problems = console_errors(page)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")  # htmx requests of the page, too
        problems += [
            f"{page.url}: CSP: {violation}"
            for violation in page.evaluate("() => window.__cspViolations")
        ]
    return problems


@pytest.mark.parametrize("role", AXE_PAGES)
def test_pages_log_no_console_error_and_no_csp_violation(
    page, pilot_region, login_as, role
):
    if pilot_region[role]:
        login_as(pilot_region[role])
    # The 404 page's own status is logged as a failed load; its content is checked
    # by the axe test.
    paths = [path for path in AXE_PAGES[role] if path != NOT_FOUND]
    problems = console_problems(page, paths)
    assert not problems, f"console of {role} pages:\n" + "\n".join(problems)


def test_the_csp_violation_check_sees_an_inline_style(page, pilot_region):
    """The check itself: an inline style that the CSP blocks is reported."""
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () =>"
        " document.head.insertAdjacentHTML('beforeend', '<style>p{}</style>'))"
    )
    problems = console_problems(page, ["/impressum/"])
    assert any("CSP: style-src" in problem for problem in problems), problems
