"""Reports through real Celery workers, started without beat (the README's
production command): a pool child killed mid-render, a whole worker killed and
started again, two people asking for the same report at once, an idle pool child
killed; a broken template fails its job and the worker goes on serving.

Runs with Redis when REDIS_URL is set, else with the filesystem broker.
"""

import contextlib
import os
import signal
import socket
import time
from io import StringIO

import pytest
from django.core.management import call_command

import tests.reports.kinds  # noqa: F401  (registers the test kinds here too)
from lebenswert.core import jobs
from lebenswert.reports import actions, tasks
from lebenswert.reports.models import ReportJob
from tests.factories import UserFactory
from tests.reports.conftest import flat, pdf_text
from tests.workers import WorkerQueue, wait_for

TASK_NAMES = [
    "lebenswert.reports.tasks.report_job_run",
]
HEARTBEAT = 1.0
# Recovery rounds only at a worker's start.
NO_PERIODIC_RECOVERY = {"LEBENSWERT_JOB_RECOVER": "3600"}


@pytest.fixture(scope="module")
def report_queue(request, django_db_setup, tmp_path_factory):
    queue = WorkerQueue(
        folder=tmp_path_factory.mktemp("reports"),
        env={
            "LEBENSWERT_REPORT_KIND_MODULES": "tests.reports.kinds",
            "LEBENSWERT_JOB_HEARTBEAT": str(HEARTBEAT),
        },
        task_names=TASK_NAMES,
    )
    request.addfinalizer(queue.close)
    return queue


@pytest.fixture
def worker_files(report_queue, monkeypatch, settings):
    """Report files land where the worker writes them; the heartbeat as there."""
    for worker in report_queue.workers:
        worker.stop()  # each test starts the workers it describes
    return report_queue.share_files(
        ReportJob, monkeypatch, settings, heartbeat=HEARTBEAT
    )


@pytest.fixture
def admin(transactional_db):
    return UserFactory(is_staff=True, is_superuser=True)


def _finished(pk: int):
    job = ReportJob.objects.get(pk=pk)
    return job if job.is_finished else None


def _renders(started) -> list[str]:
    return started.read_text().split() if started.exists() else []


def _slow_job(admin, block):
    block.touch()
    return actions.report_job_create(
        user=admin, kind="langsam", params={"block": str(block)}
    )


def _pool_pids(worker) -> set[int]:
    children = f"/proc/{worker.process.pid}/task/{worker.process.pid}/children"
    with open(children) as handle:
        return {int(pid) for pid in handle.read().split()}


def _assert_done_once(done, worker_files, started, renders: int):
    assert done.status == ReportJob.Status.SUCCEEDED, done.error
    files = [p.name for p in (worker_files / "reports").iterdir()]
    assert f"{done.content_key}.pdf" in files
    assert all(name.endswith(".pdf") for name in files)  # no half-written part
    with done.file.open("rb") as handle:
        assert flat("Langsamer Testbericht") in pdf_text(handle.read())
    assert len(_renders(started)) == renders


@pytest.mark.worker
def test_a_pool_child_killed_mid_render_is_taken_over_within_two_beats(
    report_queue, worker_files, admin, tmp_path
):
    # The worker's recovery loop runs every heartbeat (JOBS_RECOVER_SECONDS).
    worker = report_queue.start(pool="prefork", concurrency=2)
    block = tmp_path / "render.block"
    job = _slow_job(admin, block)
    started = block.with_suffix(".started")
    wait_for(started.exists, "the render did not start", [worker])
    child = int(_renders(started)[0])
    assert child in _pool_pids(worker)
    wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status="running").exists(),
        "the job is not running",
        [worker],
    )

    os.kill(child, signal.SIGKILL)
    killed = time.monotonic()
    # The worker's recovery loop sees that the claimant's process is gone,
    # although its last heartbeat is still fresh, and queues the job again (the
    # redelivered message, which billiard sends back after its 5-s pool check,
    # would take it over too, but later).
    wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, attempts=2).exists(),
        "the killed child's job was not taken over",
        [worker],
        timeout=30,
    )
    takeover = time.monotonic() - killed
    assert takeover < 2 * HEARTBEAT, f"taken over after {takeover:.2f} s"
    block.unlink()
    done = wait_for(lambda: _finished(job.pk), "the job did not finish", [worker])

    _assert_done_once(done, worker_files, started, renders=2)
    assert done.attempts == 2
    assert worker.process.poll() is None
    assert worker.output().count("succeeded in") == 1


@pytest.mark.worker
def test_the_redelivered_task_alone_takes_over_a_killed_childs_job(
    report_queue, worker_files, admin, tmp_path
):
    # Beats every 30 s (stale after 90 s) and no recovery round after the
    # start: only the message that comes back (acks_late, reject_on_worker_lost)
    # can take the job over, by seeing that its claimant's process is gone.
    worker = report_queue.start(
        pool="prefork",
        concurrency=2,
        env={**NO_PERIODIC_RECOVERY, "LEBENSWERT_JOB_HEARTBEAT": "30"},
    )
    block = tmp_path / "render.block"
    job = _slow_job(admin, block)
    started = block.with_suffix(".started")
    wait_for(started.exists, "the render did not start", [worker])
    wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status="running").exists(),
        "the job is not running",
        [worker],
    )
    block.unlink()
    os.kill(int(_renders(started)[0]), signal.SIGKILL)
    killed = time.monotonic()

    done = wait_for(lambda: _finished(job.pk), "the job did not finish", [worker])

    # billiard notices the lost child at its next pool check (every 5 s).
    assert time.monotonic() - killed < 30
    _assert_done_once(done, worker_files, started, renders=2)
    assert done.attempts == 2
    assert "WorkerLostError" in worker.output()


