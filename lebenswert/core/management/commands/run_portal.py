"""Web server and Celery worker (with beat) side by side, for `make run`.

Each runs in a process group of its own, so that a signal meant for `make run`
(Ctrl+C, or SIGTERM from a supervisor or `docker stop`) reaches only this
launcher: it asks both to stop (SIGTERM: the worker shuts down warmly) and after
STOP_SECONDS kills whatever is left of either group. The worker's unfinished
tasks are acknowledged late, so another worker takes them up.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Together with make and the shell below it, everything is gone within 15 s.
STOP_SECONDS = 10.0


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass  # the whole group is gone already


class Command(BaseCommand):
    help = "Start the web server and a Celery worker with beat; stop both together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--concurrency", type=int, default=2, help="worker processes"
        )

    def handle(self, *args, addrport: str, concurrency: int, **options):
        # The handler only records the signal: taking a lock there (such as
        # threading.Event.set) can deadlock with the interrupted main loop.
        stopped_by: list[int] = []
        stop_signals = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
        for sig in stop_signals:
            signal.signal(sig, lambda number, _frame: stopped_by.append(number))
        # Ignored or blocked signals are inherited: whoever started us, we and
        # the children must hear a stop.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)
        manage = str(settings.BASE_DIR / "manage.py")
        commands = [
            [
                sys.executable, "-m", "celery", "-A", "lebenswert", "worker",
                "--beat", "--loglevel=INFO", f"--concurrency={concurrency}",
            ],
            [sys.executable, manage, "runserver", addrport],
        ]  # fmt: skip
        children = [
            subprocess.Popen(command, start_new_session=True) for command in commands
        ]
        try:
            # Until a stop signal, or one of them ended (or failed to start).
            while not stopped_by and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            self._stop(children)
        if not stopped_by:
            raise CommandError("Web server or worker ended unexpectedly; see above.")

    def _stop(self, children: list[subprocess.Popen]) -> None:
        for child in children:
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in children:
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"{child.args[2]} did not stop in time; killed.")
        # Leftovers of either group (pool processes, embedded beat, the reloader's
        # server process) go too.
        for child in children:
            _signal_group(child, signal.SIGKILL)
            child.wait()
