"""A Celery worker's own health, for a container health check.

Each worker's recovery loop (lebenswert.core.jobs.RecoveryLoop) writes a small
JSON file under `$LEBENSWERT_VAR_DIR/worker-health/` after every round: when it
wrote, its pid, and for how long a task taken from the queue has waited for a
pool process. `manage.py worker_health` reads the files of this machine and
fails if a worker's main loop stopped writing, its process is gone, or a task
waits for the pool longer than `STUCK_SECONDS` (a deadlocked prefork pool still
answers `celery inspect ping`, since the main process answers it).
"""

import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# A task received but not started by a pool process for this long: the pool
# is stuck (with prefetch 1 every received task has a free process waiting).
STUCK_SECONDS = 60.0


def health_folder() -> Path:
    return Path(settings.VAR_DIR) / "worker-health"


def health_path(nodename: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "@.-_" else "_" for c in nodename)
    return health_folder() / f"{safe}.json"


class PoolWatch:
    """Remembers since when each received task waits for a pool process."""

    def __init__(self):
        self.first_seen: dict[str, float] = {}

    def longest_wait(self) -> float:
        from celery.worker import state

        now = time.monotonic()
        for _attempt in range(3):  # the main loop changes the sets meanwhile
            try:
                waiting = {r.id for r in list(state.reserved_requests)} - {
                    r.id for r in list(state.active_requests)
                }
                break
            except RuntimeError:
                continue
        else:
            waiting = set(self.first_seen)
        self.first_seen = {
            task_id: self.first_seen.get(task_id, now) for task_id in waiting
        }
        return max((now - seen for seen in self.first_seen.values()), default=0.0)


def health_write(nodename: str, watch: PoolWatch, interval: float) -> None:
    """The worker's health file, written atomically."""
    path = health_path(nodename)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "nodename": nodename,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "at": time.time(),
        "interval": interval,
        "waiting": round(watch.longest_wait(), 1),
    }
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(record))
    partial.replace(path)


def health_remove(nodename: str) -> None:
    health_path(nodename).unlink(missing_ok=True)


@dataclass
class WorkerHealth:
    nodename: str
    problems: list[str]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def health_check(nodename: str | None = None) -> list[WorkerHealth]:
    """The health of this machine's workers (or of the one named); an empty
    list if none has written a file."""
    now = time.time()
    found = []
    for path in sorted(health_folder().glob("*.json")):
        try:
            record = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if nodename and record.get("nodename") != nodename:
            continue
        if not nodename and record.get("host") != socket.gethostname():
            continue
        problems = []
        age = now - record["at"]
        if age > 3 * record["interval"] + 5:
            problems.append(f"kein Lebenszeichen seit {age:.0f} s")
        if not _pid_alive(record["pid"]):
            problems.append(f"Prozess {record['pid']} läuft nicht mehr")
        if record["waiting"] > STUCK_SECONDS:
            problems.append(
                f"ein Auftrag wartet seit {record['waiting']:.0f} s auf einen "
                "Pool-Prozess (Pool blockiert)"
            )
        found.append(WorkerHealth(nodename=record["nodename"], problems=problems))
    return found
