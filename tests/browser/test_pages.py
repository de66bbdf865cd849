"""The portal in a real Chromium: a keyboard-only journey, axe-core, focus, reflow."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cooperations.models import Cooperation
from tests.browser.conftest import AXE_JS

# The live server needs committed data; serialized_rollback brings back the reference
# data that migrations add (sectors, indicators), which the flush after every test
# would otherwise leave missing for all but the first test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct-horse-42"
ESCHWEGE = "/gemeinden/06636003/"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def axe_violations(page) -> list[str]:
    """Run axe-core on the current page; one line per violation and failing node."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        page.evaluate(AXE_JS)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    lines = []
    for violation in results["violations"]:
        lines.append(
            f"- {page.url}: {violation['id']} ({violation['impact']}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['failureSummary']!r}")
    return lines


def assert_no_axe_violations(page) -> None:
    """Fail listing every axe violation on the current page, with its nodes."""
    lines = axe_violations(page)
    if lines:
        pytest.fail("axe violations:\n" + "\n".join(lines), pytrace=False)


def focused(page) -> dict:
    """What has keyboard focus now, with the styles that make focus visible."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                name: el.getAttribute('name'),
                text: (el.textContent || '').trim(),
                outlineStyle: style.outlineStyle,
                outlineWidth: style.outlineWidth,
                boxShadow: style.boxShadow,
            };
        }"""
    )


