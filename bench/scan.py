"""`make scan`: wapiti against a production-like gunicorn on loopback.

A throwaway installation (DEBUG off, PostgreSQL and Redis when they answer on this
machine, else SQLite and local caches in a temporary folder; the demo data of
`seed_demo`) is scanned twice: anonymously and as the demo viewer of Sontra. Plain
HTTP (DJANGO_HTTPS=false), because nothing terminates TLS on loopback. The scan stays
on http://127.0.0.1:<port>/ (wapiti's folder scope), never logs out, sends no bug
reports, and its crawl and each attack module are bounded in time.

Prints findings per severity and exits 1 when a finding above "low" is not in
FALSE_POSITIVES below (each with its reason; the README's security section lists
them too), 2 when the scan could not run. The JSON reports and wapiti's output stay
in var/scan/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# bench/run.py, beside this file: the same gunicorn, login and database helpers.
from run import (
    PG_HOST,
    PG_PORT,
    BenchError,
    cookies_from,
    free_port,
    log_in,
    manage,
    production_env,
    psql,
    request,
    start_gunicorn,
    stop_process,
)

ROOT = Path(__file__).resolve().parent.parent
REPORT_DIR = ROOT / "var" / "scan"
DB_NAME = os.environ.get("SCAN_DB_NAME", "lebenswert_scan")
# Its own Redis database: flushed before the scan.
REDIS_URL = os.environ.get("SCAN_REDIS_URL", "redis://127.0.0.1:6379/8")
VIEWER = "sontra@demo.lebenswert.invalid"
DEMO_PASSWORD = "lebenswert-demo"

# Bounds: the crawl, and each attack module, stop after these many seconds.
CRAWL_SECONDS = int(os.environ.get("SCAN_CRAWL_SECONDS", "30"))
ATTACK_SECONDS = int(os.environ.get("SCAN_ATTACK_SECONDS", "15"))
WAPITI_TIMEOUT = 600  # a hard stop for one pass, should wapiti hang
# wapiti's default modules without ssrf (it needs an endpoint outside this machine,
# and the portal makes no outbound requests), plus the CSRF, CRLF and HTTP-method
# checks.
MODULES = "common,-ssrf,csrf,crlf,methods"
# Nothing that ends the session; not the static files (no parameters, the time is
# better spent on pages).
EXCLUDED_PATHS = ["/konto/abmelden/", "/static/*"]
# The language switch is one form per page (its "next" differs): attacked in the
# anonymous pass, left out of the viewer's so that its time goes to other forms.
VIEWER_EXCLUDED_PATHS = ["/sprache/"]

# wapiti run through its own Python with one repair: Debian's 3.0.4 compiles each
# --exclude pattern with its regex flags last, which Python 3.11 refuses (re.error),
# so any exclusion crashes the crawl. Where wapiti's own function works, it is kept.
WAPITI_SHIM = """
import re, sys
from wapitiCore.net import crawler
try:
    crawler.wildcard_translate("/")
except re.error:
    def wildcard_translate(pattern):
        body = "".join(".*" if c == "*" else re.escape(c) for c in pattern)
        return re.compile("(?ms)" + body + r"\\Z")
    crawler.wildcard_translate = wildcard_translate
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
"""

SEVERITIES = {"4": "critical", "3": "high", "2": "medium", "1": "low", "0": "info"}
BLOCKING = {"critical", "high", "medium"}


@dataclass(frozen=True)
class FalsePositive:
    """A kind of finding above "low" that is not a defect, and how to re-check it."""

    category: str
    info: str  # the finding's text starts with this
    reason: str
    # Called with (port, finding, cookie of the pass); True while still harmless.
    holds: Callable[[int, dict, str], bool]


def post_without_token_is_refused(port: int, finding: dict, cookie: str) -> bool:
    """The form's POST with the CSRF cookie but without the token answers 403."""
    _, response, _ = request("GET", port, "/konto/anmelden/")
    csrf = cookies_from(response)["csrftoken"]
    status, _, _ = request(
        "POST",
        port,
        finding["path"],
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(filter(None, [f"csrftoken={csrf}", cookie])),
            "Referer": f"http://127.0.0.1:{port}{finding['path']}",
        },
        body="wapiti=1",
    )
    return status == 403


# Keep README.md ("Sicherheitsprüfung von außen") in step with this list.
FALSE_POSITIVES = [
    FalsePositive(
        category="Cross Site Request Forgery",
        info="Lack of anti CSRF token",
        reason=(
            "wapiti 3.0.4 erkennt Token-Felder nur an festen Namen, Djangos heißt "
            "csrfmiddlewaretoken; nachgeprüft: derselbe POST ohne Token wird mit 403 "
            "abgewiesen"
        ),
        holds=post_without_token_is_refused,
    ),
    FalsePositive(
        category="Cross Site Request Forgery",
        info="CSRF token 'token' might be easy to predict",
        reason=(
            "„token“ ist im Formular des zweiten Faktors das Feld für den Code aus der "
            "App, kein CSRF-Token; wapiti hält es wegen des Namens dafür; nachgeprüft: "
            "derselbe POST ohne das echte Token wird mit 403 abgewiesen"
        ),
        holds=post_without_token_is_refused,
    ),
]


