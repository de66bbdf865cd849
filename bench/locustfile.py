"""The persona journeys of `make bench` for Locust (issue 16), run headless by
bench/journeys.py against gunicorn + PostgreSQL + Redis + two Celery workers.

    BENCH_LOGINS_FILE=… BENCH_LOCUST_SAMPLES=… locust -f bench/locustfile.py \
        --headless -u 50 -r 5 -t 300s --host http://127.0.0.1:PORT

The mix: 70 % municipal staff (land on the overview, open the own municipality,
edit a figure, search cooperations, compare options, and in one journey of five
request a Gemeindesteckbrief and wait for it), 20 % planners, 10 % admins and
anonymous guide readers. Each simulated user is one person's session: it logs in
once when it starts (password and authenticator code, with the next unused bench
account of its role: bench/national.py wrote them, each with its own TOTP key, so
no code is used twice), then goes through its journeys again and again, and logs
out when it stops. Between clicks it pauses as long as a person reading the page
(bench/personas.py: THINK_SECONDS, REPORT_SHARE, why). Every request is recorded
(time, step, milliseconds, failure) into BENCH_LOCUST_SAMPLES.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

from locust import HttpUser, between, events, task
from locust.exception import StopUser

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.personas import (  # noqa: E402
    REPORT_POLL_SECONDS,
    REPORT_SHARE,
    THINK_SECONDS,
)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT_TIMEOUT = 120
SAMPLES: list[tuple[float, str, float, str]] = []
# Calibration (bench/journeys.py): one user at a time without pauses, every
# journey with its report, CALIBRATION_JOURNEYS journeys; the server's CPU
# between two answers is charged to the second (the processes are listed in
# BENCH_CPU_PIDS_FILE, kept current).
CALIBRATION = os.environ.get("BENCH_CPU_PIDS_FILE", "")
CALIBRATION_JOURNEYS = int(os.environ.get("BENCH_CALIBRATION_JOURNEYS", "4"))
if CALIBRATION:
    THINK_SECONDS, REPORT_SHARE = (0.0, 0.0), 1.0  # noqa: F811
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CPU_SEEN: dict[int, int] = {}
CPU_SAMPLES: list[tuple[str, float]] = []


def _logins() -> dict:
    path = os.environ.get("BENCH_LOGINS_FILE")
    if not path:
        return {"password": "", "staff": [], "planner": [], "admin": []}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


LOGINS = _logins()
# The calibration takes its accounts from the other end: an authenticator code
# is accepted once, and the run may have just used the first accounts' codes.
POOLS = {
    role: itertools.cycle(LOGINS[role][::-1] if CALIBRATION else LOGINS[role])
    for role in ("staff", "planner", "admin")
}


def server_cpu_ticks() -> int:
    """CPU ticks the server's processes spent since the last call (a process
    first seen counts from its start: a new database connection is part of the
    request that opened it)."""
    try:
        with open(CALIBRATION, encoding="utf-8") as handle:
            pids = [int(pid) for pid in handle.read().split()]
    except (OSError, ValueError):
        return 0
    spent = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks = int(fields[11]) + int(fields[12])
        spent += ticks - CPU_SEEN.get(pid, 0)
        CPU_SEEN[pid] = ticks
    return spent


@events.test_start.add_listener
def _cpu_baseline(environment, **kwargs):
    if CALIBRATION:
        server_cpu_ticks()


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs):
    SAMPLES.append(
        (time.time(), name, response_time, repr(exception) if exception else "")
    )
    if CALIBRATION and request_type != "REPORT":
        CPU_SAMPLES.append((name, server_cpu_ticks() * 1000 / CLOCK_TICKS))


@events.quitting.add_listener
def _write_samples(environment, **kwargs):
    path = os.environ.get("BENCH_LOCUST_SAMPLES")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(CPU_SAMPLES if CALIBRATION else SAMPLES, handle)


class FormFields(HTMLParser):
    """The fields of the first form that posts to itself or whose action contains
    `action`, with their current values."""

    def __init__(self, action: str = ""):
        super().__init__()
        self.action, self.fields, self.state = action, {}, "before"
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.state == "before":
            target = attrs.get("action") or ""
            if not target or self.action in target:  # no action: posts to itself
                self.state = "inside"
        elif self.state != "inside":
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""
        elif tag == "option" and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")
        elif tag == "select":
            self.select = attrs.get("name", "")

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.state == "inside":
            self.state = "after"


def form_fields(html: str, action: str = "") -> dict[str, str]:
    parser = FormFields(action)
    parser.feed(html)
    return parser.fields


class Portal(HttpUser):
    abstract = True
    # Between clicks and between journeys: a person reading the page
    # (bench/personas.py says why 3–10 s; bench/journeys.py reports it).
    wait_time = between(*THINK_SECONDS)
    role = ""
    account: dict = {}
    page = ""  # the last full page: its CSRF token for the next form

    def on_start(self) -> None:
        """A person logs in once and works through several journeys."""
        if self.role:
            self.account = self.log_in()

    def on_stop(self) -> None:
        if self.role:
            self.csrf_post(
                "/konto/abmelden/", {}, "logout", self.token(self.page), think=False
            )
        if CALIBRATION:
            self.environment.runner.quit()

    def journey_start(self) -> None:
        """Calibration: the user stops after CALIBRATION_JOURNEYS journeys."""
        self.journeys = getattr(self, "journeys", 0) + 1
        if CALIBRATION and self.journeys > CALIBRATION_JOURNEYS:
            raise StopUser

    def csrf_post(
        self, path: str, data: dict, name: str, token: str, *, think: bool = True
    ):
        """A form POST as the browser sends it; success is the redirect."""
        if think:
            self.wait()  # a person reads and types before sending
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": f"{self.host}{path}"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{name}: {response.status_code}, not a redirect")
            return response

    def get(self, path: str, name: str, *, think: bool = True, **kwargs):
        if think:
            self.wait()  # a person reads the page before the next click
        with self.client.get(path, name=name, catch_response=True, **kwargs) as r:
            if r.status_code != 200:
                r.failure(f"{name}: {r.status_code}")
            elif "csrfmiddlewaretoken" in r.text:
                self.page = r.text
            return r

    def token(self, html: str) -> str:
        match = CSRF.search(html)
        return match.group(1) if match else self.client.cookies.get("csrftoken", "")

    def log_in(self) -> dict:
        """Password, then the code the account's authenticator app shows now, then
        the overview the login lands on."""
        # Imported here: django_otp's package touches Django's lazy settings,
        # which must not happen before Locust's gevent patches the threading locks.
        from django_otp.oath import totp

        account = next(POOLS[self.role])
        self.client.cookies.clear()
        page = self.get("/konto/anmelden/", "login form", think=False)
        response = self.csrf_post(
            "/konto/anmelden/",
            {"username": account["email"], "password": LOGINS["password"]},
            "login password",
            self.token(page.text),
        )
        # Editors, planners and admins must give the code before any page.
        page = self.client.get(
            "/konto/zweiter-faktor/", name="login second factor form",
            allow_redirects=False,
        )  # fmt: skip
        if response.status_code == 302 and page.status_code == 200:
            code = f"{totp(bytes.fromhex(account['key'])):06d}"
            self.csrf_post(
                "/konto/zweiter-faktor/",
                {"token": code},
                "login second factor",
                self.token(page.text),
            )
        self.get("/uebersicht/", "overview", think=False)
        return account

    def compare_options(self, partners: list[str]) -> None:
        query = urlencode(
            {
                "sektor": "abwasser",
                "aufgabe": "service_pool",
                "partner": partners,
                "laufzeit": 10,
                "kosten": "250000",
                "schluessel": "population",
            },
            doseq=True,
        )
        self.get(f"/vergleich/optionen/?{query}", "option comparison")


class MunicipalStaff(Portal):
    weight = 70
    role = "staff"

    def on_start(self) -> None:
        super().on_start()
        # Which journeys ask for a report: the same on every run.
        self.chance = random.Random(self.account.get("email", ""))

    @task
    def journey(self) -> None:
        self.journey_start()
        ags = self.account["ags"]
        self.get("/uebersicht/", "overview")
        page = self.get(f"/gemeinden/{ags}/", "own municipality")
        self.edit_figure(ags, page.text)
        search = urlencode({"query": "Bench", "kreis": self.account["kreis"]})
        self.get(f"/kooperationen/?{search}", "cooperation search")
        self.compare_options([ags, *self.account.get("partners", [])])
        if self.chance.random() < REPORT_SHARE:
            self.request_report(ags, page.text)

    def edit_figure(self, ags: str, html: str) -> None:
        match = re.search(rf"/gemeinden/{ags}/kennzahlen/(\d+)/", html)
        if not match:
            events.request.fire(
                request_type="GET", name="figure edit form", response_time=0,
                response_length=0, exception=LookupError("no figure to edit"),
            )  # fmt: skip
            return
        path = f"/gemeinden/{ags}/kennzahlen/{match.group(1)}/"
        form = self.get(path, "figure edit form")
        fields = form_fields(form.text, path)
        fields["note"] = f"Bench-Last {time.time():.0f} (synthetisch)"
        token = fields.pop("csrfmiddlewaretoken", "") or self.token(form.text)
        self.csrf_post(path, fields, "figure save", token)

    def request_report(self, ags: str, html: str) -> None:
        """Request the Gemeindesteckbrief, land on its page and wait for it as the
        page does (it asks for its status every REPORT_POLL_SECONDS)."""
        self.wait()
        started = time.perf_counter()
        response = self.csrf_post(
            "/berichte/neu/", {"kind": "gemeinde", "ags": ags}, "report request",
            self.token(html), think=False,
        )  # fmt: skip
        location = response.headers.get("Location", "")
        queued = re.search(r"/berichte/\d+/$", location)
        exception: Exception | None = (
            TimeoutError("report not finished")
            if queued
            else LookupError(f"report not queued (to {location!r})")
        )
        status = self.get(location, "report page", think=False) if queued else None
        while status is not None and time.perf_counter() - started < REPORT_TIMEOUT:
            if "data-hx-trigger" not in status.text:
                failed = "/pdf/" not in status.text
                exception = RuntimeError("report failed") if failed else None
                break
            time.sleep(REPORT_POLL_SECONDS)
            status = self.get(
                location, "report status", think=False, headers={"HX-Request": "true"}
            )
        events.request.fire(
            request_type="REPORT", name="report ready (queue + render)",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0, exception=exception,
        )  # fmt: skip


class Planner(Portal):
    weight = 20
    role = "planner"

    @task
    def journey(self) -> None:
        self.journey_start()
        kreis = self.account["kreis"]
        self.get("/uebersicht/", "overview")
        listing = self.get(f"/kooperationen/?kreis={kreis}", "cooperation list")
        self.get(f"/kooperationen/matrix/?kreis={kreis}", "cooperation matrix")
        match = re.search(r'href="/kooperationen/(\d+)/"', listing.text)
        if match:
            self.get(f"/kooperationen/{match.group(1)}/", "cooperation detail")
        self.get(f"/sektoren/wasserversorgung/?kreis={kreis}", "sector page")
        self.compare_options([self.account["ags"], *self.account.get("partners", [])])


class Admin(Portal):
    weight = 5
    role = "admin"

    @task
    def journey(self) -> None:
        self.journey_start()
        self.get("/uebersicht/", "overview")
        self.get("/gemeinden/?q=Berg", "municipality search")
        self.get("/admin/", "admin index")
        self.get("/berichte/", "report list")


class GuideReader(Portal):
    weight = 5

    @task
    def journey(self) -> None:
        """Anonymous: every journey a new reader, without cookies."""
        self.journey_start()
        self.client.cookies.clear()
        self.get("/leitfaden/", "guide index")
        self.get("/leitfaden/organisationsformen/", "guide page")
        self.get("/leitfaden/suche/?q=Zweckverband", "guide search")
        self.get("/register/", "register")