def test_editor_logs_in_by_keyboard_finds_eschwege_and_logs_out(page, pilot_region):
    editor = pilot_region["editor"]

    page.goto("/")
    assert_no_axe_violations(page)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Anmelden"
    ).click()
    expect(page).to_have_url(re.compile(r"/konto/anmelden/$"))

    # Keyboard only: the e-mail field has autofocus, Tab moves to the password.
    expect(page.locator("input[name=username]")).to_be_focused()
    page.keyboard.type(editor.email)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/uebersicht/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guten Tag")
    expect(page.get_by_role("link", name="Eschwege, Kreisstadt")).to_be_visible()

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Gemeinden"
    ).click()
    expect(page).to_have_url(re.compile(r"/gemeinden/$"))
    page.get_by_role("searchbox", name="Name oder Gemeindeschlüssel").fill("Esch")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/gemeinden/\?q=Esch"))
    expect(page.locator(".result-count")).to_have_text("1 Gemeinde gefunden")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Eschwege, Kreisstadt").click()
    expect(page).to_have_url(re.compile(re.escape(ESCHWEGE) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Eschwege, Kreisstadt")
    expect(page.locator("svg#population-chart")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Einwohner von Eschwege"))
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table).to_contain_text("18.743")
    # Reference data from migrations is there (serialized_rollback): sector sections.
    expect(page.locator("section.sector-section").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/$"))
    header = page.get_by_role("navigation", name="Hauptnavigation")
    expect(header.get_by_role("link", name="Anmelden")).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_have_count(0)
    page.goto("/uebersicht/")
    expect(page).to_have_url(re.compile(r"/konto/anmelden/\?next=/uebersicht/$"))


NOT_FOUND = "/gibt-es-nicht/"
COMPARISON_RESULT = (
    "/vergleich/optionen/?sektor=abwasser&aufgabe=service_pool&partner=06636003"
    "&partner=06636013&partner=06636011&laufzeit=4&einsparung=12&kosten=90000"
    "&schluessel=mix&mix_equal=1&mix_population=1"
)
# Every page, grouped by who looks at it: one login and one data load per group.
AXE_PAGES = {
    "anonymous": [
        "/",
        "/datenquellen/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/konto/anmelden/",
        "/konto/passwort-vergessen/",
        NOT_FOUND,
        # The guide is public.
        "/leitfaden/",
        "/leitfaden/einfache-sprache/",
        "/leitfaden/wasser/",
        "/leitfaden/organisationsformen/",
        "/leitfaden/formen/zweckverband/",
        # Another Land's forms (the guide's Land switcher, issue 14).
        "/leitfaden/organisationsformen/?land=10",
        "/leitfaden/formen/by-zweckverband/",
        "/leitfaden/formen/anstalt/",  # Länder without it: a note and its source
        "/leitfaden/bestandsaufnahme/",
        "/leitfaden/foerderung/",
        "/leitfaden/rechenweg/",
        "/leitfaden/glossar/",
        "/leitfaden/suche/?q=Fixkosten",
        "/leitfaden/suche/?q=xylophon",
        # The public register (issue 17); its own test covers English and a
        # published cooperation (tests/browser/test_register.py).
        "/register/",
        "/register/gemeinde/06636013/",
        "/register/daten/",
    ],
    "editor": [
        "/uebersicht/",
        "/gemeinden/",
        "/gemeinden/?q=Esch",
        "/gemeinden/?land=06&kreis=06636",
        "/gemeinden/?q=Atlantis",
        "/gemeinden/?land=99",  # a refused filter value, marked on the form
        ESCHWEGE,
        "/konto/",
        "/konto/passwort/",
        "/konto/api-tokens/",
        NOT_FOUND,
        # Daseinsvorsorge (services app)
        "/sektoren/",
        "/sektoren/wasserversorgung/",
        "/gemeinden/06636003/verlauf/",
        "/gemeinden/06636003/kennzahlen/neu/",
        "/gemeinden/06636003/versorgung/wasserversorgung/",
        # Cooperation register
        "/kooperationen/",
        "/kooperationen/neu/",
        "/kooperationen/matrix/?kreis=06636",
        "/kooperationen/luecken/?kreis=06636",
        "/kooperationen/netz/?kreis=06636",
        # Guide with live data, comparison
        "/leitfaden/wasser/",
        "/leitfaden/formen/oerv-mandat/",
        "/vergleich/",
        "/vergleich/optionen/",
        COMPARISON_RESULT,
        "/leitfaden/prozess/",
        "/vergleich/partner/?ags=06636003&sektor=abwasser",
        "/vergleich/szenarien/",
    ],
    "planner": [
        "/uebersicht/",
        ESCHWEGE,
        "/vergleich/gemeinden/?ags=06636003&ags=06636016",
    ],
    "admin": [
        "/gemeinden/",
        "/gemeinden/import/",
        "/kennzahlen/import/",
        # Without a Kreis of their own, Kreis pages ask for one.
        "/sektoren/wasserversorgung/",
        "/kooperationen/matrix/",
        "/kooperationen/neu/",
        "/vergleich/optionen/",
    ],
}


@pytest.mark.parametrize("role", AXE_PAGES)
def test_pages_have_no_axe_violations(page, pilot_region, login_as, role):
    if pilot_region[role]:
        login_as(pilot_region[role])
    violations = []
    for path in AXE_PAGES[role]:
        response = page.goto(path)
        assert response.status == (404 if path == NOT_FOUND else 200), path
        assert page.url.endswith(path), f"{path} redirected to {page.url}"
        violations += axe_violations(page)
    assert not violations, f"axe violations as {role}:\n" + "\n".join(violations)


def test_cooperation_pages_have_no_axe_violations(page, pilot_region, login_as):
    from cooperations.models import Cooperation

    cooperation = Cooperation.objects.get()
    login_as(pilot_region["editor"])
    partner = cooperation.partners.first()
    for path in (
        cooperation.get_absolute_url(),
        f"/kooperationen/{cooperation.pk}/bearbeiten/",
        f"/kooperationen/{cooperation.pk}/partner/",
        f"/kooperationen/{cooperation.pk}/partner/{partner.pk}/",
    ):
        assert page.goto(path).status == 200, path
        assert_no_axe_violations(page)
    # A Sontra-style reader elsewhere in the Kreis reads but gets no edit controls.
    login_as(pilot_region["viewer"])
    page.goto(cooperation.get_absolute_url())
    expect(page.get_by_role("link", name="Bearbeiten")).to_have_count(0)
    assert_no_axe_violations(page)


def test_failed_login_page_has_no_axe_violations(page, pilot_region):
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(pilot_region["editor"].email)
    page.get_by_label("Passwort").fill("wrong-password")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("E-Mail-Adresse oder Passwort sind falsch")).to_be_visible()
    assert_no_axe_violations(page)
    # An empty form shows the errors of both fields.
    page.get_by_label("E-Mail-Adresse").fill("")
    page.get_by_label("Passwort").fill("")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize(("role", "path"), [("anonymous", "/"), ("editor", ESCHWEGE)])
def test_first_tab_reaches_skip_link_which_moves_focus_to_main(
    page, pilot_region, login_as, role, path
):
    if pilot_region[role]:
        login_as(pilot_region[role])
    page.goto(path)

    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["tag"] == "a"
    assert skip["text"] == "Zum Inhalt springen"
    assert skip["outlineStyle"] != "none", skip
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_in_viewport()

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    assert page.url.endswith("#main")


def test_every_focusable_element_shows_visible_focus(page, pilot_region, login_as):
    login_as(pilot_region["editor"])
    page.goto(ESCHWEGE)
    seen = 0
    invisible = []
    for _ in range(250):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] == "body":
            break
        seen += 1
        if element["outlineStyle"] == "none" or element["outlineWidth"] == "0px":
            invisible.append(element)
    else:
        pytest.fail("Tab did not reach the end of the page after 250 stops")
    assert seen > 10
    assert not invisible, f"focus not visible on: {invisible}"


REFLOW_PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/konto/anmelden/"),
    ("anonymous", "/leitfaden/organisationsformen/"),
    ("anonymous", "/leitfaden/formen/zweckverband/"),
    ("anonymous", "/leitfaden/formen/anstalt/"),  # long source addresses wrap
    ("anonymous", "/leitfaden/rechenweg/"),  # wide tables scroll in their frame
    ("editor", "/uebersicht/"),
    ("editor", COMPARISON_RESULT),
    ("editor", "/gemeinden/"),
    ("editor", ESCHWEGE),
    ("editor", "/sektoren/wasserversorgung/"),
    ("planner", "/vergleich/gemeinden/?ags=06636003&ags=06636016"),
    ("admin", "/gemeinden/import/"),
]


