"""Who holds a job (lebenswert.core.jobs.Claimant): a claim names its machine,
pid and process start, so a job whose process died on this machine is taken
over at once, before its heartbeat goes stale; elsewhere the heartbeat decides.
The worker's health file (lebenswert.core.workers) and `worker_health`."""

import io
import json
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lebenswert.core import jobs, workers
from lebenswert.core.models import BackgroundJob
from lebenswert.reports import tasks as report_tasks
from lebenswert.reports.models import ReportJob

Status = BackgroundJob.Status


def _running(claim: str, **fields) -> ReportJob:
    now = timezone.now()
    return ReportJob.objects.create(
        kind="gemeinde",
        title="Testbericht",
        status=Status.RUNNING,
        claim=claim,
        started_at=now,
        heartbeat_at=now,
        **fields,
    )


@pytest.fixture
def ended_process():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=30)
    return process.pid


@pytest.fixture
def sleeping_process():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait(timeout=10)


def _claim_of(pid: int, **changes) -> str:
    here = jobs.Claimant.current()
    fields = {"machine": here.machine, "pid": pid, "started": here.started, **changes}
    if "started" not in changes:
        stat = jobs._process_stat(pid)
        fields["started"] = stat[1] if stat else "000000"
    return jobs.Claimant(**fields).token()


def test_a_claim_names_its_machine_process_and_start():
    token = jobs.Claimant.current().token()
    assert len(token) == 32  # the size of the claim column
    holder = jobs.Claimant.of(token)
    assert holder == jobs.Claimant.current()
    assert not holder.is_gone()  # this process
    assert jobs.Claimant.of("0" * 32) is None  # a token from before: no claimant


def test_a_dead_process_on_this_machine_is_gone(ended_process, sleeping_process):
    assert jobs.Claimant.of(_claim_of(ended_process)).is_gone()
    assert not jobs.Claimant.of(_claim_of(sleeping_process)).is_gone()
    # Another process under a reused pid: its start differs.
    assert jobs.Claimant.of(_claim_of(sleeping_process, started="zzzzzz")).is_gone()
    # Another machine: only the heartbeat can tell.
    elsewhere = _claim_of(ended_process, machine="00000000")
    assert not jobs.Claimant.of(elsewhere).is_gone()


def test_a_job_of_a_dead_process_is_claimed_at_once_despite_a_fresh_beat(
    db, settings, ended_process
):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    dead = _running(_claim_of(ended_process))
    elsewhere = _running(_claim_of(ended_process, machine="00000000"))

    assert jobs.job_claim(ReportJob, elsewhere.pk) is None
    claim = jobs.job_claim(ReportJob, dead.pk)

    assert claim and jobs.Claimant.of(claim) == jobs.Claimant.current()
    dead.refresh_from_db()
    assert (dead.status, dead.claim, dead.attempts) == (Status.RUNNING, claim, 1)


def test_recovery_queues_a_dead_process_job_of_this_machine_at_once(
    db, settings, monkeypatch, ended_process, sleeping_process
):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    sent = []
    monkeypatch.setattr(report_tasks.report_job_run, "delay", sent.append)
    dead = _running(_claim_of(ended_process), progress=60)
    alive = _running(_claim_of(sleeping_process))
    elsewhere = _running(_claim_of(ended_process, machine="00000000"))

    assert jobs.jobs_recover() == {"reports.reportjob": [dead.pk]}

    assert sent == [dead.pk]
    dead.refresh_from_db()
    assert (dead.status, dead.claim, dead.progress) == (Status.QUEUED, "", 0)
    for job in (alive, elsewhere):
        assert ReportJob.objects.get(pk=job.pk).status == Status.RUNNING


def test_the_recovery_loop_runs_at_once_and_then_every_interval(
    transactional_db, settings, monkeypatch, ended_process
):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    sent, rounds = [], []
    monkeypatch.setattr(report_tasks.report_job_run, "delay", sent.append)
    dead = _running(_claim_of(ended_process))

    loop = jobs.RecoveryLoop(0.1, also=lambda: rounds.append(1)).start()
    try:
        deadline = time.monotonic() + 10
        while len(rounds) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        loop.stop()

    assert sent == [dead.pk] and len(rounds) >= 3
    assert not loop.thread.is_alive()


# --- the worker's health -------------------------------------------------------


@pytest.fixture
def health_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "worker-health"


def test_a_worker_that_writes_its_health_file_is_healthy(health_dir):
    workers.health_write("w1@test", workers.PoolWatch(), 10)

    [health] = workers.health_check("w1@test")
    assert health.problems == []
    out = io.StringIO()
    call_command("worker_health", stdout=out)
    assert out.getvalue() == "w1@test: ok\n"


def test_a_silent_worker_or_a_stuck_pool_fails_the_check(health_dir):
    workers.health_write("w1@test", workers.PoolWatch(), 10)
    path = workers.health_path("w1@test")
    record = json.loads(path.read_text())
    path.write_text(json.dumps({**record, "at": time.time() - 60}))
    [health] = workers.health_check("w1@test")
    assert health.problems == ["kein Lebenszeichen seit 60 s"]

    path.write_text(json.dumps({**record, "waiting": workers.STUCK_SECONDS + 1}))
    [health] = workers.health_check("w1@test")
    assert "Pool blockiert" in health.problems[0]
    with pytest.raises(CommandError, match="1 Worker nicht gesund"):
        call_command("worker_health", stdout=io.StringIO())


def test_no_worker_fails_the_check(health_dir):
    with pytest.raises(CommandError, match="Kein Worker"):
        call_command("worker_health")


def test_the_pool_watch_measures_how_long_a_received_task_waits(monkeypatch):
    from celery.worker import state

    class Request:
        id = "task-1"

    request = Request()
    monkeypatch.setattr(state, "reserved_requests", {request})
    monkeypatch.setattr(state, "active_requests", set())
    watch = workers.PoolWatch()
    assert watch.longest_wait() == 0.0
    watch.first_seen["task-1"] -= 30
    assert watch.longest_wait() >= 30
    monkeypatch.setattr(state, "active_requests", {request})  # a process took it
    assert watch.longest_wait() == 0.0


def test_a_job_stale_by_time_elsewhere_is_still_claimed(db, settings, ended_process):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    elsewhere = _running(_claim_of(ended_process, machine="00000000"))
    ReportJob.objects.filter(pk=elsewhere.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=31)
    )
    assert jobs.job_claim(ReportJob, elsewhere.pk)
