"""One job model for background work (report jobs, directory and figure imports).

A job row (a `BackgroundJob`) is the only truth about its work; queue messages
only say "look at job n". The life of a job:

- `job_claim`: a worker takes a queued job, or a running one whose worker went
  silent (no heartbeat for three intervals, or running past the kind's
  `stale_after`), under a row lock that skips rows others hold. The claim gets a
  new token and counts an attempt.
- `job_heartbeat` / `Heartbeat`: the holder of the claim marks the job alive.
- `job_finish`, `job_fail`, `job_release` (back to the queue for a retry): only
  the holder of the claim; a worker that lost its claim writes nothing. Work
  that must happen exactly once calls `job_finish_atomic` inside its own
  transaction, which rolls back (ClaimLost) if the claim was lost.
- `jobs_recover` (Celery beat): every registered kind's stale jobs and jobs whose
  queue message got lost (queued for longer than `lost_after`) are queued again.

Apps register their job models by decorating the task that runs a job with
`job_task(model, …)` and importing their tasks in `AppConfig.ready()`; this module
knows no domain app.
"""

import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, models, transaction
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


def claimable_q(kind: JobKind) -> Q:
    return Q(status=Status.QUEUED) | stale_q(kind)


def job_claim(model: type[BackgroundJob], pk: int, **fields) -> str | None:
    """Take job `pk` for this worker; its claim token, or None if it is not free."""
    kind = job_kind_get(model)
    token = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        free = (
            model.objects.select_for_update(skip_locked=True)
            .filter(claimable_q(kind), pk=pk)
            .exists()
        )
        if not free:
            return None
        model.objects.filter(pk=pk).update(
            status=Status.RUNNING,
            claim=token,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            error="",
            **fields,
        )
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
    with transaction.atomic():
        ids = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(lost | stale_q(kind))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
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