def log(message: str) -> None:
    print(f"[scan] {message}", file=sys.stderr, flush=True)


def reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError:
        return False
    return True


def scan_env(var_dir: Path, database_url: str | None, redis_url: str | None) -> dict:
    env = production_env(
        var_dir,
        DJANGO_SETTINGS_MODULE="lebenswert.settings",
        DJANGO_REQUIRE_SECRET_KEY="true",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        LEBENSWERT_DEMO="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def cookie_file(path: Path, cookie: str) -> Path:
    """The session cookie in wapiti's JSON cookie format (for -c)."""
    name, _, value = cookie.partition("=")
    attributes = {
        "value": value,
        "expires": None,
        "secure": False,
        "port": None,
        "version": 0,
    }
    path.write_text(json.dumps({"127.0.0.1": {"/": {name: attributes}}}))
    return path


def wapiti_python() -> str:
    """The interpreter named in the wapiti script's first line."""
    with open(shutil.which("wapiti") or "/usr/bin/wapiti") as script:
        return script.readline().removeprefix("#!").split()[0]


@dataclass
class Pass:
    """One wapiti run: its report, how long it took, which modules hit the bound."""

    name: str
    cookie: str
    report: dict
    seconds: float
    cut_short: list[str]
    resources: int  # URLs and forms the crawl found


def wapiti(
    base_url: str,
    work: Path,
    name: str,
    cookie: str = "",
    excluded: list[str] = EXCLUDED_PATHS,
) -> Pass:
    """One bounded wapiti pass over the installation at base_url."""
    report = work / f"{name}.json"
    command = [
        wapiti_python(),
        "-c",
        WAPITI_SHIM,
        "--url", base_url,
        "--scope", "folder",
        "--module", MODULES,
        "--depth", "5",
        # Fewer variants of one URL with other query values: more distinct pages.
        "--scan-force", "sneaky",
        "--max-links-per-page", "60",
        "--max-files-per-dir", "60",
        "--max-scan-time", str(CRAWL_SECONDS),
        "--max-attack-time", str(ATTACK_SECONDS),
        "--timeout", "10",
        "--flush-session",
        "--store-session", str(work / f"{name}-session"),
        "--store-config", str(work / f"{name}-config"),
        "--no-bugreport",
        "--verbose", "1",
        "--format", "json",
        "--output", str(report),
    ]  # fmt: skip
    for path in excluded:
        command += ["--exclude", base_url.rstrip("/") + path]
    if cookie:
        command += ["--cookie", str(cookie_file(work / f"{name}.cookies", cookie))]
    log(f"wapiti {name}: {' '.join(command[3:])}")
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # English category names; wapiti keeps its state under ~/.wapiti.
        env={**os.environ, "LANG": "C.UTF-8", "LANGUAGE": "en", "HOME": str(work)},
    )
    module = {"name": None, "since": 0.0, "stopped": False}
    cut_short: list[str] = []
    resources = 0
    lock = threading.Lock()

    def watchdog() -> None:
        # wapiti checks --max-attack-time only between two pages, and one page can
        # take a module minutes; past the bound it is interrupted the way wapiti
        # offers on Ctrl+C: "n" moves on to the next module, the report follows.
        while process.poll() is None:
            time.sleep(0.5)
            with lock:
                late = time.monotonic() - module["since"] > ATTACK_SECONDS + 5
                if module["name"] and late and not module["stopped"]:
                    module["stopped"] = True
                    cut_short.append(module["name"])
                    process.send_signal(signal.SIGINT)
                    process.stdin.write("n\n")
                    process.stdin.flush()
            if time.monotonic() - started > WAPITI_TIMEOUT:
                process.kill()

    threading.Thread(target=watchdog, daemon=True).start()
    with (work / f"{name}.log").open("w") as output:
        for line in process.stdout:
            output.write(line)
            crawled = re.search(r"Wapiti found (\d+) URLs and forms", line)
            resources = int(crawled.group(1)) if crawled else resources
            launched = re.search(r"Launching module (\w+)", line)
            if launched:
                with lock:
                    module.update(
                        name=launched.group(1), since=time.monotonic(), stopped=False
                    )
    if process.wait() != 0 or not report.is_file():
        raise BenchError(f"wapiti {name} failed (exit {process.returncode}), see log")
    return Pass(
        name=name,
        cookie=cookie,
        report=json.loads(report.read_text()),
        seconds=time.monotonic() - started,
        cut_short=cut_short,
        resources=resources,
    )


