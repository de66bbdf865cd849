"""Settings for the test suite: the project's, with every folder the portal
writes to (SQLite, private files, media, Celery's broker folders, the secret key)
in a temporary folder instead of the installation's var/.

Read before Django starts (pyproject.toml: DJANGO_SETTINGS_MODULE), because the
storages take their folders when they are made. Worker processes the tests
start inherit the environment and so use the same folder; tests/conftest.py
removes it after the run.
"""

import os
import tempfile

if "LEBENSWERT_TEST_VAR_DIR" not in os.environ:
    # The test run itself (not a worker it started): nothing of an installation.
    os.environ["LEBENSWERT_TEST_VAR_DIR"] = tempfile.mkdtemp(prefix="lebenswert-test-")
    for name in (
        "DJANGO_MEDIA_ROOT",
        "DJANGO_STATIC_ROOT",
        "LEBENSWERT_PRIVATE_ROOT",
        "LEBENSWERT_CELERY_DIR",
    ):
        os.environ.pop(name, None)
os.environ["LEBENSWERT_VAR_DIR"] = os.environ["LEBENSWERT_TEST_VAR_DIR"]

from lebenswert.settings import *  # noqa: E402, F403

# A worker a test starts (tests/workers.py) takes its test queue as the default,
# so that what it sends itself (a recovered job) comes back to it.
if _test_queue := os.environ.get("LEBENSWERT_TEST_QUEUE"):
    CELERY_TASK_DEFAULT_QUEUE = _test_queue
