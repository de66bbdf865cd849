"""Where the time of a page goes: its queries and the functions that cost most.

For the database that `BENCH_KEEP_DB=1 make bench` leaves behind (drop it after
with `psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE lebenswert_bench'`):

    export DJANGO_SETTINGS_MODULE=bench.settings DJANGO_DEBUG=false \\
      DJANGO_HTTPS=false DJANGO_SECRET_KEY=profile LEBENSWERT_VAR_DIR=/tmp/lw-profile \\
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/lebenswert_bench \\
      REDIS_URL=redis://127.0.0.1:6379/6
    .venv/bin/python manage.py collectstatic --noinput -v0
    .venv/bin/python bench/profile_pages.py [PATH ...]

Everything runs in-process with Django's test client, logged in as the Eschwege
demo user (or PROFILE_USER) with the second factor. Times are the best of several
batches, so that other work on the machine disturbs them little.
"""

import cProfile
import os
import pstats
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lebenswert.accounts.models import User  # noqa: E402

PATHS = sys.argv[1:] or [
    "/_bench/bare/",
    "/_bench/layout/",
    "/gemeinden/",
    "/gemeinden/?q=Berg",
    "/gemeinden/06636003/",
]
PROFILED_REQUESTS = 20
TOP = int(os.environ.get("PROFILE_TOP", "20"))
DEMO_USER = "eschwege@demo.lebenswert.invalid"
# Django internals worth naming beside the project's own code.
WATCHED = {
    "_get_FIELD_display",
    "reverse",
    "has_perm",
    "get_user",
    "intcomma",
    "get_page",
}


def main() -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(HTTP_HOST="127.0.0.1")
    user = User.objects.get(email=os.environ.get("PROFILE_USER", DEMO_USER))
    client.force_login(user)
    session = client.session  # logged in with the app's code, as in bench/run.py
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    for path in PATHS:
        for _ in range(3):  # templates, connections, caches
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        captured = list(queries.captured_queries)  # the next request clears the log
        best = min(timeit.repeat(lambda p=path: client.get(p), number=5, repeat=8)) / 5
        print(
            f"\n=== {path}: {len(response.content)} bytes, best {best * 1000:.1f} ms "
            f"per request, {len(captured)} queries"
        )
        for query in captured:
            print(f"  SQL {query['sql'][:150]}")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(PROFILED_REQUESTS):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        rows = []
        for (filename, line, name), (_, calls, _, cumulative, _) in stats.stats.items():
            own = str(ROOT) in filename and "/.venv/" not in filename
            django_watched = "/django/" in filename and name in WATCHED
            if own or django_watched:
                short = filename.split("site-packages/")[-1]
                short = short.replace(str(ROOT) + "/", "")
                rows.append((cumulative, calls, f"{short}:{line}({name})"))
        rows.sort(reverse=True)
        for cumulative, calls, where in rows[:TOP]:
            share = cumulative / stats.total_tt * 100
            print(f"  {share:5.1f}%  {calls / PROFILED_REQUESTS:6.1f}/request  {where}")


if __name__ == "__main__":
    main()
