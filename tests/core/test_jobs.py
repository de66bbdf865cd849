"""The one job model (lebenswert.core.jobs): claim, heartbeat, finish, fail,
release and recovery, shown on report jobs; every job model is registered."""

import threading
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from lebenswert.core import jobs
from lebenswert.core.models import BackgroundJob
from lebenswert.reports import tasks as report_tasks
from lebenswert.reports.models import ReportJob
from municipalities import tasks as municipality_tasks
from municipalities.models import DirectoryImport
from tests.outage import broker_down

Status = BackgroundJob.Status


def _job(**fields) -> ReportJob:
    return ReportJob.objects.create(kind="gemeinde", title="Testbericht", **fields)


@pytest.fixture
def sent(monkeypatch):
    """Task messages, by task name, instead of the broker."""
    messages = []
    for task in (report_tasks.report_job_run, municipality_tasks.directory_import_run):
        monkeypatch.setattr(
            task, "delay", lambda pk, name=task.name: messages.append((name, pk))
        )
    return messages


def test_every_job_model_is_registered_with_its_task():
    models = {
        model._meta.label_lower
        for model in apps.get_models()
        if issubclass(model, BackgroundJob)
    }
    assert models == set(jobs.JOB_KINDS)
    assert models >= {
        "reports.reportjob",
        "municipalities.directoryimport",
        "services.figureimport",
    }
    for kind in jobs.JOB_KINDS.values():
        assert kind.task.acks_late is True
        assert kind.stale_after.total_seconds() > kind.task.time_limit


def test_claim_takes_a_queued_job_once(db):
    job = _job()

    claim = jobs.job_claim(ReportJob, job.pk)

    assert claim and jobs.job_claim(ReportJob, job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.claim, job.attempts) == (Status.RUNNING, claim, 1)
    assert job.started_at == job.heartbeat_at and job.finished_at is None


@pytest.mark.parametrize("status", [Status.SUCCEEDED, Status.FAILED])
def test_a_finished_job_is_never_claimed(db, status):
    job = _job(status=status)
    assert jobs.job_claim(ReportJob, job.pk) is None


def test_a_job_with_a_stale_heartbeat_is_claimed_anew(db, settings):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    job = _job()
    first = jobs.job_claim(ReportJob, job.pk)
    ReportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=25)
    )
    assert jobs.job_claim(ReportJob, job.pk) is None  # two beats missed: alive

    ReportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=31)
    )
    second = jobs.job_claim(ReportJob, job.pk)

    assert second and second != first
    job.refresh_from_db()
    assert (job.claim, job.attempts) == (second, 2)


def test_a_job_running_past_its_limit_is_claimed_anew_despite_beats(db):
    job = _job()
    jobs.job_claim(ReportJob, job.pk)
    limit = jobs.job_kind_get(ReportJob).stale_after
    ReportJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - limit - timedelta(seconds=1),
        heartbeat_at=timezone.now(),
    )
    assert jobs.job_claim(ReportJob, job.pk)


def test_a_worker_that_lost_its_claim_writes_nothing(db, settings):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    job = _job()
    lost = jobs.job_claim(ReportJob, job.pk)
    ReportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=1)
    )
    holder = jobs.job_claim(ReportJob, job.pk)
    before = ReportJob.objects.values().get(pk=job.pk)

    assert not jobs.job_heartbeat(ReportJob, job.pk, lost, progress=50)
    assert not jobs.job_finish(ReportJob, job.pk, lost, progress=100)
    assert not jobs.job_fail(ReportJob, job.pk, lost, error="kaputt")
    assert not jobs.job_release(ReportJob, job.pk, lost)
    with pytest.raises(jobs.ClaimLost), transaction.atomic():
        ReportJob.objects.filter(pk=job.pk).update(title="geändert")
        jobs.job_finish_atomic(ReportJob, job.pk, lost)

    assert ReportJob.objects.values().get(pk=job.pk) == before  # work rolled back
    assert jobs.job_heartbeat(ReportJob, job.pk, holder, progress=50)
    assert jobs.job_finish(ReportJob, job.pk, holder, progress=100)
    job.refresh_from_db()
    assert (job.status, job.progress) == (Status.SUCCEEDED, 100)
    assert job.finished_at and job.is_finished