# The document's widths, and the innermost elements (outside table wrappers, which
# may scroll) whose box or text sticks out of the viewport.
REFLOW_JS = """() => {
    const name = el => el.tagName.toLowerCase()
        + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const wide = [...document.body.querySelectorAll('*')]
        .filter(el => !el.closest('.table-wrap, svg'))
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
            || el.scrollWidth > el.clientWidth + 1
               && getComputedStyle(el).overflowX === 'visible'
               && getComputedStyle(el).display !== 'inline');
    return {
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        wide: wide.slice(-5).map(name),
    };
}"""


def test_pages_reflow_at_320_css_pixels_without_horizontal_scrolling(
    page, pilot_region, login_as
):
    page.set_viewport_size({"width": 320, "height": 800})
    overflowing = []
    current_role = "anonymous"
    for role, path in REFLOW_PAGES:
        if role != current_role:
            login_as(pilot_region[role])
            current_role = role
        page.goto(path)
        widths = page.evaluate(REFLOW_JS)
        if widths["scroll"] > widths["client"]:
            overflowing.append((path, widths))
    assert not overflowing, f"pages scroll horizontally at 320 px: {overflowing}"
    # Tables may scroll, but only inside their wrapper.
    page.goto(ESCHWEGE)
    expect(page.locator(".table-wrap table").first).to_be_visible()
    expect(page.locator("table:not(.table-wrap table)")).to_have_count(0)


