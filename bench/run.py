"""`make bench`: performance figures as one JSON object on stdout.

Progress goes to stderr. Everything runs on this machine against 127.0.0.1 only:

1. GV100AD import (the official file, 10,953 municipalities) into a fresh
   PostgreSQL database, timed twice (insert, then idempotent update).
2. seed_demo and the Werra-Meißner outlines.
3. gunicorn (2 sync workers, DEBUG off, Redis cache) serving bench.settings, and
   wrk (or a bounded Python keep-alive loop) against the bare floor view and the
   municipality pages, logged in as a demo user.
4. PDF reports (bench/reports.py): each kind against WeasyPrint alone on the same
   HTML, without the print stylesheet and fonts and with them, the
   Regionalbericht in seconds, jobs per minute with two Celery workers.
5. The option comparison for 7 partners when its cache misses, this checkout
   against the code before issue 13 (bench/options.py, option_comparison_uncached).

Page figures are judged against the floor measured in the same run: a page meets
the bar when its requests/s are at least half of the bare view's.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from reports import bench_reports  # bench/reports.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import floor, journeys, national, options  # noqa: E402
from bench.personas import OVERVIEW_USERS  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PYTHON = sys.executable
SHARED = Path(os.environ.get("LEBENSWERT_SHARED_DATA", ROOT.parent / "shared" / "data"))
GV100AD_FILE = SHARED / "destatis" / "GV100AD_30112025.txt"
BOUNDARIES_FILE = SHARED / "werra_meissner_gemeinden_vg5000_2021.geojson"
GV100AD_ROWS = 10_953
IMPORT_TARGET_SECONDS = 2.5  # issue 16: on a quiet machine, start-up included
RATIO_TARGET = 0.5

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
DB_NAME = os.environ.get("BENCH_DB_NAME", "lebenswert_bench")
DATABASE_URL = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{DB_NAME}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")

DEMO_USER = "eschwege@demo.lebenswert.invalid"
DEMO_PASSWORD = "lebenswert-demo"
# Reads the 5,000 synthetic cooperations (bench/scenarios.py synthetic-cooperations).
BENCH_PLANNER = "planung@bench.lebenswert.invalid"
BENCH_PASSWORD = "lebenswert-bench"

WORKERS = 2
WRK_THREADS = 2
WRK_CONNECTIONS = 8
WARMUP_SECONDS = 2
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
ROUND_SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
SUBPROCESS_TIMEOUT = 300

# name, path, compared with the floor?, who asks (DEMO_USER or BENCH_PLANNER)
PAGES = [
    ("bare", "/_bench/bare/", False, DEMO_USER),
    ("bare_layout", "/_bench/layout/", False, DEMO_USER),
    ("municipality_list", "/gemeinden/", True, DEMO_USER),
    ("municipality_search", "/gemeinden/?q=Berg", True, DEMO_USER),
    ("municipality_detail", "/gemeinden/06636003/", True, DEMO_USER),
    ("sector_werra_meissner", "/sektoren/wasserversorgung/?kreis=06636", True,
     DEMO_USER),
    ("sector_400_municipalities", "/sektoren/wasserversorgung/?kreis=16999", True,
     DEMO_USER),
    # A Kreis of 400 municipalities and 5,000 cooperations, read by its planner.
    ("cooperation_list_5000", "/kooperationen/?kreis=16999", True, BENCH_PLANNER),
    ("cooperation_search_5000", "/kooperationen/?query=00042&kreis=16999", True,
     BENCH_PLANNER),
    ("cooperation_detail_5000", "/kooperationen/{detail_pk}/", True, BENCH_PLANNER),
    ("cooperation_matrix_5000", "/kooperationen/matrix/?kreis=16999", True,
     BENCH_PLANNER),
    ("cooperation_network_5000", "/kooperationen/netz/?kreis=16999", True,
     BENCH_PLANNER),
    *[(name, path, compared, DEMO_USER) for name, path, compared in options.PAGES],
    # The API (issue 17): a list and a detail, JSON instead of a page.
    ("api_municipality_list", "/api/v1/municipalities/?kreis=06636", True,
     DEMO_USER),
    ("api_municipality_detail", "/api/v1/municipalities/06636003/", True, DEMO_USER),
    ("api_value_list", "/api/v1/values/?kreis=06636", True, DEMO_USER),
    # The page everyone lands on after the login, for each role (issue 16).
    *[(f"overview_{role}", "/uebersicht/", True, email)
      for email, role in OVERVIEW_USERS.items()],
]  # fmt: skip
# After a change to the register every cached page is built anew: these are timed
# once per round right after raising the register's version.
COLD_PAGES = [
    "cooperation_list_5000", "cooperation_detail_5000", "cooperation_matrix_5000",
    "option_comparison_7_partners",
]  # fmt: skip
COLD_ROUNDS = 5

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------- setup


def production_env(var_dir: Path, **settings: str) -> dict[str, str]:
    """This shell's environment without the portal's own variables, plus a
    production-like configuration on loopback (DEBUG off, plain HTTP) and `settings`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "LEBENSWERT_", "REDIS_"))
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        LEBENSWERT_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
        **settings,
    )
    return env


