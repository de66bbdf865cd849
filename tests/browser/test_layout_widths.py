"""The pages where layout went wrong (issue 15, item 13), at a phone's 390 px and a
laptop's 1280 px: no page scrolls sideways, a table that scrolls inside its
wrapper can be reached and scrolled by keyboard, the network map keeps every
label inside its drawing, and axe finds nothing. Screenshots go to a temporary
folder for a human look."""

import pytest
from playwright.sync_api import expect

from cooperations.models import Cooperation
from tests.browser.test_pages import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (390, 1280)
PAGE_WIDTH_JS = """() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
})"""
# Each scrolling table wrapper: is it a named, focusable region?
SCROLL_REGIONS_JS = """() => [...document.querySelectorAll('.table-wrap')]
    .filter(w => w.scrollWidth > w.clientWidth + 1)
    .map(w => ({
        tabindex: w.getAttribute('tabindex'),
        role: w.getAttribute('role'),
        named: !!(w.getAttribute('aria-labelledby') || w.getAttribute('aria-label')),
    }))"""
# Network map labels against the svg's own box (both in screen pixels).
MAP_LABELS_JS = """() => {
    const svg = document.querySelector('svg#network-map');
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].map(t => {
        const r = t.getBoundingClientRect();
        return {label: t.textContent, inside: r.left >= box.left - 0.5 &&
                r.right <= box.right + 0.5 && r.top >= box.top - 0.5 &&
                r.bottom <= box.bottom + 0.5};
    });
}"""


def test_cooperation_pages_fit_390_and_1280_pixels(
    page, pilot_region, login_as, tmp_path
):
    login_as(pilot_region["editor"])
    cooperation = Cooperation.objects.get()
    paths = [
        "/kooperationen/neu/",
        cooperation.get_absolute_url(),
        "/kooperationen/netz/",
    ]
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(path)
            expect(page.locator("main h1")).to_be_visible()
            widths = page.evaluate(PAGE_WIDTH_JS)
            if widths["scroll"] > widths["client"]:
                problems.append(f"{path} at {width}px scrolls sideways: {widths}")
            for region in page.evaluate(SCROLL_REGIONS_JS):
                if region != {"tabindex": "0", "role": "region", "named": True}:
                    problems.append(f"{path} at {width}px: {region}")
            problems += axe_violations(page)
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        page.goto("/kooperationen/netz/")
        outside = [t["label"] for t in page.evaluate(MAP_LABELS_JS) if not t["inside"]]
        if outside:
            problems.append(f"map labels clipped at {width}px: {outside}")
    assert not problems, "\n".join(problems)


def test_a_scrolling_table_is_scrolled_by_keyboard_at_390_pixels(
    page, pilot_region, login_as
):
    login_as(pilot_region["editor"])
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(Cooperation.objects.get().get_absolute_url())
    region = page.locator(".table-wrap[role=region]").first
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # The browser scrolls after the key event, not within it: wait for it (up to
    # Playwright's default timeout) instead of reading scrollLeft at once.
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
