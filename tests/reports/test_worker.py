"""Reports through real Celery workers: a worker killed with SIGKILL mid-render,
a worker started again, the job done exactly once; a broken template fails its
job and the worker goes on serving."""

import os
import signal

import pytest

import tests.reports.kinds  # noqa: F401  (registers the test kinds here too)
from lebenswert.core import jobs
from lebenswert.reports import actions
from lebenswert.reports.models import ReportJob
from tests.factories import UserFactory
from tests.reports.conftest import flat, pdf_text
from tests.workers import WorkerQueue, wait_for

TASK_NAMES = [
    "lebenswert.reports.tasks.report_job_run",
]
HEARTBEAT = 0.5


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
    return report_queue.share_files(
        ReportJob, monkeypatch, settings, heartbeat=HEARTBEAT
    )


def _finished(pk: int):
    job = ReportJob.objects.get(pk=pk)
    return job if job.is_finished else None


@pytest.mark.worker
def test_a_worker_killed_mid_render_leaves_the_job_to_the_next_exactly_once(
    transactional_db, report_queue, worker_files, tmp_path
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    block = tmp_path / "render.block"
    block.touch()
    first = report_queue.start()

    job = actions.report_job_create(
        user=admin, kind="langsam", params={"block": str(block)}
    )
    started = block.with_suffix(".started")
    wait_for(started.exists, "the render did not start", [first])
    wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, status="running").exists(),
        "the job is not running",
        [first],
    )
    assert started.read_text().split() == [str(first.process.pid)]

    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    assert ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.RUNNING

    block.unlink()  # the next render runs through
    second = report_queue.start()
    # Celery beat runs the recovery every minute; here once the heartbeat is stale.
    recovered = wait_for(
        jobs.jobs_recover, "the dead worker's job was not taken up", [second]
    )
    assert recovered == {"reports.reportjob": [job.pk]}
    done = wait_for(lambda: _finished(job.pk), "the job did not finish", [second])

    assert done.status == ReportJob.Status.SUCCEEDED, done.error
    assert done.attempts == 2
    files = sorted(p.name for p in (worker_files / "reports").iterdir())
    assert files == [f"{done.content_key}.pdf"]  # one file, no half-written part
    with done.file.open("rb") as handle:
        assert flat("Langsamer Testbericht") in pdf_text(handle.read())
    assert len(started.read_text().split()) == 2  # rendered by each worker once
    logs = first.output() + second.output()
    assert logs.count("lebenswert.reports.tasks.report_job_run[") >= 2
    assert second.output().count("succeeded in") == 1


@pytest.mark.worker
def test_a_template_error_fails_the_job_and_the_worker_serves_the_next(
    transactional_db, report_queue, worker_files, tmp_path
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    alive = [w for w in report_queue.workers if w.process.poll() is None]
    workers = alive or [report_queue.start()]

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
