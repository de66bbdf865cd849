"""`make run` ends web server and worker within 15 s of a SIGTERM to its process
group, as a supervisor or `docker stop` sends it."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.worker

STOP_WITHIN = 15.0
START_WITHIN = 300.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _process_table() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, state) of every process, from /proc."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended meanwhile
        # The command name may contain spaces and parentheses; it ends at the last ")".
        state, parent = text.rsplit(")", 1)[1].split()[:2]
        table[int(stat.parent.name)] = (int(parent), state)
    return table


def _family(root: int) -> set[int]:
    table = _process_table()
    family, todo = {root}, [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, _state) in table.items():
            if ppid == parent and pid not in family:
                family.add(pid)
                todo.append(pid)
    return family


def _running(pids: set[int]) -> set[int]:
    table = _process_table()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}


def _describe(pids: set[int]) -> str:
    """Command line and signal state of each process, for a failure message."""
    lines = []
    for pid in sorted(pids):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            status = Path(f"/proc/{pid}/status").read_text().splitlines()
        except OSError:
            continue
        signals = [line for line in status if line.startswith(("State", "Sig"))]
        lines.append(f"{pid} {command.decode(errors='replace')[:100]} {signals}")
    return "\n".join(lines)


def _answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
    except urllib.error.HTTPError:
        return True  # an answer, even a 503
    except OSError:
        return False
    return True


def _request_slow_report(env: dict[str, str], block: Path) -> None:
    """A report whose render holds while `block` exists (tests/reports/kinds.py),
    requested in the installation `make run` serves."""
    code = (
        "import os\n"
        "from lebenswert.accounts.models import User\n"
        "from lebenswert.reports import actions\n"
        "admin = User.objects.create(email='stop@example.org', is_staff=True)\n"
        "params = {'block': os.environ['BLOCK']}\n"
        "actions.report_job_create(user=admin, kind='langsam', params=params)\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "BLOCK": str(block)},
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_make_run_stops_web_and_worker_within_15_seconds_of_sigterm(tmp_path):
    port = _free_port()
    log = tmp_path / "make-run.log"
    block = tmp_path / "render.block"
    block.touch()
    # The embedded defaults (SQLite, filesystem broker) in a folder of its own.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LEBENSWERT_", "CELERY_"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["LEBENSWERT_VAR_DIR"] = str(tmp_path / "var")
    env["LEBENSWERT_REPORT_KIND_MODULES"] = "tests.reports.kinds"
    with log.open("wb") as output:
        make = subprocess.Popen(
            # -o: the test runs inside the installed .venv; do not reinstall.
            ["make", "-o", ".venv/.installed", "run", "HOST=127.0.0.1", f"PORT={port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    family: set[int] = {make.pid}
    try:
        deadline = time.monotonic() + START_WITHIN
        while not (_answers(port) and " ready." in log.read_text(errors="replace")):
            assert make.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.5)
        # A task is running when the stop comes: the worker must not wait for it.
        _request_slow_report(env, block)
        while not block.with_suffix(".started").exists():
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.2)
        family = _family(make.pid)
        # make, the launcher, runserver and its server, the worker and its pool.
        assert len(family) >= 6, family

        os.killpg(make.pid, signal.SIGTERM)
        stopped_by = time.monotonic() + STOP_WITHIN
        while _running(family) and time.monotonic() < stopped_by:
            time.sleep(0.2)
        left = _running(family)
        assert not left, _describe(left) + log.read_text(errors="replace")[-2000:]
        assert not _answers(port)
    finally:
        block.unlink()
        for pid in _running(family):
            os.kill(pid, signal.SIGKILL)
        make.wait(timeout=10)
