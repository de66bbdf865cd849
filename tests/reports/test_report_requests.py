"""Two people asking for the same report get one render (the second request
joins the open job and ends with it); with the broker down or silent a request
answers within 2 s and says truthfully what was kept."""

import socket
import time

import pytest
from django.conf import settings as django_settings

import tests.reports.kinds  # noqa: F401  (registers the test kinds here too)
from lebenswert.celery import app
from lebenswert.core import jobs
from lebenswert.reports import actions
from lebenswert.reports.models import ReportJob
from tests.factories import UserFactory
from tests.outage import broker_down
from tests.workers import _reset_app_connections

Status = ReportJob.Status


@pytest.fixture
def admins(db):
    return [UserFactory(is_staff=True, is_superuser=True) for _ in range(3)]


# The slow test kind runs through: its block file does not exist.
NO_BLOCK = "/nonexistent/block"


@pytest.fixture
def no_block():
    return NO_BLOCK


def _ask(user, kind="langsam", **params):
    params = params or {"block": NO_BLOCK}
    return actions.report_job_create(user=user, kind=kind, params=params)


def test_a_second_persons_request_joins_the_open_job_and_ends_with_it(
    admins, queued, renders, report_storage, django_capture_on_commit_callbacks
):
    first_person, second_person, third_person = admins
    with django_capture_on_commit_callbacks(execute=True):
        first = _ask(first_person)
        second = _ask(second_person)
    assert not first.joined and second.joined
    assert queued == [first.pk]  # the joined job has no message of its own
    assert second.content_key == first.content_key

    done = actions.report_job_run(job_id=first.pk)
    joined = ReportJob.objects.get(pk=second.pk)

    assert done.status == joined.status == Status.SUCCEEDED
    assert joined.file.name == done.file.name and joined.progress == 100
    assert joined.attempts == 0 and joined.finished_at
    assert len(renders) == 1
    # Once it is done, a third person gets the file at once.
    third = _ask(third_person)
    assert third.status == Status.SUCCEEDED and third.file.name == done.file.name
    assert len(renders) == 1


def test_a_joined_job_fails_with_the_job_it_joined(
    admins, queued, report_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _ask(admins[0], kind="kaputt", nummer="1")
        second = _ask(admins[1], kind="kaputt", nummer="1")

    failed = actions.report_job_run(job_id=first.pk)
    joined = ReportJob.objects.get(pk=second.pk)

    assert failed.status == joined.status == Status.FAILED
    assert joined.error == failed.error and "Druckvorlage" in joined.error


def test_the_same_content_never_renders_in_two_jobs_at_once(
    admins, queued, renders, report_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _ask(admins[0])
        second = _ask(admins[1])
    claim = jobs.job_claim(ReportJob, first.pk)
    assert claim

    # The second job's message came anyway (two requests in the same instant).
    assert jobs.job_claim(ReportJob, second.pk) is None
    assert actions.report_job_run(job_id=second.pk).status == Status.QUEUED
    assert renders == []
    assert ReportJob.objects.get(pk=second.pk).attempts == 0


def test_a_job_whose_earlier_one_ended_before_its_commit_runs_itself(
    admins, queued, renders, report_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _ask(admins[0])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = _ask(admins[1])
    assert second.joined
    actions.report_job_run(job_id=first.pk)  # ends before the second's commit
    ReportJob.objects.filter(pk=second.pk).update(status=Status.QUEUED)
    for callback in callbacks:
        callback()

    assert queued == [first.pk, second.pk]
    assert actions.report_job_run(job_id=second.pk).status == Status.SUCCEEDED
    assert len(renders) == 1  # the second reuses the first one's file


# --- the broker down ------------------------------------------------------------


@pytest.fixture
def silent_broker():
    """A Redis broker that accepts connections and never answers (a hung host)."""
    if not django_settings.REDIS_URL:
        pytest.skip("the socket timeouts are Redis broker options")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(100)
    keys = ("broker_url",)
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
    _reset_app_connections()
    yield
    app.conf.update(previous)
    _reset_app_connections()
    listener.close()


def test_a_request_with_a_silent_broker_answers_within_two_seconds_and_truly(
    transactional_db, client, admins, report_storage, silent_broker, no_block
):
    client.force_login(admins[0])
    client.get("/berichte/")  # a warm process, as in production
    started = time.monotonic()
    response = client.post("/berichte/neu/", {"kind": "langsam", "block": no_block})
    elapsed = time.monotonic() - started

    assert elapsed < 2, f"answered after {elapsed:.2f} s"
    assert response.status_code == 302 and response["Location"] == "/berichte/"
    page = client.get("/berichte/").content.decode()
    assert "Warteschlange gerade nicht erreichbar" in page
    assert "nichts gespeichert" not in page
    job = ReportJob.objects.get()
    assert job.status == Status.FAILED and "Warteschlange" in job.error


def test_a_request_that_joins_an_open_job_with_the_broker_down_waits_for_it(
    transactional_db, client, admins, report_storage, queued, no_block
):
    first = _ask(admins[0])
    assert queued == [first.pk]
    client.force_login(admins[1])
    with broker_down():
        response = client.post(
            "/berichte/neu/",
            {"kind": "langsam", "block": "/nonexistent/block"},
            follow=True,
        )

    second = ReportJob.objects.get(requested_by=admins[1])
    assert response.redirect_chain == [(f"/berichte/{second.pk}/", 302)]
    assert "Derselbe Bericht wird gerade erstellt" in response.content.decode()
    assert second.status == Status.QUEUED  # true: it ends with the first
    actions.report_job_run(job_id=first.pk)
    assert ReportJob.objects.get(pk=second.pk).status == Status.SUCCEEDED
