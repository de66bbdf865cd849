"""The import task, in-process and end to end through a real Celery worker
(tests/workers.py starts it)."""

import time

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from lebenswert.core import jobs
from municipalities import tasks
from municipalities.models import DirectoryImport, Municipality
from tests.factories import UserFactory
from tests.municipalities.test_importers import gv100ad_file, mini_gv100ad
from tests.outage import broker_down
from tests.workers import Worker, WorkerQueue

WORKER_TIMEOUT = 60  # seconds for one import, worker start included
TASK_NAME = "municipalities.tasks.directory_import_run"


def test_directory_import_run_task_is_acknowledged_late_with_time_limits():
    task = tasks.directory_import_run

    assert task.name == TASK_NAME
    assert task.acks_late is True
    assert (task.soft_time_limit, task.time_limit) == (300, 360)


def test_directory_import_run_task_body_imports_and_returns_the_status(
    db, tmp_path, monkeypatch
):
    field = DirectoryImport._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path))
    directory_import = DirectoryImport(kind="gv100ad", original_name="GV100AD.txt")
    directory_import.file.save(
        "GV100AD.txt", SimpleUploadedFile("x", gv100ad_file(mini_gv100ad()))
    )

    assert tasks.directory_import_run(directory_import.pk) == "succeeded"
    assert tasks.directory_import_run(directory_import.pk) == "succeeded"
    assert Municipality.objects.count() == 4


@pytest.fixture(scope="module")
def celery_worker(request, django_db_setup, tmp_path_factory):
    """A real worker on a queue of its own, and the test process sending to it."""
    queue = WorkerQueue(
        folder=tmp_path_factory.mktemp("celery"), env={}, task_names=[TASK_NAME]
    )
    request.addfinalizer(queue.close)
    return queue.start()


@pytest.fixture
def worker_storage(celery_worker, monkeypatch):
    """Uploads land where the worker looks for them (its LEBENSWERT_PRIVATE_ROOT)."""
    location = celery_worker.log.parent / "private"
    field = DirectoryImport._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=location))
    return location


def _wait_until_finished(worker: Worker, pk: int) -> DirectoryImport:
    deadline = time.monotonic() + WORKER_TIMEOUT
    while time.monotonic() < deadline:
        directory_import = DirectoryImport.objects.get(pk=pk)
        if directory_import.is_finished:
            return directory_import
        if worker.process.poll() is not None:
            pytest.fail(f"the worker exited early:\n{worker.output()}")
        time.sleep(0.2)
    pytest.fail(
        f"import {pk} still {directory_import.status} after {WORKER_TIMEOUT} s; "
        f"worker log:\n{worker.output()}"
    )


def _upload(client, content: bytes, name: str):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/gemeinden/import/",
        {"kind": "gv100ad", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    directory_import = DirectoryImport.objects.get()
    assert response.redirect_chain == [
        (f"/gemeinden/import/{directory_import.pk}/", 302)
    ]
    assert response.status_code == 200
    assert directory_import.requested_by == admin
    return directory_import


@pytest.mark.worker
def test_uploaded_gv100ad_file_is_imported_by_a_celery_worker(
    transactional_db, client, celery_worker, worker_storage
):
    directory_import = _upload(client, gv100ad_file(mini_gv100ad()), "GV100AD_mini.txt")

    finished = _wait_until_finished(celery_worker, directory_import.pk)

    assert finished.status == DirectoryImport.Status.SUCCEEDED, finished.error
    assert finished.counts["created"]["Gemeinden"] == 4
    assert set(Municipality.objects.values_list("ags", flat=True)) == {
        "06636003",
        "06636008",
        "09171123",
        "07000999",
    }
    assert Municipality.objects.get(ags="06636003").population == 18743
    page = client.get(f"/gemeinden/import/{directory_import.pk}/")
    assert "erfolgreich" in page.content.decode()
    assert f"Task {TASK_NAME}" in celery_worker.output()


@pytest.mark.worker
def test_uploaded_bad_gv100ad_file_fails_in_the_worker_with_its_line_number(
    transactional_db, client, celery_worker, worker_storage
):
    records = mini_gv100ad(line_12=dict(population="28l2"))
    directory_import = _upload(client, gv100ad_file(records), "GV100AD_kaputt.txt")

    finished = _wait_until_finished(celery_worker, directory_import.pk)

    assert finished.status == DirectoryImport.Status.FAILED
    assert finished.error.startswith("Zeile 12: Bevölkerung")
    assert not Municipality.objects.exists()
    page = client.get(f"/gemeinden/import/{directory_import.pk}/")
    assert "Zeile 12: Bevölkerung" in page.content.decode()


def test_an_import_left_running_by_a_dead_worker_is_taken_up_again(
    db, tmp_path, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from municipalities import actions

    field = DirectoryImport._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path))
    directory_import = DirectoryImport(kind="gv100ad", original_name="GV100AD.txt")
    directory_import.file.save(
        "GV100AD.txt", SimpleUploadedFile("x", gv100ad_file(mini_gv100ad()))
    )
    DirectoryImport.objects.filter(pk=directory_import.pk).update(
        status="running", started_at=timezone.now() - timedelta(minutes=2)
    )
    queued = []
    monkeypatch.setattr(tasks.directory_import_run, "delay", queued.append)

    # Still within the time limit: the worker may be alive; nothing happens.
    assert jobs.jobs_recover() == {}
    assert (
        actions.directory_import_run(directory_import_id=directory_import.pk).status
        == "running"
    )

    DirectoryImport.objects.filter(pk=directory_import.pk).update(
        started_at=timezone.now() - timedelta(minutes=30)
    )
    assert jobs.jobs_recover() == {
        "municipalities.directoryimport": [directory_import.pk]
    }
    assert queued == [directory_import.pk]
    result = actions.directory_import_run(directory_import_id=directory_import.pk)
    assert result.status == "succeeded"
    assert Municipality.objects.count() == 4


def test_an_upload_with_the_broker_down_stays_queued_and_says_so(
    transactional_db, client, private_folder
):
    # Committed for real, so that the import is handed to the broker in the request.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("GV100AD.txt", gv100ad_file(mini_gv100ad()))
    with broker_down():
        response = client.post(
            "/gemeinden/import/", {"kind": "gv100ad", "file": upload}, follow=True
        )

    assert response.status_code == 200
    assert "Warteschlange ist gerade nicht erreichbar" in response.content.decode()
    directory_import = DirectoryImport.objects.get()
    assert directory_import.status == DirectoryImport.Status.QUEUED
    assert directory_import.file.storage.exists(directory_import.file.name)
