"""One job model for background work (report jobs, directory and figure imports).

A job row (a `BackgroundJob`) is the only truth about its work; queue messages
only say "look at job n". The life of a job:

- `job_claim`: a worker takes a queued job, or a running one whose worker is
  gone: silent (no heartbeat for three intervals, or running past the kind's
  `stale_after`), or, on the claimant's own machine, a process that no longer
  lives (a pool child killed mid-way, whose redelivered task comes back at
  once). The claim token names its claimant (`Claimant`: machine, pid, process
  start) and counts an attempt. A model may allow one running job per piece of
  work (a unique constraint over running rows): a claim that would break it is
  refused, and the job waits for the one that runs.
- `job_heartbeat` / `Heartbeat`: the holder of the claim marks the job alive.
- `job_finish`, `job_fail`, `job_release` (back to the queue for a retry): only
  the holder of the claim; a worker that lost its claim writes nothing. Work
  that must happen exactly once calls `job_finish_atomic` inside its own
  transaction, which rolls back (ClaimLost) if the claim was lost.
- `jobs_recover`: every registered kind's stale jobs, jobs of dead claimants on
  this machine and jobs whose queue message got lost (queued for longer than
  `lost_after`) are queued again. Every worker runs it itself (`RecoveryLoop`,
  started by `lebenswert.celery` when the worker is ready: at start and every
  `JOBS_RECOVER_SECONDS`), so recovery needs no beat process; the beat entry
  stays as a second line.

Apps register their job models by decorating the task that runs a job with
`job_task(model, …)` and importing their tasks in `AppConfig.ready()`; this module
knows no domain app.
"""

import hashlib
import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import (
    IntegrityError,
    close_old_connections,
    connection,
    models,
    transaction,
)
from django.db.models import F, Q
from django.utils import timezone

from .models import BackgroundJob
from .queue import enqueue

logger = logging.getLogger(__name__)

Status = BackgroundJob.Status


@dataclass(frozen=True)
class JobKind:
    """How the jobs of one model are run and recovered."""

    model: type[BackgroundJob]
    # The Celery task that runs one job; it takes the job's id.
    task: object
    # Running for longer than this (a bit over the task's hard time limit): the
    # worker is gone, even if something still beats.
    stale_after: timedelta
    # Queued for longer than this: the queue message got lost.
    lost_after: timedelta = timedelta(minutes=10)
    # Fields set back when a job is queued again (e.g. a progress bar).
    reset: dict = field(default_factory=dict)


JOB_KINDS: dict[str, JobKind] = {}


def job_kind_register(kind: JobKind) -> JobKind:
    JOB_KINDS[kind.model._meta.label_lower] = kind
    return kind


def job_task(model: type[BackgroundJob], **options):
    """Decorator for the Celery task that runs one job of `model`: registers the
    kind (options as in JobKind). The app imports its tasks in `ready()`."""

    def register(task):
        job_kind_register(JobKind(model=model, task=task, **options))
        return task

    return register


def job_kind_get(model: type[models.Model]) -> JobKind:
    return JOB_KINDS[model._meta.label_lower]


def _heartbeat_seconds() -> float:
    return settings.JOBS_HEARTBEAT_SECONDS


def stale_q(kind: JobKind) -> Q:
    """Running jobs whose worker died: silent for three beats, or too long."""
    now = timezone.now()
    silent = now - timedelta(seconds=3 * _heartbeat_seconds())
    return Q(status=Status.RUNNING) & (
        Q(heartbeat_at__lt=silent) | Q(started_at__lt=now - kind.stale_after)
    )


# A claim token: "w", the machine (8 hex), the pid (7 digits), the process's
# start (6 base-36 digits of its clock ticks since boot, "000000": unknown) and
# 10 random hex digits; 32 characters, the size of the `claim` column.
CLAIM_MARK = "w"
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _read_text(path: str) -> str:
    with open(path) as handle:
        return handle.read()


@cache
def _machine() -> str:
    """This machine as a claim sees it: host name, kernel boot and PID
    namespace, so that a pid is only compared where it means the same process."""
    parts = [socket.gethostname()]
    for read, source in (
        (_read_text, "/proc/sys/kernel/random/boot_id"),
        (os.readlink, "/proc/self/ns/pid"),
    ):
        try:
            parts.append(read(source).strip())
        except OSError:
            parts.append("")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:8]


