"""Playwright fixtures: one system Chromium per session, a fresh page per test."""

import os
from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from tests.conftest import CHROMIUM, CI, SHARED_DATA
from tests.workers import WorkerQueue

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to
# run inside one unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BOUNDARIES_PATH = SHARED_DATA / "werra_meissner_gemeinden_vg5000_2021.geojson"
# axe-core as shipped inside axe-playwright-python; injected into each page.
AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if CI:
            pytest.fail("Chromium is not installed (required with CI=true)")
        pytest.skip(
            "Chromium not installed (apt-get install chromium); browser tests skipped"
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps database connections per contextvars context, and the test code
    # runs in another context once Playwright's sync API has started: its fresh
    # connection objects lack the test database contents serialized at setup, and
    # serialized_rollback would silently restore nothing (no sectors, indicators).
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if not hasattr(connections[alias], "_test_serialized_contents"):
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _plain_http_for_live_server():
    # SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the session-scoped live
    # server builds its handler, so the per-test override in tests/conftest.py comes
    # too late for it: without this every page would redirect to https://.
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http_for_live_server, live_server):
    return live_server


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def pilot_region(roles):
    """The real Werra-Meißner-Kreis (names, population series, outlines).

    Loaded after `roles`, whose factories create Eschwege and Witzenhausen with the
    same AGS: the loader updates them with the official figures.
    """
    from municipalities import actions

    actions.pilot_region_load()
    if BOUNDARIES_PATH.is_file():
        actions.boundaries_import(
            raw=BOUNDARIES_PATH.read_bytes(),
            source="© GeoBasis-DE / BKG 2021",
            valid_on=None,
        )
    from cooperations import actions as cooperation_actions
    from municipalities.models import Municipality

    eschwege, wanfried = (
        Municipality.objects.get(ags=ags) for ags in ("06636003", "06636013")
    )
    cooperation_actions.cooperation_create(
        actor=None,
        title="Dienstleistungspool Abwasser (Beispiel)",
        task="Gemeinsame Rufbereitschaft",
        lead=eschwege,
        partners=[wanfried],
        status="exploring",
        is_example=True,
    )
    return roles


@pytest.fixture
def login_as(page, client, live_server):
    """Put a logged-in session for `user` into the page's browser context."""

    def login_as(user):
        client.force_login(user)
        page.context.clear_cookies()
        page.context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )

    return login_as


@pytest.fixture(scope="module")
def report_queue(request, django_db_setup, tmp_path_factory):
    """A real Celery worker for the reports the live server queues; started
    first, so that it boots while the browser works through the pages."""
    queue = WorkerQueue(
        folder=tmp_path_factory.mktemp("browser-reports"),
        env={},
        task_names=["lebenswert.reports.tasks.report_job_run"],
    )
    request.addfinalizer(queue.close)
    queue.start()
    return queue


@pytest.fixture
def report_worker(report_queue, monkeypatch, settings):
    """The worker's report files are what the live server hands out."""
    from lebenswert.reports.models import ReportJob

    report_queue.share_files(
        ReportJob, monkeypatch, settings, heartbeat=settings.JOBS_HEARTBEAT_SECONDS
    )
    return report_queue