def test_screenshots_of_list_and_detail(page, pilot_region, login_as):
    """Saved for a human look at the layout; asserts only that the pages rendered."""
    login_as(pilot_region["editor"])
    page.goto("/gemeinden/")
    expect(page.locator("tbody tr")).to_have_count(17)
    page.screenshot(path="/tmp/shot_list.png", full_page=True)
    page.goto(ESCHWEGE)
    expect(page.locator("svg#population-chart")).to_be_visible()
    expect(page.locator("section.sector-section").first).to_be_visible()
    page.screenshot(path="/tmp/shot_detail.png", full_page=True)


def test_editor_records_a_cooperation_and_a_reader_in_the_kreis_cannot_edit_it(
    page, pilot_region, login_as, tmp_path, settings
):
    from municipalities.models import Municipality
    from tests.factories import MembershipFactory

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    login_as(pilot_region["editor"])
    page.goto("/kooperationen/neu/")
    page.get_by_label("Titel").fill("Gemeinsamer Bauhof Eschwege–Wanfried")
    page.get_by_label("Aufgabe").fill("Bauhof, Winterdienst und Grünpflege")
    page.get_by_label("Status").select_option("negotiating")
    page.get_by_label("federführende Gemeinde").select_option(
        label="Eschwege, Kreisstadt"
    )
    page.get_by_label("Wanfried, Stadt").check()
    page.get_by_label("Beginn").fill("2026-01-01")
    page.get_by_label("Mindestlaufzeit (Monate)").fill("60")
    page.get_by_label("Kündigungsfrist (Monate)").fill("6")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gemeinsamer Bauhof Eschwege–Wanfried"
    )

    contract = tmp_path / "vertrag.pdf"
    contract.write_bytes(b"%PDF-1.7\n1 0 obj\n%%EOF\n")
    page.locator("#id_kind").select_option("contract")
    page.locator("#id_file").set_input_files(contract)
    page.get_by_role("button", name="Dokument hochladen").click()
    expect(page.get_by_role("link", name="vertrag.pdf")).to_be_visible()

    # Wanfried is asked until its own editors agree (issue 15, item 4; their side
    # of it: tests/browser/test_partner_consent.py).
    expect(page.get_by_text("angefragt").first).to_be_visible()
    Cooperation.objects.get(
        title="Gemeinsamer Bauhof Eschwege–Wanfried"
    ).partners.update(consent="confirmed")
    page.reload()

    # „beschlossen“ asks for each partner's council resolution (issue 15, item 3).
    page.get_by_label("Neuer Status").select_option("decided")
    page.get_by_role("button", name="Status ändern").click()
    expect(page.get_by_text("Es fehlt bei: Eschwege, Wanfried")).to_be_visible()
    cooperation = Cooperation.objects.get(title="Gemeinsamer Bauhof Eschwege–Wanfried")
    cooperation.partners.update(
        resolution_date=date(2025, 11, 20), resolution_reference="StVV 41/2025"
    )
    page.reload()
    page.get_by_label("Neuer Status").select_option("decided")
    page.get_by_role("button", name="Status ändern").click()
    expect(page.get_by_text("Status: beschlossen")).to_be_visible()
    page.get_by_label("Neuer Status").select_option("active")
    page.get_by_role("button", name="Status ändern").click()
    expect(page.get_by_text("Status: aktiv")).to_be_visible()
    assert_no_axe_violations(page)
    detail = page.url

    page.goto("/uebersicht/")
    fristen = page.get_by_role("region", name="Fristen")
    expect(fristen.get_by_text("30.06.2030")).to_be_visible()
    expect(
        fristen.get_by_text("Gemeinsamer Bauhof Eschwege–Wanfried").first
    ).to_be_visible()

    sontra = Municipality.objects.get(ags="06636011")
    login_as(MembershipFactory(municipality=sontra, role="viewer").user)
    page.goto(detail)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gemeinsamer Bauhof Eschwege–Wanfried"
    )
    expect(page.get_by_role("link", name="Bearbeiten")).to_have_count(0)
    expect(page.get_by_role("button", name="Status ändern")).to_have_count(0)
    expect(page.get_by_role("button", name="Dokument hochladen")).to_have_count(0)