def _process_stat(pid: int) -> tuple[str, str] | None:
    """(state, start) of a process from /proc, start in base 36; None if the
    process does not exist or /proc cannot say."""
    try:
        stat = _read_text(f"/proc/{pid}/stat")
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    ticks = int(fields[19]) % 36**6
    digits = ""
    for _ in range(6):
        ticks, digit = divmod(ticks, 36)
        digits = _BASE36[digit] + digits
    return fields[0], digits


@dataclass(frozen=True)
class Claimant:
    """The process that holds a claim: machine, pid and when the process started."""

    machine: str
    pid: int
    started: str

    @classmethod
    def current(cls) -> "Claimant":
        pid = os.getpid()
        stat = _process_stat(pid)
        return cls(
            machine=_machine(),
            pid=pid if pid < 10**7 else 0,
            started=stat[1] if stat else "000000",
        )

    @classmethod
    def of(cls, claim: str) -> "Claimant | None":
        """Who holds `claim`; None for a token without a claimant (older ones)."""
        if (
            len(claim) != 32
            or not claim.startswith(CLAIM_MARK)
            or not claim[9:16].isdigit()
        ):
            return None
        return cls(machine=claim[1:9], pid=int(claim[9:16]), started=claim[16:22])

    def token(self) -> str:
        who = f"{CLAIM_MARK}{self.machine}{self.pid:07d}{self.started}"
        return who + uuid.uuid4().hex[:10]

    def is_gone(self) -> bool:
        """True only when certain: a process of this machine that no longer runs
        (or a new one under its pid). Elsewhere only the heartbeat can tell."""
        if self.machine != _machine() or not self.pid or self.pid == os.getpid():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # it exists, under another user
        stat = _process_stat(self.pid)
        if stat is None:
            return os.path.isdir("/proc/self")  # vanished, if /proc works at all
        state, started = stat
        return state in {"Z", "X"} or self.started not in ("000000", started)


def _is_stale(kind: JobKind, job: dict) -> bool:
    """A running job (its status, claim, heartbeat_at, started_at) whose worker
    is gone: silent, too long, or a dead process of this machine."""
    now = timezone.now()
    silent = timedelta(seconds=3 * _heartbeat_seconds())
    if (job["heartbeat_at"] and job["heartbeat_at"] < now - silent) or (
        job["started_at"] and job["started_at"] < now - kind.stale_after
    ):
        return True
    claimant = Claimant.of(job["claim"])
    return claimant is not None and claimant.is_gone()


_STATE_FIELDS = ("pk", "status", "claim", "heartbeat_at", "started_at")


def job_claim(model: type[BackgroundJob], pk: int, **fields) -> str | None:
    """Take job `pk` for this worker; its claim token, or None if it is not free
    (finished, held by a live worker, locked, or its work runs as another job)."""
    kind = job_kind_get(model)
    token = Claimant.current().token()
    now = timezone.now()
    with transaction.atomic():
        job = (
            model.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status__in=[Status.QUEUED, Status.RUNNING])
            .values(*_STATE_FIELDS)
            .first()
        )
        if job is None or (
            job["status"] == Status.RUNNING and not _is_stale(kind, job)
        ):
            return None
        try:
            with transaction.atomic():
                model.objects.filter(pk=pk).update(
                    status=Status.RUNNING,
                    claim=token,
                    attempts=F("attempts") + 1,
                    started_at=now,
                    heartbeat_at=now,
                    error="",
                    **fields,
                )
        except IntegrityError:
            # The model's constraint: the same work runs as another job already.
            logger.info("%s %s waits for the same work", model._meta.label, pk)
            return None
    return token


def _holder(model: type[BackgroundJob], pk: int, claim: str):
    return model.objects.filter(pk=pk, claim=claim, status=Status.RUNNING)


def job_heartbeat(model: type[BackgroundJob], pk: int, claim: str, **fields) -> bool:
    """Mark the job alive (and set `fields`, e.g. progress); False: claim lost."""
    return bool(_holder(model, pk, claim).update(heartbeat_at=timezone.now(), **fields))


def job_finish(model: type[BackgroundJob], pk: int, claim: str, **fields) -> bool:
    """The job succeeded; False (nothing written) if the claim was lost."""
    return bool(
        _holder(model, pk, claim).update(
            status=Status.SUCCEEDED, finished_at=timezone.now(), **fields
        )
    )


class ClaimLost(Exception):
    """Another worker holds the job now; this worker's work must not count."""