def test_fail_and_release_by_the_holder(db):
    failed, released = _job(), _job()
    claim = jobs.job_claim(ReportJob, failed.pk)
    assert jobs.job_fail(ReportJob, failed.pk, claim, error="Vorlage fehlerhaft")
    claim = jobs.job_claim(ReportJob, released.pk, progress=5)
    assert jobs.job_release(ReportJob, released.pk, claim)

    failed.refresh_from_db()
    released.refresh_from_db()
    assert (failed.status, failed.error) == (Status.FAILED, "Vorlage fehlerhaft")
    assert failed.finished_at
    assert (released.status, released.claim, released.progress) == (
        Status.QUEUED,
        "",
        0,
    )
    assert jobs.job_claim(ReportJob, released.pk)  # the retry takes it


def test_finish_atomic_belongs_inside_a_transaction(transactional_db):
    job = _job()
    claim = jobs.job_claim(ReportJob, job.pk)
    with pytest.raises(RuntimeError):
        jobs.job_finish_atomic(ReportJob, job.pk, claim)


def test_claim_skips_a_job_another_transaction_holds(transactional_db):
    job = _job()
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            ReportJob.objects.select_for_update().get(pk=job.pk)
            locked.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        assert jobs.job_claim(ReportJob, job.pk) is None
        assert time.monotonic() - started < 2  # skipped, not waited for
    finally:
        release.set()
        holder.join()
    assert jobs.job_claim(ReportJob, job.pk)


def test_the_heartbeat_marks_the_job_alive_until_it_stops(transactional_db, settings):
    settings.JOBS_HEARTBEAT_SECONDS = 0.05
    job = _job()
    claim = jobs.job_claim(ReportJob, job.pk)
    ReportJob.objects.filter(pk=job.pk).update(heartbeat_at=None)

    with jobs.Heartbeat(ReportJob, job.pk, claim):
        time.sleep(0.3)
    beat = ReportJob.objects.get(pk=job.pk).heartbeat_at
    time.sleep(0.2)

    assert beat is not None
    assert ReportJob.objects.get(pk=job.pk).heartbeat_at == beat  # stopped


def test_recover_requeues_stale_and_lost_jobs_of_every_kind(
    db, settings, sent, tmp_path
):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    now = timezone.now()
    fresh = _job()
    lost = _job(queued_at=now - timedelta(minutes=11))
    alive = _job()
    dead = _job(progress=40)
    for job in (alive, dead):
        jobs.job_claim(ReportJob, job.pk)
    ReportJob.objects.filter(pk=dead.pk).update(heartbeat_at=now - timedelta(minutes=1))
    directory_import = DirectoryImport.objects.create(
        kind="gv100ad", original_name="GV100AD.txt", file="x.txt"
    )
    jobs.job_claim(DirectoryImport, directory_import.pk)
    DirectoryImport.objects.filter(pk=directory_import.pk).update(
        started_at=now - timedelta(minutes=11)
    )

    recovered = jobs.jobs_recover()

    assert recovered == {
        "reports.reportjob": [lost.pk, dead.pk],
        "municipalities.directoryimport": [directory_import.pk],
    }
    assert sorted(sent) == sorted(
        [
            ("lebenswert.reports.tasks.report_job_run", lost.pk),
            ("lebenswert.reports.tasks.report_job_run", dead.pk),
            ("municipalities.tasks.directory_import_run", directory_import.pk),
        ]
    )
    dead.refresh_from_db()
    assert (dead.status, dead.claim, dead.progress) == (Status.QUEUED, "", 0)
    assert dead.queued_at >= now  # lost again only after another ten minutes
    assert ReportJob.objects.get(pk=fresh.pk).status == Status.QUEUED
    assert ReportJob.objects.get(pk=alive.pk).status == Status.RUNNING
    assert jobs.jobs_recover() == {}


def test_recover_with_the_broker_down_leaves_the_jobs_queued(transactional_db):
    job = _job(queued_at=timezone.now() - timedelta(minutes=11))
    with broker_down():
        assert jobs.jobs_recover() == {"reports.reportjob": [job.pk]}
    job.refresh_from_db()
    assert job.status == Status.QUEUED


def test_one_beat_entry_recovers_every_kind(settings):
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"].endswith("recover")
    ]
    assert entries == [{"task": "lebenswert.core.tasks.jobs_recover", "schedule": 60.0}]