@pytest.mark.worker
def test_a_whole_worker_killed_mid_render_finishes_after_a_restart_without_beat(
    report_queue, worker_files, admin, tmp_path
):
    first = report_queue.start(pool="prefork", concurrency=2, env=NO_PERIODIC_RECOVERY)
    block = tmp_path / "render.block"
    job = _slow_job(admin, block)
    started = block.with_suffix(".started")
    wait_for(started.exists, "the render did not start", [first])
    wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status="running").exists(),
        "the job is not running",
        [first],
    )

    first.kill()  # main process and pool, SIGKILL
    assert ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.RUNNING
    block.unlink()
    second = report_queue.start(pool="prefork", concurrency=2, env=NO_PERIODIC_RECOVERY)
    # The new worker's recovery round at its start finds the dead claimant.
    done = wait_for(lambda: _finished(job.pk), "the job did not finish", [second])

    _assert_done_once(done, worker_files, started, renders=2)
    assert done.attempts == 2
    assert second.output().count("succeeded in") >= 1


@pytest.mark.worker
def test_two_people_asking_at_once_get_one_render(
    report_queue, worker_files, admin, tmp_path
):
    colleague = UserFactory(is_staff=True, is_superuser=True)
    worker = report_queue.start(pool="prefork", concurrency=2)
    block = tmp_path / "render.block"
    first = _slow_job(admin, block)
    second = actions.report_job_create(
        user=colleague, kind="langsam", params={"block": str(block)}
    )
    assert second.pk != first.pk and second.joined
    # Even if its message went out too (two requests in the same instant), the
    # second job may not run while the first renders the same content.
    tasks.report_job_run.delay(second.pk)
    started = block.with_suffix(".started")
    wait_for(started.exists, "the render did not start", [worker])
    wait_for(
        lambda: worker.output().count("succeeded in") >= 1,
        "the message of the job that waits was not handled",
        [worker],
    )
    # One of them renders, the other waits for it (whichever came first).
    states = dict(
        ReportJob.objects.filter(pk__in=[first.pk, second.pk]).values_list(
            "status", "pk"
        )
    )
    assert set(states) == {ReportJob.Status.RUNNING, ReportJob.Status.QUEUED}
    block.unlink()

    done = wait_for(
        lambda: _finished(states["running"]), "the job did not finish", [worker]
    )
    joined = wait_for(
        lambda: _finished(states["queued"]), "the other did not end", [worker]
    )

    _assert_done_once(done, worker_files, started, renders=1)
    assert joined.status == ReportJob.Status.SUCCEEDED
    assert joined.file.name == done.file.name
    assert joined.attempts == 0  # never claimed: settled by the one that rendered
    assert {done.requested_by, joined.requested_by} == {admin, colleague}


@pytest.mark.worker
def test_an_idle_pool_child_killed_does_not_stop_the_worker(
    report_queue, worker_files, admin, tmp_path
):
    worker = report_queue.start(pool="prefork", concurrency=2)
    children = wait_for(lambda: _pool_pids(worker), "no pool", [worker])
    time.sleep(1)  # the children wait for work
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)

    jobs_ = [
        actions.report_job_create(
            user=admin, kind="langsam", params={"block": str(tmp_path / f"none{n}")}
        )
        for n in range(3)
    ]
    for job in jobs_:
        done = wait_for(lambda pk=job.pk: _finished(pk), "a job waits", [worker])
        assert done.status == ReportJob.Status.SUCCEEDED, done.error
    name = f"{report_queue.queue}-{len(report_queue.workers)}@{socket.gethostname()}"
    out = StringIO()
    call_command("worker_health", name=name, stdout=out)
    assert out.getvalue() == f"{name}: ok\n"


@pytest.mark.worker
def test_a_template_error_fails_the_job_and_the_worker_serves_the_next(
    report_queue, worker_files, admin, tmp_path
):
    workers = [report_queue.start()]

    broken = actions.report_job_create(
        user=admin, kind="kaputt", params={"nummer": "1"}
    )
    failed = wait_for(
        lambda: _finished(broken.pk), "the broken job did not end", workers
    )

    assert failed.status == ReportJob.Status.FAILED
    assert failed.error.startswith("Die Druckvorlage dieses Berichts ist fehlerhaft")
    assert "reports/gibt-es-nicht.html" in failed.error
    assert failed.attempts == 1  # no retry

    fine = actions.report_job_create(
        user=admin, kind="langsam", params={"block": str(tmp_path / "none")}
    )
    done = wait_for(lambda: _finished(fine.pk), "the next job did not finish", workers)
    assert done.status == ReportJob.Status.SUCCEEDED, done.error
    assert all(worker.process.poll() is None for worker in workers)
    assert jobs.jobs_recover() == {}