def job_finish_atomic(model: type[BackgroundJob], pk: int, claim: str, **fields):
    """Inside the work's own transaction: the job succeeded, or (claim lost)
    ClaimLost is raised so that the work rolls back: done exactly once."""
    if not connection.in_atomic_block:
        raise RuntimeError("job_finish_atomic belongs inside the work's transaction")
    if not job_finish(model, pk, claim, **fields):
        raise ClaimLost(f"{model._meta.label} {pk}")


def job_fail(
    model: type[BackgroundJob], pk: int, claim: str, *, error: str, **fields
) -> bool:
    """The job failed for good with `error`; False if the claim was lost."""
    return bool(
        _holder(model, pk, claim).update(
            status=Status.FAILED, error=error, finished_at=timezone.now(), **fields
        )
    )


def job_release(model: type[BackgroundJob], pk: int, claim: str) -> bool:
    """Give the job back to the queue (a transient error; the task retries)."""
    kind = job_kind_get(model)
    return bool(
        _holder(model, pk, claim).update(
            status=Status.QUEUED, claim="", queued_at=timezone.now(), **kind.reset
        )
    )


class Heartbeat:
    """Beats for a claimed job while the worker is busy (own DB connection).

    Use it outside the transaction of the work: a beat does not wait for it.
    """

    def __init__(self, model: type[BackgroundJob], pk: int, claim: str):
        self.model, self.pk, self.claim = model, pk, claim
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            while not self.stopped.wait(_heartbeat_seconds()):
                job_heartbeat(self.model, self.pk, self.claim)
        except Exception:  # the job itself reports real trouble
            logger.warning(
                "Heartbeat of %s %s failed",
                self.model._meta.label,
                self.pk,
                exc_info=True,
            )
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join()


def job_send(kind: JobKind, pk: int) -> bool:
    """Hand job `pk` to the workers; False (the job stays queued) if the broker
    is unreachable: `jobs_recover` sends it again once `lost_after` has passed."""
    return enqueue(kind.task, pk)


def job_send_on_commit(job: BackgroundJob) -> None:
    """Send the saved job once the transaction commits; afterwards `job.queued`
    says whether the broker took it (None until then)."""
    job.queued = None

    def send() -> None:
        job.queued = job_send(job_kind_get(type(job)), job.pk)

    transaction.on_commit(send)


def _kind_recover(kind: JobKind) -> list[int]:
    model = kind.model
    lost = Q(status=Status.QUEUED, queued_at__lt=timezone.now() - kind.lost_after)
    # Running jobs claimed on this machine: their process may be gone.
    here = Q(status=Status.RUNNING, claim__startswith=CLAIM_MARK + _machine())
    with transaction.atomic():
        candidates = (
            model.objects.select_for_update(skip_locked=True)
            .filter(lost | stale_q(kind) | here)
            .order_by("pk")
            .values(*_STATE_FIELDS)
        )
        ids = [
            job["pk"]
            for job in candidates
            if job["status"] == Status.QUEUED or _is_stale(kind, job)
        ]
        model.objects.filter(pk__in=ids).update(
            status=Status.QUEUED, claim="", queued_at=timezone.now(), **kind.reset
        )
    for pk in ids:
        job_send(kind, pk)
    if ids:
        logger.warning("Re-queued stale or lost %s %s", model._meta.label, ids)
    return ids


def jobs_recover() -> dict[str, list[int]]:
    """Queue again, for every registered kind, the jobs whose worker died or
    whose message got lost; model label → ids (only kinds with such jobs)."""
    recovered = {}
    for label, kind in JOB_KINDS.items():
        ids = _kind_recover(kind)
        if ids:
            recovered[label] = ids
    return recovered


class RecoveryLoop:
    """Runs `jobs_recover` in a worker, at start and every `interval` seconds, so
    that no job waits for a beat process; `also` runs after each round (the
    worker's health file). Started and stopped by lebenswert.celery's signals."""

    def __init__(self, interval: float, also=lambda: None):
        self.interval, self.also = interval, also
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._run, name="jobs-recover", daemon=True
        )

    def _run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                jobs_recover()
            except Exception:  # the database may be away for a while
                logger.warning("Job recovery failed; next round", exc_info=True)
                connection.close()
            try:
                self.also()
            except Exception:
                logger.warning("Worker health file not written", exc_info=True)
            self.stopped.wait(self.interval)
        connection.close()

    def start(self) -> "RecoveryLoop":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=self.interval + 5)
