"""Figure imports through a real Celery worker: the pages queue the import and
show its result; a worker killed with SIGKILL mid-import leaves nothing, and the
next worker imports the upload exactly once."""

import importlib
import os
import signal
import threading
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from lebenswert.audit.models import Change
from lebenswert.core import jobs
from services import actions, tasks
from services.models import FigureImport, Indicator, IndicatorValue
from tests.workers import Worker, WorkerQueue, wait_for

pytestmark = pytest.mark.worker

TIMEOUT = 60  # seconds
HEARTBEAT = 0.5
HEADER = "AGS;Kennzahl;Jahr;Wert;Quelle\n"


@pytest.fixture
def indicators(transactional_db):
    """Committed data for the worker: the sectors and indicators of the migrations
    (a flush after an earlier transactional test removed them)."""
    reference = importlib.import_module(
        "services.migrations.0002_sectors_and_indicators"
    )
    reference.add_reference_data(django_apps, None)


@pytest.fixture(scope="module")
def figure_queue(request, django_db_setup, tmp_path_factory):
    queue = WorkerQueue(
        folder=tmp_path_factory.mktemp("figures"),
        env={"LEBENSWERT_JOB_HEARTBEAT": str(HEARTBEAT)},
        task_names=[tasks.figure_import_run.name],
    )
    request.addfinalizer(queue.close)
    return queue


@pytest.fixture
def worker_storage(figure_queue, monkeypatch, settings):
    """Uploads land where the worker reads them; the heartbeat as there."""
    figure_queue.share_files(FigureImport, monkeypatch, settings, heartbeat=HEARTBEAT)


def _finished(pk: int):
    figure_import = FigureImport.objects.get(pk=pk)
    return figure_import if figure_import.is_finished else None


def _alive(queue: WorkerQueue) -> list[Worker]:
    alive = [w for w in queue.workers if w.process.poll() is None]
    return alive or [queue.start()]


def test_the_pages_queue_the_import_and_show_the_workers_result(
    indicators, client, roles, municipality, figure_queue, worker_storage
):
    workers = _alive(figure_queue)
    client.force_login(roles["editor"])
    csv_file = SimpleUploadedFile(
        "z.csv", (HEADER + "06636003;stormwater_fee_m2;2016;1,46;Satzung\n").encode()
    )
    detail = client.post(reverse("services:figure_import_create"), {"file": csv_file})
    assert "1 neue Werte" in client.get(detail.url).content.decode()

    queued = client.post(detail.url, follow=True).content.decode()

    assert "Der Import läuft." in queued
    upload = FigureImport.objects.get()
    done = wait_for(lambda: _finished(upload.pk), "the import did not finish", workers)
    assert done.status == FigureImport.Status.SUCCEEDED, done.error
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("1.46") and value.updated_by == roles["editor"]
    assert Change.objects.filter(object_repr__startswith="stormwater").count() == 1
    page = client.get(detail.url).content.decode()
    assert "importiert: 1 neu, 0 geändert, 0 unverändert" in page


def _big_file(municipality) -> tuple[str, list[tuple]]:
    """Every indicator for every year of one municipality (over 2,000 rows, so
    the values are written in more than one statement); the keys in file order."""
    lines, keys = [HEADER], []
    for indicator in Indicator.objects.order_by("code"):
        value = str(indicator.minimum.normalize()).replace(".", ",")
        for year in range(1950, 2101):
            lines.append(f"{municipality.ags};{indicator.code};{year};{value};Test\n")
            keys.append((indicator, year))
    return "".join(lines), keys


class _RowHeld:
    """Another transaction inserts the value of `key` and keeps it uncommitted:
    an import writing the same key waits for it, mid-way through its writes."""

    def __init__(self, municipality, key):
        self.municipality, self.key = municipality, key
        self.held, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        indicator, year = self.key
        try:
            with transaction.atomic():
                IndicatorValue.objects.create(
                    municipality=self.municipality,
                    indicator=indicator,
                    year=year,
                    value=indicator.minimum,
                    source="gehalten",
                )
                self.held.set()
                self.release.wait(TIMEOUT)
                transaction.set_rollback(True)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.held.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.thread.join()


def _waiting_insert() -> bool:
    """The worker's INSERT of figures waits for a row lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND query LIKE %s",
            ["INSERT INTO%indicatorvalue%"],
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_import_leaves_the_import_to_the_next_exactly_once(
    indicators, roles, municipality, figure_queue, worker_storage
):
    if connection.vendor != "postgresql":
        pytest.skip("watches the worker's lock wait in pg_stat_activity")
    editor = roles["editor"]
    existing = actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2023,
        value=Decimal("2.00"),
        source="alt",
        actor=editor,
    )
    text, keys = _big_file(municipality)
    assert len(keys) > 2000
    upload = actions.figure_import_create(
        uploaded_file=SimpleUploadedFile("gross.csv", text.encode()),
        default_source="",
        actor=editor,
    )
    changes_before = Change.objects.count()
    for worker in figure_queue.workers:
        worker.stop()
    first = figure_queue.start()

    with _RowHeld(municipality, keys[-1]):
        actions.figure_import_queue(figure_import=upload, actor=editor)
        wait_for(_waiting_insert, "the import did not reach its last rows", [first])
        assert FigureImport.objects.get(pk=upload.pk).status == "running"
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)

    # The killed worker's transaction never committed.
    assert list(IndicatorValue.objects.values_list("pk", flat=True)) == [existing.pk]
    assert Change.objects.count() == changes_before
    assert FigureImport.objects.get(pk=upload.pk).status == "running"

    second = figure_queue.start()
    # Celery beat runs the recovery every minute; here once the heartbeat is stale.
    recovered = wait_for(jobs.jobs_recover, "the import was not taken up", [second])
    assert recovered == {"services.figureimport": [upload.pk]}
    done = wait_for(lambda: _finished(upload.pk), "the import did not finish", [second])

    assert done.status == FigureImport.Status.SUCCEEDED, done.error
    assert done.attempts == 2
    assert done.counts == {"new": len(keys) - 1, "changed": 1, "unchanged": 0}
    assert IndicatorValue.objects.count() == len(keys)
    assert Change.objects.count() == changes_before + len(keys)  # each value once
    existing.refresh_from_db()
    assert existing.version == 2  # raised once, by the one import that counted
    assert second.output().count("succeeded in") == 1