def _totp_now(secret_base32: str) -> str:
    """The code an authenticator app shows now, computed from the shared secret."""
    import base64

    from django_otp.oath import totp

    key = base64.b32decode(secret_base32)
    return f"{totp(key):06d}"


@pytest.mark.second_factor
def test_first_login_sets_up_the_app_then_logs_in_with_a_code(page, pilot_region):
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice

    editor = pilot_region["editor"]
    page.goto("/konto/anmelden/")
    expect(page.locator("input[name=username]")).to_be_focused()
    page.keyboard.type(editor.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # A password alone reaches only the set-up.
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor/einrichten/\?next="))
    assert_no_axe_violations(page)
    page.goto("/kooperationen/")
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor/einrichten/"))
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Code").fill(_totp_now(secret))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ihre Wiederherstellungscodes"
    )
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Weiter").click()
    expect(page).to_have_url(re.compile(r"/kooperationen/$"))

    page.get_by_role("button", name="Abmelden").click()
    # Logging out ends every session of the account: wait until it has, or it may
    # end the next login too.
    expect(page).to_have_url(re.compile(r"/$"))
    device = TOTPDevice.objects.get(user=editor, confirmed=True)
    assert base64.b32encode(device.bin_key).decode() == secret
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # same 30 s window
    page.goto("/konto/anmelden/")
    expect(page.locator("input[name=username]")).to_be_focused()
    page.keyboard.type(editor.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor/\?next="))
    assert_no_axe_violations(page)
    assert focused(page)["name"] == "token"
    page.keyboard.type(_totp_now(secret))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/uebersicht/$"))


def test_ten_wrong_passwords_lock_the_account_until_the_cool_down_ends(
    page, pilot_region
):
    from datetime import timedelta

    from axes.models import AccessAttempt, AccessLog

    viewer = pilot_region["viewer"]

    def log_in(password):
        page.goto("/konto/anmelden/")
        page.get_by_label("E-Mail-Adresse").fill(viewer.email)
        page.get_by_label("Passwort").fill(password)
        page.get_by_label("Passwort").press("Enter")

    for _ in range(10):
        log_in("falsch")
    log_in(PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("gesperrt")
    assert_no_axe_violations(page)
    page.goto("/uebersicht/")
    expect(page).to_have_url(re.compile(r"/konto/anmelden/\?next="))
    # 16 minutes later (the cool-down is 15): the attempts have expired.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    log_in(PASSWORD)
    expect(page).to_have_url(re.compile(r"/uebersicht/$"))
    assert AccessLog.objects.filter(username=viewer.email).exists()


def test_report_pages_have_no_axe_violations(
    page, pilot_region, login_as, monkeypatch, tmp_path
):
    """Request a Gemeindesteckbrief with the keyboard, wait, download."""
    from django.core.files.storage import FileSystemStorage

    from lebenswert.reports import actions, tasks
    from lebenswert.reports.models import ReportJob

    queued = []
    monkeypatch.setattr(tasks.report_job_run, "delay", queued.append)
    monkeypatch.setattr(
        ReportJob._meta.get_field("file"),
        "storage",
        FileSystemStorage(location=tmp_path),
    )
    login_as(pilot_region["editor"])
    page.goto(ESCHWEGE)
    button = page.get_by_role("button", name="Gemeindesteckbrief erstellen (PDF)")
    button.focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Gemeindesteckbrief Eschwege")
    ).to_be_visible()
    expect(page.get_by_text("wartet")).to_be_visible()
    assert_no_axe_violations(page)

    actions.report_job_run(job_id=queued[0])
    page.reload()
    expect(
        page.get_by_role("link", name="Gemeindesteckbrief Eschwege herunterladen (PDF)")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/berichte/")
    expect(
        page.get_by_role("link", name="Gemeindesteckbrief Eschwege", exact=True)
    ).to_be_visible()
    assert_no_axe_violations(page)