def bench_env(var_dir: Path) -> dict[str, str]:
    return production_env(
        var_dir,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        LEBENSWERT_DEMO="false",
        LOG_LEVEL="WARNING",
        # The API's rate limits would answer 429 to the load generator.
        LEBENSWERT_API_RATE_ANON="100000000/min",
        LEBENSWERT_API_RATE_TOKEN="100000000/min",
    )


def run(args: list[str], env: dict[str, str], what: str) -> float:
    """Run a command in the project root; its output goes to stderr. Returns seconds."""
    log(f"{what}: {' '.join(str(a) for a in args)}")
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [str(a) for a in args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=SUBPROCESS_TIMEOUT,
            text=True,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{what} took longer than {SUBPROCESS_TIMEOUT} s") from error
    elapsed = time.perf_counter() - started
    output = result.stdout.strip()
    if output:
        tail = "\n".join(output.splitlines()[-15:])
        print(tail, file=sys.stderr, flush=True)
    if result.returncode != 0:
        raise BenchError(f"{what} failed with exit code {result.returncode}")
    return elapsed


def manage(env: dict[str, str], *args: str | Path, what: str | None = None) -> float:
    return run([PYTHON, "manage.py", *args], env, what or f"manage.py {args[0]}")


def scenario(env: dict[str, str], name: str) -> dict:
    """Run a bench/scenarios.py scenario and return its JSON result."""
    log(f"scenario {name}")
    result = subprocess.run(
        [PYTHON, "bench/scenarios.py", name],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=SUBPROCESS_TIMEOUT,
        text=True,
    )
    if result.returncode != 0:
        raise BenchError(f"scenario {name} failed: {result.stderr.strip()[-800:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def psql(sql: str, database: str = "postgres") -> None:
    psql_bin = shutil.which("psql")
    if psql_bin:
        subprocess.run(
            [
                psql_bin,
                "-h",
                PG_HOST,
                "-p",
                str(PG_PORT),
                "-U",
                PG_USER,
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-c",
                sql,
            ],
            check=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            stdout=sys.stderr,
            stderr=sys.stderr,
        )
        return
    import psycopg2

    connection = psycopg2.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=database
    )
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def drop_database() -> None:
    psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def flush_cache() -> None:
    """Empty the bench's Redis database: the new bench database starts its data
    versions at 1 again, so pages cached by an earlier run would match them."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def check_services() -> None:
    for name, host, port in (
        ("PostgreSQL", PG_HOST, PG_PORT),
        ("Redis", "127.0.0.1", 6379),
    ):
        try:
            socket.create_connection((host, port), timeout=3).close()
        except OSError as error:
            raise BenchError(
                f"{name} is not reachable on {host}:{port}: {error}"
            ) from None


def count_municipalities(env: dict[str, str]) -> int:
    out = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from municipalities.models import Municipality; "
            "print(Municipality.objects.count())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    gunicorn = VENV_BIN / "gunicorn"
    if not gunicorn.exists():
        raise BenchError(f"{gunicorn} is missing (pip install -e .)")
    args = [
        str(gunicorn),
        "lebenswert.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--chdir",
        str(ROOT),
        "--timeout",
        "60",
        "--log-level",
        "warning",
        "--error-logfile",
        "-",
    ]
    log(f"gunicorn: {' '.join(args)}")
    handle = log_path.open("w")
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=handle,
        stderr=handle,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(
                f"gunicorn exited with {process.returncode}:\n{tail(log_path)}"
            )
        try:
            status, _, _ = request("GET", port, "/healthz/")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    raise BenchError(
        f"gunicorn did not answer /healthz/ within 30 s:\n{tail(log_path)}"
    )


def stop_process(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    log(f"stopping gunicorn (pid {process.pid})")
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: master and workers
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --------------------------------------------------------------------------- http


def request(
    method: str,
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> tuple[int, http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response, response.read()
    finally:
        connection.close()


def cookies_from(response: http.client.HTTPResponse) -> dict[str, str]:
    cookies = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


def log_in(
    port: int,
    user: str = DEMO_USER,
    password: str = DEMO_PASSWORD,
    totp_key: str | None = None,
) -> str:
    """Log in through the real forms (password, then the app's code); returns the
    Cookie header value."""
    status, response, body = request("GET", port, "/konto/anmelden/")
    if status != 200:
        raise BenchError(f"GET /konto/anmelden/ answered {status}")
    cookies = cookies_from(response)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if "csrftoken" not in cookies or not match:
        raise BenchError("the login page set no CSRF cookie or token")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": user,
            "password": password,
        }
    )
    status, response, _ = request(
        "POST",
        port,
        "/konto/anmelden/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://127.0.0.1:{port}/konto/anmelden/",
        },
        body=form,
    )
    after_password = cookies_from(response)
    session = after_password.get("sessionid")
    if status != 302 or not session:
        raise BenchError(f"login as {user} failed (status {status}, no session cookie)")
    if totp_key:
        second_factor(port, session, after_password.get("csrftoken"), totp_key)
    return f"sessionid={session}"


def second_factor(port: int, session: str, csrf: str | None, key_hex: str) -> None:
    """The code step of the login, with the code an authenticator app shows now."""
    from django_otp.oath import totp

    cookie = f"sessionid={session}" + (f"; csrftoken={csrf}" if csrf else "")
    status, response, body = request(
        "GET", port, "/konto/zweiter-faktor/", headers={"Cookie": cookie}
    )
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    csrf = cookies_from(response).get("csrftoken", csrf)
    if status != 200 or not match or not csrf:
        raise BenchError(f"GET /konto/zweiter-faktor/ answered {status}")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "token": f"{totp(bytes.fromhex(key_hex)):06d}",
        }
    )
    status, _, _ = request(
        "POST",
        port,
        "/konto/zweiter-faktor/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{port}/konto/zweiter-faktor/",
        },
        body=form,
    )
    if status != 302:
        raise BenchError(f"the second factor was refused (status {status})")


def check_page(port: int, path: str, cookie: str) -> int:
    status, _, body = request("GET", port, path, headers={"Cookie": cookie})
    if status != 200:
        raise BenchError(f"GET {path} answered {status}, not 200")
    return len(body)


# --------------------------------------------------------------------------- load


UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise BenchError(f"cannot read wrk duration {text!r}")
    return float(match.group(1)) * UNIT_MS[match.group(2)]


def run_wrk(wrk: str, port: int, path: str, cookie: str, seconds: int) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    args = [
        wrk,
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    result = subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        raise BenchError(
            f"wrk failed: {result.stderr.strip() or result.stdout.strip()}"
        )
    out = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    total = re.search(r"(\d+) requests in", out)
    if not (rps and p50 and total):
        raise BenchError(f"cannot read wrk output:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:(.*)", out)
    if bad and int(bad.group(1)):
        raise BenchError(f"{path}: {bad.group(1)} non-2xx/3xx responses under load")
    figures = {
        "rps": round(float(rps.group(1)), 1),
        "median_ms": round(parse_duration_ms(p50.group(1)), 2),
        "p99_ms": round(parse_duration_ms(p99.group(1)), 2) if p99 else None,
        "requests": int(total.group(1)),
    }
    if errors:
        figures["socket_errors"] = errors.group(1).strip()
    return figures


def run_python_load(port: int, path: str, cookie: str, seconds: float) -> dict:
    """Fallback without wrk: keep-alive clients in threads, bounded in time, count."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    max_requests = 200_000
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if len(latencies) >= max_requests:
                        return
                started = time.perf_counter()
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    if response.status != 200:
                        failures.append(str(response.status))
                        return
                    latencies.append(elapsed)
        except (OSError, http.client.HTTPException) as error:
            with lock:
                failures.append(repr(error))
        finally:
            connection.close()

    started = time.monotonic()
    threads = [
        threading.Thread(target=client, daemon=True) for _ in range(WRK_CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 15)
    wall = time.monotonic() - started
    if failures:
        raise BenchError(f"{path}: load loop failed: {failures[:3]}")
    if not latencies:
        raise BenchError(f"{path}: no request completed")
    latencies.sort()
    return {
        "rps": round(len(latencies) / wall, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "requests": len(latencies),
    }


def wrk_path() -> str | None:
    """wrk if installed; BENCH_LOAD_TOOL=python forces the fallback loop."""
    if os.environ.get("BENCH_LOAD_TOOL", "wrk") == "python":
        return None
    return shutil.which("wrk")


def load(port: int, path: str, cookie: str, seconds: int) -> dict:
    wrk = wrk_path()
    if wrk:
        return run_wrk(wrk, port, path, cookie, seconds)
    return run_python_load(port, path, cookie, seconds)


def measure_pages(
    master: int, port: int, plan: list[tuple[str, str, bool, str]]
) -> dict[str, dict]:
    """Warm every URL, then measure them in interleaved rounds.

    The machine may be shared, so background load drifts over a minute; each round
    measures the floor and every page back to back, and the figures are medians over
    the rounds (the ratio is the median of the per-round ratios).
    """
    for name, path, _, cookie in plan:
        log(f"warm-up {name} {path} ({WARMUP_SECONDS} s)")
        load(port, path, cookie, WARMUP_SECONDS)
    rounds: dict[str, list[dict]] = {name: [] for name, *_ in plan}
    for number in range(1, ROUNDS + 1):
        for name, path, _, cookie in plan:
            figures = load_with_cpu(master, port, path, cookie, ROUND_SECONDS)
            rounds[name].append(figures)
            log(
                f"round {number}/{ROUNDS} {name}: {figures['rps']} req/s, "
                f"median {figures['median_ms']} ms, CPU/request "
                f"{figures['cpu_app_ms']:.2f} ms app + {figures['cpu_db_ms']:.2f} ms db"
            )
    pages: dict[str, dict] = {}
    floor = rounds["bare"]
    for name, path, compared, _ in plan:
        own = rounds[name]
        figures = {
            "path": path,
            "rps": round(statistics.median(r["rps"] for r in own), 1),
            "median_ms": round(statistics.median(r["median_ms"] for r in own), 2),
            "p99_ms": round(statistics.median(r["p99_ms"] or 0 for r in own), 2),
            "requests": sum(r["requests"] for r in own),
            "rps_rounds": [r["rps"] for r in own],
            "cpu_ms_per_request": {
                "app": round(statistics.median(r["cpu_app_ms"] for r in own), 2),
                "db": round(statistics.median(r["cpu_db_ms"] for r in own), 2),
            },
        }
        if name != "bare":
            ratio = statistics.median(
                r["rps"] / f["rps"] for r, f in zip(own, floor, strict=True)
            )
            figures["rps_ratio_to_bare"] = round(ratio, 3)
            cpu_ratio = statistics.median(
                (f["cpu_app_ms"] + f["cpu_db_ms"]) / (r["cpu_app_ms"] + r["cpu_db_ms"])
                for r, f in zip(own, floor, strict=True)
                if r["cpu_app_ms"] + r["cpu_db_ms"] > 0
            )
            figures["cpu_ratio_to_bare"] = round(cpu_ratio, 3)
            if compared:
                figures["meets_target"] = ratio >= RATIO_TARGET
        pages[name] = figures
    return pages


def measure_cold(port: int, pages: list[tuple[str, str, bool, str]]) -> dict:
    """Latency of the first request after a change to the register (caches void)."""
    wanted = {name: (path, cookie) for name, path, _, cookie in pages}
    timings: dict[str, list[float]] = {name: [] for name in COLD_PAGES}
    for _ in range(COLD_ROUNDS):
        for name in COLD_PAGES:
            path, cookie = wanted[name]
            psql(
                "UPDATE core_dataversion SET version = version + 1 "
                "WHERE scope = 'cooperations'",
                database=DB_NAME,
            )
            started = time.perf_counter()
            status, _, _ = request("GET", port, path, headers={"Cookie": cookie})
            timings[name].append(time.perf_counter() - started)
            if status != 200:
                raise BenchError(f"GET {path} after a change answered {status}")
    return {
        name: {
            "path": wanted[name][0],
            "median_ms": round(statistics.median(values) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1),
            "rounds": len(values),
        }
        for name, values in timings.items()
    }


LOGIN_ROUNDS = 10


def measure_login(port: int, cookie: str) -> dict:
    """The password step of the login (login page + POST, as a browser does it)
    against the bare view in the same loop: the password hash dominates it."""
    logins, bare = [], []
    for _ in range(LOGIN_ROUNDS):
        started = time.perf_counter()
        request("GET", port, "/_bench/bare/", headers={"Cookie": cookie})
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        log_in(port)
        logins.append(time.perf_counter() - started)
    login_ms = statistics.median(logins) * 1000
    bare_ms = statistics.median(bare) * 1000
    return {
        "rounds": LOGIN_ROUNDS,
        "login_median_ms": round(login_ms, 1),
        "login_max_ms": round(max(logins) * 1000, 1),
        "bare_median_ms": round(bare_ms, 1),
        "ratio_to_bare": round(login_ms / bare_ms, 1),
    }


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def postgres_backend_pids() -> list[int]:
    psql_bin = shutil.which("psql")
    if not psql_bin:
        return []
    result = subprocess.run(
        [
            psql_bin,
            "-h",
            PG_HOST,
            "-p",
            str(PG_PORT),
            "-U",
            PG_USER,
            "-d",
            "postgres",
            "-At",
            "-c",
            "SELECT pid FROM pg_stat_activity "
            f"WHERE datname = '{DB_NAME}' AND pid <> pg_backend_pid()",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    return [int(line) for line in result.stdout.split() if line.isdigit()]


def load_with_cpu(master: int, port: int, path: str, cookie: str, seconds: int) -> dict:
    """Load one URL and charge the CPU time of the gunicorn workers and of the
    PostgreSQL backends serving them to its requests: unlike requests/s this hardly
    moves when other processes compete for the cores."""
    groups = {"app": worker_pids(master), "db": postgres_backend_pids()}
    every_pid = [pid for group in groups.values() for pid in group]
    before = {pid: journeys.cpu_seconds(pid) for pid in every_pid}
    figures = load(port, path, cookie, seconds)
    # Connections older than CONN_MAX_AGE are replaced: a backend that started
    # during the run is charged from zero (one that ended is lost, rarely).
    groups["db"] = sorted(set(groups["db"]) | set(postgres_backend_pids()))
    for group, pids in groups.items():
        spent = 0.0
        for pid in pids:
            after = journeys.cpu_seconds(pid)
            if after is not None:
                spent += after - (before.get(pid) or 0.0)
        figures[f"cpu_{group}_ms"] = spent * 1000 / max(figures["requests"], 1)
    return figures


def loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# --------------------------------------------------------------------------- main


def machine() -> dict:
    import django

    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "database": "postgresql",
        "server": f"gunicorn, {WORKERS} sync workers",
        "load_tool": (
            f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{ROUND_SECONDS}s"
            if wrk_path()
            else f"python http.client, {WRK_CONNECTIONS} keep-alive clients, "
            f"{ROUND_SECONDS}s"
        )
        + f", {ROUNDS} interleaved rounds after {WARMUP_SECONDS}s warm-up per URL",
        "loadavg_at_start": loadavg(),
    }


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_import(env: dict[str, str], notes: list[str]) -> dict:
    startup = manage(env, "check", what="Django start-up (manage.py check)")
    cpu_before = children_cpu_seconds()
    first = manage(env, "import_gv100ad", GV100AD_FILE, what="GV100AD import (insert)")
    cpu_first = children_cpu_seconds() - cpu_before
    repeat = manage(env, "import_gv100ad", GV100AD_FILE, what="GV100AD import (repeat)")
    cpu_repeat = children_cpu_seconds() - cpu_before - cpu_first
    rows = count_municipalities(env)
    if rows != GV100AD_ROWS:
        raise BenchError(
            f"after the import there are {rows} municipalities, not {GV100AD_ROWS}"
        )
    notes.append(
        "import seconds are wall time of `manage.py import_gv100ad` as a subprocess, "
        f"including Django start-up (manage.py check alone: {startup:.2f} s); "
        "python_cpu_seconds = CPU of the manage.py process (PostgreSQL not counted)"
    )
    worst = max(first, repeat)
    return {
        "file": GV100AD_FILE.name,
        "rows": rows,
        "seconds_first": round(first, 2),
        "seconds_repeat": round(repeat, 2),
        "python_cpu_seconds_first": round(cpu_first, 2),
        "python_cpu_seconds_repeat": round(cpu_repeat, 2),
        "django_startup_seconds": round(startup, 2),
        "target_seconds": IMPORT_TARGET_SECONDS,
        "meets_target": worst <= IMPORT_TARGET_SECONDS,
    }


# The Kreis with the most municipalities (issue 16): its planner and an editor
# there read the national pages.
NATIONAL_KREIS = "07232"
NATIONAL_RATIO_TARGET = 0.4


def bench_national(
    env: dict[str, str], master: int, port: int, plan: list, notes: list[str]
) -> dict:
    """Issue 16 at national scale: generate the data set (bench/national.py), the
    pilot pages again plus a large Kreis's pages, against the bare view in the same
    run, the first request after a change, then the Locust journeys."""
    if os.environ.get("BENCH_NATIONAL", "1") == "0":
        notes.append("BENCH_NATIONAL=0: national scale and Locust journeys skipped")
        return {}
    log("national scale: directory, 2 million values, 50,000 cooperations, 5,000 users")
    generated = national.bench_generate(env)
    logins = json.loads(Path(generated["logins_file"]).read_text())
    planner = next(
        (p for p in logins["planner"] if p["kreis"] == NATIONAL_KREIS),
        logins["planner"][0],
    )
    editor = next(s for s in logins["staff"] if s["kreis"] == planner["kreis"])
    cookies = {
        who: log_in(port, account["email"], logins["password"], account["key"])
        for who, account in (("planner", planner), ("editor", editor))
    }
    kreis = planner["kreis"]
    national_plan = [*plan, *[
        ("cooperation_list_national", f"/kooperationen/?kreis={kreis}", "planner"),
        ("cooperation_matrix_national", f"/kooperationen/matrix/?kreis={kreis}",
         "planner"),
        ("cooperation_network_national", f"/kooperationen/netz/?kreis={kreis}",
         "planner"),
        ("sector_national", f"/sektoren/wasserversorgung/?kreis={kreis}", "planner"),
        ("overview_national_planner", "/uebersicht/", "planner"),
        ("overview_national_editor", "/uebersicht/", "editor"),
        ("municipality_detail_national", f"/gemeinden/{editor['ags']}/", "editor"),
    ]]  # fmt: skip
    national_plan = [
        entry if len(entry) == 4 else (entry[0], entry[1], True, cookies[entry[2]])
        for entry in national_plan
    ]
    for _name, path, _, cookie in national_plan:
        check_page(port, path, cookie)
    notes.append(
        "pages_national: the same pages (and a Kreis of "
        f"{kreis}'s size read by its planner and an editor) after bench/national.py "
        "added the national data set; ratios to the bare view measured in that phase; "
        f"meets_target = ratio >= {NATIONAL_RATIO_TARGET}"
    )
    pages = measure_pages(master, port, national_plan)
    for page in pages.values():
        if "meets_target" in page:  # issue 16: at national scale 0.4 suffices
            page["meets_target"] = page["rps_ratio_to_bare"] >= NATIONAL_RATIO_TARGET
    figures = {
        "national_data": generated,
        "pages_national": pages,
        "cooperation_pages_after_a_change_national": measure_cold(port, national_plan),
    }
    log(f"Locust journeys: {journeys.USERS} users, {journeys.SECONDS} s")
    logins_file = Path(generated["logins_file"])
    figures["locust"] = journeys.bench_journeys(env, port, logins_file)
    if "error" in figures["locust"]:
        notes.append("Locust journeys failed: " + figures["locust"]["error"][-300:])
    return figures


def main() -> int:
    started = time.monotonic()
    notes: list[str] = []
    result: dict = {"machine": machine()}
    var_dir = Path(tempfile.mkdtemp(prefix="lebenswert-bench-"))
    env = bench_env(var_dir)
    server: subprocess.Popen | None = None
    database_created = False
    try:
        if not GV100AD_FILE.is_file():
            # Every figure needs the official directory; nothing to set up without it.
            message = f"{GV100AD_FILE} is missing"
            if CI:
                raise BenchError(message)
            notes.append(f"skipped: {message}")
            result["import_gv100ad"] = {"skipped": True, "reason": message}
            result["pages"] = {"skipped": True, "reason": message}
            return finish(result, notes, started)
        check_services()
        log(f"fresh database {DB_NAME}")
        drop_database()
        flush_cache()
        psql(f'CREATE DATABASE "{DB_NAME}"')
        database_created = True
        manage(env, "migrate", "--noinput")
        result["import_gv100ad"] = bench_import(env, notes)

        manage(env, "seed_demo")
        if BOUNDARIES_FILE.is_file():
            manage(env, "import_boundaries", BOUNDARIES_FILE)
        else:
            notes.append(
                f"{BOUNDARIES_FILE.name} missing: detail page without outlines"
            )
        result["synthetic_kreis"] = scenario(env, "synthetic-kreis")
        synthetic = scenario(env, "synthetic-cooperations")
        result["synthetic_cooperations"] = synthetic
        totp_keys = scenario(env, "second-factor")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        # Steady state: autovacuum would soon analyse the freshly imported tables.
        psql("ANALYZE", database=DB_NAME)

        port = free_port()
        server = start_gunicorn(env, port, var_dir / "gunicorn.log")
        cookies = {
            email: log_in(port, email, DEMO_PASSWORD, totp_key=totp_keys[email])
            for email in OVERVIEW_USERS
        }
        cookies[BENCH_PLANNER] = log_in(
            port, BENCH_PLANNER, BENCH_PASSWORD, totp_key=totp_keys[BENCH_PLANNER]
        )
        plan = [
            (name, path.format(**synthetic), compared, cookies[user])
            for name, path, compared, user in PAGES
        ]
        for _name, path, _, cookie in plan:
            size = check_page(port, path, cookie)
            log(f"GET {path}: 200, {size} bytes")

        load_before = loadavg()
        pages = measure_pages(server.pid, port, plan)
        result["cooperation_pages_after_a_change"] = measure_cold(port, plan)
        result["login"] = measure_login(port, cookies[DEMO_USER])
        result["machine"]["loadavg_before_load"] = load_before
        if load_before and load_before[0] > 0.5 * (os.cpu_count() or 1):
            notes.append(
                f"machine was busy before the load phase (loadavg {load_before}): "
                "absolute figures are low and noisy; the ratios are the figures to read"
            )
        result["pages"] = pages
        result.update(bench_national(env, server.pid, port, plan, notes))
        stop_process(server)
        server = None
        log("floor: Django's default middleware, the project's, the empty layout")
        result["floor"] = floor.run_floor(env)
        result["csv_import"] = scenario(env, "csv-import")
        log("reports: full path vs WeasyPrint alone, jobs per minute")
        result["reports"] = bench_reports(env)
        if "error" in result["reports"]:
            notes.append("reports bench failed: " + result["reports"]["error"][-300:])
        log("guide search over all pages")
        result["guide_search"] = options.run_guide_search(env)
        log(f"option comparison uncached: this checkout vs {options.BASELINE_COMMIT}")
        result["option_comparison_uncached"] = options.run_option_comparison_uncached(
            env, psql, DB_NAME
        )
        if "error" in result["option_comparison_uncached"]:
            notes.append(
                "option_comparison_uncached failed: "
                + result["option_comparison_uncached"]["error"][-300:]
            )
        result["page_target"] = {"rps_ratio_to_bare_at_least": RATIO_TARGET}
        notes.append(
            "bare = tiny template behind the same middleware and login (the floor); "
            "bare_layout = base.html with empty content, for information; "
            "meets_target = rps_ratio_to_bare >= 0.5; cpu_ratio_to_bare = floor's "
            "CPU per request (gunicorn workers + PostgreSQL backends) / the page's, "
            "the steadier figure on a shared machine; tables ANALYZEd after the imports"
        )
        notes.append(
            "option_comparison_uncached: issue 13's target, the 7-partner comparison "
            "when its page cache misses, in-process (median ms of "
            f"{options.UNCACHED_RUNS} requests per tree, wall and CPU), against "
            f"{options.BASELINE_COMMIT} (before issue 13) measured in the same run in "
            "alternating batches, each tree on a fresh seed_demo database; three "
            "figures: after_a_change (same address after a register change: parts "
            "kept by the data they show are reused), new_inputs (a set-up cost never "
            "asked before on every request: form and cost tables drawn anew), "
            "cold_cache (nothing cached, sessions and role facts included); "
            "meets_target = wall_ratio <= 1.5"
        )
        notes.append(
            "cooperation pages and the option comparison: cached per data version and "
            "visibility like the municipality pages, so the load figures are the "
            "steady state of readers; "
            "cooperation_pages_after_a_change = first request after raising the "
            "register's version (what the first reader after an edit waits); editors "
            "get the detail page uncached (their forms carry CSRF tokens)"
        )
        failed = [
            name
            for name, figures in pages.items()
            if figures.get("meets_target") is False
        ]
        if failed:
            notes.append("below the page target: " + ", ".join(failed))
        server_log = tail(var_dir / "gunicorn.log", 10)
        if server_log:
            notes.append("gunicorn log tail: " + server_log.replace("\n", " | ")[-500:])
        return finish(result, notes, started)
    except (BenchError, subprocess.CalledProcessError) as error:
        log(f"FAILED: {error}")
        result["error"] = str(error)
        finish(result, notes, started)
        return 1
    finally:
        stop_process(server)
        if database_created and os.environ.get("BENCH_KEEP_DB") == "1":
            log(f"BENCH_KEEP_DB=1: {DB_NAME} kept for profiling")
        elif database_created:
            try:
                drop_database()
            except (subprocess.SubprocessError, OSError) as error:
                log(f"could not drop {DB_NAME}: {error}")
        shutil.rmtree(var_dir, ignore_errors=True)


def finish(result: dict, notes: list[str], started: float) -> int:
    result["notes"] = notes
    result["bench_seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, ensure_ascii=False, indent=2), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
