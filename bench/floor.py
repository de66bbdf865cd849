"""The floor in CPU per request (issue 16): what the project's middleware and the
empty layout cost, in-process, against Django's default middleware.

    python bench/floor.py          # the JSON object that `make bench` reports
    python bench/floor.py profile  # where the project stack's time goes

Three clients share one process and one logged-in session (password and app
code, as after a real login): the bare view behind Django's default middleware
(what `startproject` lists), the same view behind the project's middleware, and
the empty layout (`base.html`) behind the project's middleware. Requests go in
alternating batches, so that drift on a shared machine hits all three; figures
are medians of the CPU time of this process (the database's is not counted: the
queries are listed instead).
"""

import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

DJANGO_DEFAULT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
BARE, LAYOUT = "/_bench/bare/", "/_bench/layout/"
MIDDLEWARE_TARGET_MS = 1.5
LAYOUT_TARGET_MS = 1.0
BATCHES = int(os.environ.get("BENCH_FLOOR_BATCHES", "10"))
PER_BATCH = int(os.environ.get("BENCH_FLOOR_REQUESTS", "100"))
DEMO_USER = "eschwege@demo.lebenswert.invalid"


def clients(user) -> dict:
    """name → (client, path); each client's middleware chain is built on its
    first request, under the middleware it is meant to have."""
    from django.test import Client, override_settings
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session_client = Client(HTTP_HOST="127.0.0.1")
    session_client.force_login(user)
    session = session_client.session
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    cookie = session_client.cookies
    made = {}
    for name, path, middleware in (
        ("django_default_stack", BARE, DJANGO_DEFAULT_MIDDLEWARE),
        ("project_stack", BARE, None),
        ("project_stack_layout", LAYOUT, None),
    ):
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies = cookie
        if middleware is None:
            response = client.get(path)
        else:
            with override_settings(MIDDLEWARE=middleware):
                response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{name} {path} answered {response.status_code}")
        made[name] = (client, path)
    return made


def queries_of(client, path) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return [query["sql"][:120] for query in captured.captured_queries]


def measure() -> dict:
    import django

    django.setup()
    from lebenswert.accounts.models import User

    made = clients(User.objects.get(email=DEMO_USER))
    for client, path in made.values():  # templates, connections, caches
        for _ in range(20):
            client.get(path)
    cpu: dict[str, list[float]] = {name: [] for name in made}
    for _batch in range(BATCHES):
        for name, (client, path) in made.items():
            for _ in range(PER_BATCH):
                started = time.process_time()
                client.get(path)
                cpu[name].append((time.process_time() - started) * 1000)
    median = {name: statistics.median(values) for name, values in cpu.items()}
    middleware = median["project_stack"] - median["django_default_stack"]
    layout = median["project_stack_layout"] - median["project_stack"]
    return {
        "requests_per_client": BATCHES * PER_BATCH,
        "cpu_ms_per_request": {name: round(value, 3) for name, value in median.items()},
        "project_middleware_over_django_ms": round(middleware, 3),
        "empty_layout_ms": round(layout, 3),
        "middleware_target_ms": MIDDLEWARE_TARGET_MS,
        "layout_target_ms": LAYOUT_TARGET_MS,
        "meets_target": middleware <= MIDDLEWARE_TARGET_MS
        and layout <= LAYOUT_TARGET_MS,
        "queries_per_request": {
            name: len(queries_of(client, path)) for name, (client, path) in made.items()
        },
    }


def profile() -> None:
    import django

    django.setup()
    from lebenswert.accounts.models import User

    made = clients(User.objects.get(email=DEMO_USER))
    for name, (client, path) in made.items():
        for _ in range(20):
            client.get(path)
        print(f"\n=== {name} {path}: queries")
        for sql in queries_of(client, path):
            print(f"  {sql}")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(200):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(int(os.environ.get("TOP", "45")))


def run_floor(env: dict[str, str], timeout: int = 600) -> dict:
    """Called by bench/run.py: the figures from a process of their own."""
    from bench.options import json_of

    return json_of(["bench/floor.py"], env, timeout)


if __name__ == "__main__":
    if sys.argv[1:] == ["profile"]:
        profile()
    else:
        print(json.dumps(measure()))
