"""Real Celery workers for tests: one way to start them, shared by every app.

The worker runs in its own process against the test database, so tests using it
need `transactional_db`: it sees only committed data. With REDIS_URL set the
broker is Redis; otherwise the filesystem broker under a temporary
LEBENSWERT_CELERY_DIR. Each test module uses its own queue, so it never takes
work from another worker.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from lebenswert.celery import app


def _test_database_url() -> str:
    """DATABASE_URL of the test database, for the worker process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "localhost"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{db['NAME']}"
    pytest.fail(f"no worker test for database engine {db['ENGINE']}")


def _moved_folders(options: dict, *, old: Path, new: Path) -> dict:
    """The filesystem broker's options as the worker derives them from its
    LEBENSWERT_CELERY_DIR: every folder under `old` moved to `new`, created."""
    moved = {}
    for key, value in options.items():
        if isinstance(value, str) and Path(value).is_relative_to(old):
            value = str(new / Path(value).relative_to(old))
            Path(value).mkdir(parents=True, exist_ok=True)
        moved[key] = value
    return moved


def _reset_app_connections() -> None:
    # Queues, routes and producer pools are cached on first send; built anew
    # they follow the configuration set here.
    app._pool = None
    app.__dict__.pop("amqp", None)


class Worker:
    def __init__(self, *, queue: str, log: Path, process: subprocess.Popen):
        self.queue = queue
        self.log = log
        self.process = process

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]

    def kill(self) -> None:
        """SIGKILL to the worker and its pool processes (its own process group)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def wait_for(condition, what: str, workers: list[Worker], *, timeout: float = 60):
    """Poll `condition` until it returns something true; fail with the workers'
    logs if it has not within `timeout` seconds (worker start included)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    logs = "\n".join(worker.output() for worker in workers)
    pytest.fail(f"{what} after {timeout} s; worker logs:\n{logs}")


class WorkerQueue:
    """A queue of its own for a test module: the test process sends to it, and
    workers started here take from it (also one after another was killed)."""

    def __init__(self, *, folder: Path, env: dict[str, str], task_names: list[str]):
        self.folder = folder
        self.queue = f"lebenswert-test-{uuid.uuid4().hex[:12]}"
        self.env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "LEBENSWERT_PRIVATE_ROOT": str(folder / "private"),
            # What the worker sends itself goes to this queue (tests/settings.py).
            "LEBENSWERT_TEST_QUEUE": self.queue,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")])
            ),
            **env,
        }
        changes = {
            "task_default_queue": self.queue,
            "task_routes": {name: {"queue": self.queue} for name in task_names},
        }
        if not settings.REDIS_URL:
            broker = folder / "broker"
            self.env["LEBENSWERT_CELERY_DIR"] = str(broker)
            changes["broker_transport_options"] = _moved_folders(
                settings.CELERY_BROKER_TRANSPORT_OPTIONS,
                old=settings.CELERY_DATA_DIR,
                new=broker,
            )
        self.previous = {key: app.conf[key] for key in changes}
        app.conf.update(changes)
        _reset_app_connections()
        self.workers: list[Worker] = []

    @property
    def private_root(self) -> Path:
        return self.folder / "private"

    def share_files(self, model, monkeypatch, settings, *, heartbeat: float) -> Path:
        """The files of `model` land where the workers read and write them, and
        this process expects their heartbeat as they beat (LEBENSWERT_JOB_HEARTBEAT)."""
        from django.core.files.storage import FileSystemStorage

        settings.JOBS_HEARTBEAT_SECONDS = heartbeat
        field = model._meta.get_field("file")
        storage = FileSystemStorage(location=self.private_root)
        monkeypatch.setattr(field, "storage", storage)
        return self.private_root

    def start(
        self, *, pool: str = "solo", concurrency: int = 1, env: dict | None = None
    ) -> Worker:
        """A worker on this queue, never with beat (recovery runs in the worker),
        in a process group of its own (so that `kill` reaches its pool too)."""
        log = self.folder / f"worker-{len(self.workers) + 1}.log"
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "lebenswert", "worker",
                    f"--pool={pool}", f"--concurrency={concurrency}", "-Q", self.queue,
                    "--hostname", f"{self.queue}-{len(self.workers) + 1}@%h",
                    "--loglevel=INFO",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                env={**self.env, **(env or {})},
                # Whatever the worker writes relative to its directory stays here.
                cwd=self.folder,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        worker = Worker(queue=self.queue, log=log, process=process)
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        app.conf.update(self.previous)
        _reset_app_connections()
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL)
            # The queue and kombu's binding keys carry the run's queue name.
            for key in client.scan_iter(match=f"*{self.queue}*"):
                client.delete(key)
            # A killed worker's unacknowledged messages (kombu keeps them to
            # restore after the visibility timeout): drop this queue's.
            for tag, payload in client.hscan_iter("unacked"):
                if self.queue.encode() in payload:
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)
            client.close()