def findings(report: dict) -> list[dict]:
    """Vulnerabilities and anomalies (500s, timeouts) with severity and category."""
    found = []
    for section in ("vulnerabilities", "anomalies"):
        for category, items in report.get(section, {}).items():
            for item in items:
                severity = SEVERITIES.get(str(item.get("level")), "info")
                found.append({**item, "category": category, "severity": severity})
    return found


def known_false_positive(port: int, finding: dict, cookie: str) -> str | None:
    """The reason, if the finding is a documented false positive that still holds."""
    for known in FALSE_POSITIVES:
        if (
            finding["category"] == known.category
            and finding["info"].startswith(known.info)
            and known.holds(port, finding, cookie)
        ):
            return known.reason
    return None


def summarize(port: int, passes: list[Pass]) -> int:
    """Print findings per severity and pass; returns the number of blocking ones."""
    blocking = 0
    print("Externer Scan (wapiti) – Befunde je Schwere:")
    for scan in passes:
        found = findings(scan.report)
        counts = Counter(finding["severity"] for finding in found)
        per_severity = ", ".join(
            f"{severity} {counts.get(severity, 0)}"
            for severity in ("critical", "high", "medium", "low", "info")
        )
        print(
            f"  {scan.name}: {per_severity} "
            f"({scan.seconds:.0f} s, {scan.resources} URLs und Formulare)"
        )
        if scan.cut_short:
            print(f"    nach {ATTACK_SECONDS} s beendet: {', '.join(scan.cut_short)}")
        for finding in found:
            label = f"{finding['severity']} {finding['category']}"
            where = f"{finding['method']} {finding['path']}"
            if finding["severity"] not in BLOCKING:
                print(f"    - {label}: {where}: {finding['info']}")
                continue
            reason = known_false_positive(port, finding, scan.cookie)
            if reason:
                print(f"    - {label}: {where}: Fehlalarm ({reason})")
            else:
                blocking += 1
                print(f"    ! {label}: {where}: {finding['info']}")
                print(f"      {finding.get('curl_command', '')}")
    return blocking


def main() -> int:
    started = time.monotonic()
    if shutil.which("wapiti") is None:
        log("wapiti is not installed (Debian: apt-get install wapiti)")
        return 2
    var_dir = Path(tempfile.mkdtemp(prefix="lebenswert-scan-"))
    work = var_dir / "wapiti"
    work.mkdir()
    use_postgres = reachable(PG_HOST, PG_PORT)
    redis_url = REDIS_URL if reachable("127.0.0.1", 6379) else None
    database_url = (
        f"postgres://postgres@{PG_HOST}:{PG_PORT}/{DB_NAME}" if use_postgres else None
    )
    log(
        f"database: {database_url or 'SQLite in ' + str(var_dir)}; "
        f"cache and broker: {redis_url or 'local memory, filesystem'}"
    )
    env = scan_env(var_dir, database_url, redis_url)
    server = None
    try:
        if use_postgres:
            psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            psql(f'CREATE DATABASE "{DB_NAME}"')
        if redis_url:
            flush_redis(redis_url)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        port = free_port()
        server = start_gunicorn(env, port, var_dir / "gunicorn.log")
        base_url = f"http://127.0.0.1:{port}/"
        viewer_cookie = log_in(port, VIEWER, DEMO_PASSWORD)
        passes = [
            wapiti(base_url, work, "anonym"),
            wapiti(
                base_url,
                work,
                "viewer",
                viewer_cookie,
                [*EXCLUDED_PATHS, *VIEWER_EXCLUDED_PATHS],
            ),
        ]
        # The viewer pass must have stayed logged in, or it scanned the public pages.
        status, _, _ = request("GET", port, "/uebersicht/", {"Cookie": viewer_cookie})
        if status != 200:
            log(f"the viewer's session ended during the scan (/uebersicht/: {status})")
            return 2
        blocking = summarize(port, passes)
    except (BenchError, subprocess.SubprocessError, OSError) as error:
        log(f"failed: {error}")
        return 2
    finally:
        stop_process(server)
        REPORT_DIR.mkdir(parents=True, exist_ok=True)
        for path in [
            *work.glob("*.json"),
            *work.glob("*.log"),
            var_dir / "gunicorn.log",
        ]:
            if path.is_file():
                shutil.copy(path, REPORT_DIR / path.name)
        if use_postgres:
            psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)
    print(f"Dauer: {time.monotonic() - started:.0f} s; Berichte in {REPORT_DIR}/")
    if blocking:
        print(f"{blocking} Befunde über „low“, die kein bekannter Fehlalarm sind.")
        return 1
    print("Keine Befunde über „low“ außer bekannten Fehlalarmen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
