"""PDF reports in-process: contents, tags, jobs, cache, permissions, queries."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from cooperations import actions as cooperation_actions
from lebenswert.core import jobs
from lebenswert.core.concurrency import ANY_VERSION
from lebenswert.reports import actions, renderer, tasks
from lebenswert.reports.models import ReportJob
from lebenswert.reports.registry import REPORT_KINDS, ReportKind
from municipalities.models import Municipality
from services import actions as service_actions
from services.models import Indicator
from tests.factories import KreisFactory, MunicipalityFactory
from tests.outage import broker_down
from tests.reports.conftest import flat, pdf_text


def _build(kind: str, variant: str = "pdf/ua-1", **params) -> bytes:
    return actions.report_build(REPORT_KINDS[kind], params, variant=variant).pdf


# --- contents -----------------------------------------------------------------


def test_gemeindesteckbrief_shows_official_figures_sectors_cooperations_and_advice(
    pilot,
):
    text = pdf_text(_build("gemeinde", ags="06636003"))

    for expected in [
        "Gemeindesteckbrief Eschwege",
        "Eschwege, Kreisstadt",
        "06636003",
        "18.743",  # population 31.12.2024 (Zensus 2022)
        "Werra-Meißner-Kreis",
        "Wasserpreis je m³",
        "Median im Kreis",
        "Demowert",
        "Meißner-Verbandswasserwerk",
        "Kommunale Arbeitsgemeinschaft „Mittleres Werratal“",
        "Empfehlungen des Leitfadens",
        "Dienstleistungspool Siedlungswasserwirtschaft prüfen",
        "© Statistisches Bundesamt (Destatis)",
    ]:
        assert flat(expected) in text, expected
    # No outlines loaded, none drawn: no BKG credit (test_pdfua.py has one loaded).
    assert "BKG" not in text


def test_kooperationsdossier_shows_partners_form_law_and_ledger(pilot, wasserwerk):
    text = pdf_text(_build("kooperation", pk=str(wasserwerk.pk)))

    for expected in [
        "Kooperationsdossier Meißner-Verbandswasserwerk",
        "Eschwege",
        "Meißner",
        "Wehretal",
        "Zweckverband",
        "§§ 5–23a KGG",
        "Partner und Kostenanteile",
        "Noch keine Einsparungen eingetragen",
        "Zweckverband seit 1912",
        "Quellen und Nachweise",
    ]:
        assert flat(expected) in text, expected


def test_regionalbericht_shows_every_municipality_matrix_network_and_gaps(pilot):
    text = pdf_text(_build("region", kreis="06636"))

    for expected in [
        "Regionalbericht Werra-Meißner-Kreis",
        "97.695",  # inhabitants of the 17 municipalities (and the Gutsbezirk)
        "Eschwege",
        "Witzenhausen",
        "Wanfried",
        "Sontra",
        "Bad Sooden-Allendorf",
        "Wer kooperiert wo",
        "Netz der Kooperationen",
        "Dienstleistungspool Siedlungswasserwirtschaft (Beispiel)",
        "Lücken",
        "Organisationsformen",
    ]:
        assert flat(expected) in text, expected
    for municipality in Municipality.objects.filter(kreis_id="06636"):
        assert flat(municipality.short_name) in text, municipality.short_name


# --- the PDF itself -----------------------------------------------------------


def _catalog(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    return reader, reader.trailer["/Root"]


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.mark.parametrize(
    "kind,params",
    [("gemeinde", {"ags": "06636003"}), ("region", {"kreis": "06636"})],
)
def test_reports_are_tagged_pdf_ua_1_with_title_language_author_and_own_fonts(
    pilot, kind, params
):
    reader, root = _catalog(_build(kind, **params))

    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "de"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == REPORT_KINDS[kind].title(params)
    assert "LebensWert" in reader.metadata.author
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert len(reader.pages) >= 6  # cover, contents, chapters, sources
    # Only the shipped fonts, subset and embedded: no system-font surprises.
    fonts = _fonts(reader)
    assert fonts and all("+LebensWert-Sans" in name for name in fonts), fonts


def test_archive_variant_is_pdf_a_3b(pilot):
    reader, _root = _catalog(_build("gemeinde", variant="pdf/a-3b", ags="06636003"))

    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    assert reader.metadata.title == "Gemeindesteckbrief Eschwege"


def test_the_table_of_contents_names_page_numbers(pilot):
    reader, _root = _catalog(_build("gemeinde", ags="06636003"))

    contents = reader.pages[1].extract_text()
    assert "Inhalt" in contents
    assert "Quellen und Nachweise" in contents
    # Dotted leaders end in the page number of each chapter.
    assert re.search(r"Amtliche Angaben und Lage \.+\s+3\b", contents), contents
    assert re.search(r"Quellen und Nachweise \.+\s+\d+\b", contents), contents
    assert "Seite 2 von" in contents


def test_the_renderer_reads_only_static_files(settings):
    from weasyprint.urls import URLFetchingError

    fetcher = renderer.StaticOnlyFetcher([settings.BASE_DIR / "static"])
    with pytest.raises((URLFetchingError, ValueError), match="protocol"):
        fetcher.fetch("https://example.org/tracker.png")
    with pytest.raises(URLFetchingError):
        fetcher.fetch("file:///etc/passwd")
    font = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans.ttf"
    assert fetcher.fetch(font.as_uri())


# --- jobs ---------------------------------------------------------------------


def _request(user, kind="gemeinde", **params):
    return actions.report_job_create(
        user=user, kind=kind, params=params or {"ags": "06636003"}
    )


def test_job_lifecycle_from_request_to_file(
    people, report_storage, queued, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(people["eschwege_editor"])

    assert job.status == ReportJob.Status.QUEUED
    assert job.title == "Gemeindesteckbrief Eschwege"
    assert queued == [job.pk]

    done = actions.report_job_run(job_id=job.pk)

    assert done.status == ReportJob.Status.SUCCEEDED
    assert (done.progress, done.attempts, done.error) == (100, 1, "")
    assert done.started_at <= done.finished_at
    assert len(done.content_key) == 64
    assert done.file.name == f"reports/{done.content_key}.pdf"
    with done.file.open("rb") as handle:
        assert flat("Gemeindesteckbrief Eschwege") in pdf_text(handle.read())
    # Idempotent: a second delivery of the message renders nothing.
    assert actions.report_job_run(job_id=job.pk).status == ReportJob.Status.SUCCEEDED
    assert len(renders) == 1
    assert [p.name for p in (report_storage / "reports").iterdir()] == [
        f"{done.content_key}.pdf"
    ]


def test_same_data_returns_the_existing_file_without_rendering(
    people, report_storage, queued, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(people["eschwege_editor"])
    actions.report_job_run(job_id=first.pk)

    again = _request(people["eschwege_editor"])
    colleague = _request(people["planner"])
    first.refresh_from_db()

    assert again.pk == first.pk
    assert colleague.pk != first.pk and colleague.requested_by == people["planner"]
    assert colleague.status == ReportJob.Status.SUCCEEDED
    assert colleague.file.name == first.file.name
    assert len(renders) == 1 and queued == [first.pk]


def test_a_double_click_while_queued_gives_the_same_job(people, report_storage, queued):
    first = _request(people["eschwege_editor"])
    second = _request(people["eschwege_editor"])
    assert first.pk == second.pk


def test_changed_data_renders_a_new_file(
    people, report_storage, queued, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(people["eschwege_editor"])
    actions.report_job_run(job_id=first.pk)
    service_actions.indicator_value_set(
        municipality=Municipality.objects.get(ags="06636003"),
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2025,
        value=Decimal("3.11"),
        source="Wasserversorgungssatzung 2025",
        actor=people["eschwege_editor"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        second = _request(people["eschwege_editor"])
    assert second.pk != first.pk and second.status == ReportJob.Status.QUEUED
    done = actions.report_job_run(job_id=second.pk)

    assert done.content_key != first.content_key
    assert len(renders) == 2
    with done.file.open("rb") as handle:
        assert "3,11" in pdf_text(handle.read())


def test_a_cooperation_change_renders_the_dossier_anew(
    people, wasserwerk, report_storage, queued, renders
):
    kind = REPORT_KINDS["kooperation"]
    params = {"pk": str(wasserwerk.pk)}
    before = actions.content_key(kind, params, variant="pdf/ua-1")
    cooperation_actions.cooperation_update(
        cooperation=wasserwerk,
        actor=people["eschwege_editor"],
        expected_version=wasserwerk.version,
        notice_period_months=12,
    )
    assert actions.content_key(kind, params, variant="pdf/ua-1") != before


def test_a_template_error_fails_the_job_with_a_message_and_no_retry(
    people, report_storage, queued, settings, tmp_path
):
    broken = tmp_path / "municipalities" / "report_profile.html"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "{% extends 'reports/base_print.html' %}{% block content %}{% if %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    job = _request(people["eschwege_editor"])

    done = actions.report_job_run(job_id=job.pk)

    assert done.status == ReportJob.Status.FAILED
    assert done.error.startswith("Die Druckvorlage dieses Berichts ist fehlerhaft")
    assert "Ein neuer Versuch hilft nicht" in done.error
    assert not done.file


def test_a_transient_error_requeues_for_a_retry_and_fails_on_the_last(
    people, report_storage, queued, monkeypatch
):
    def unavailable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(actions, "report_build", unavailable)
    job = _request(people["eschwege_editor"])

    with pytest.raises(OperationalError):
        actions.report_job_run(job_id=job.pk, final_attempt=False)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.QUEUED

    done = actions.report_job_run(job_id=job.pk, final_attempt=True)
    assert done.status == ReportJob.Status.FAILED
    assert "nicht erreichbar" in done.error
    assert done.attempts == 2


def test_the_task_retries_transient_errors_with_backoff_and_limits():
    task = tasks.report_job_run
    assert task.name == "lebenswert.reports.tasks.report_job_run"
    assert task.acks_late is True and task.reject_on_worker_lost is True
    assert (task.soft_time_limit, task.time_limit) == (120, 180)
    assert OperationalError in task.autoretry_for
    assert ConnectionError in task.autoretry_for
    assert task.retry_backoff and task.max_retries == 5


def test_a_job_left_running_by_a_dead_worker_is_taken_up_again(
    people, report_storage, queued, settings
):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    job = _request(people["eschwege_editor"])
    ReportJob.objects.filter(pk=job.pk).update(
        status="running",
        claim="dead",
        started_at=timezone.now() - timedelta(seconds=20),
        heartbeat_at=timezone.now() - timedelta(seconds=5),
    )
    queued.clear()

    # The worker might still be alive: nothing happens.
    assert jobs.jobs_recover() == {}
    assert actions.report_job_run(job_id=job.pk).status == ReportJob.Status.RUNNING

    ReportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=60)
    )
    assert jobs.jobs_recover() == {"reports.reportjob": [job.pk]}
    assert queued == [job.pk]
    done = actions.report_job_run(job_id=job.pk)
    assert done.status == ReportJob.Status.SUCCEEDED
    assert done.attempts == 1  # the recovered claim; the dead one never counted


def test_a_deleted_subject_fails_with_a_message(people, report_storage, queued):
    job = _request(people["eschwege_editor"])
    ReportJob.objects.filter(pk=job.pk).update(params={"ags": "06636999"})
    done = actions.report_job_run(job_id=job.pk)
    assert done.status == ReportJob.Status.FAILED
    assert "gibt es nicht mehr" in done.error


# --- permissions ----------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,params,allowed",
    [
        (
            "gemeinde",
            {"ags": "06636003"},
            {"eschwege_editor", "eschwege_viewer", "planner", "admin"},
        ),
        (
            "kooperation",
            "wasserwerk",
            {
                "eschwege_editor",
                "eschwege_viewer",
                "witzenhausen_editor",
                "planner",
                "admin",
            },
        ),  # fmt: skip
        (
            "region",
            {"kreis": "06636"},
            {
                "eschwege_editor",
                "eschwege_viewer",
                "witzenhausen_editor",
                "planner",
                "admin",
            },
        ),  # fmt: skip
    ],
)
def test_request_and_download_only_for_users_who_may_see_the_data(
    client, people, wasserwerk, report_storage, queued, kind, params, allowed
):
    if params == "wasserwerk":
        params = {"pk": str(wasserwerk.pk)}
    owner = people["admin"]
    job = actions.report_job_create(user=owner, kind=kind, params=params)
    actions.report_job_run(job_id=job.pk)
    for name, user in people.items():
        if name in allowed:
            assert actions.report_job_create(user=user, kind=kind, params=params)
        else:
            with pytest.raises(PermissionDenied):
                actions.report_job_create(user=user, kind=kind, params=params)
        client.force_login(user)
        detail = client.get(f"/berichte/{job.pk}/")
        download = client.get(f"/berichte/{job.pk}/pdf/")
        expected = 200 if name in allowed else 403
        assert (detail.status_code, download.status_code) == (expected, expected), name
        post = client.post("/berichte/neu/", {"kind": kind, **params})
        assert post.status_code == (302 if name in allowed else 403), name


def test_bad_parameters_are_refused_with_a_german_message(people):
    with pytest.raises(ValidationError, match="kein Gemeindeschlüssel"):
        _request(people["admin"], ags="Eschwege")
    with pytest.raises(ValidationError, match="Keine Gemeinde mit dem Schlüssel"):
        _request(people["admin"], ags="06636999")
    with pytest.raises(ValidationError, match="Unbekannte Berichtsart"):
        actions.report_job_create(user=people["admin"], kind="roman", params={})
    with pytest.raises(ValidationError, match="fehlt die Angabe: kreis"):
        actions.report_job_create(user=people["admin"], kind="region", params={})


def test_report_parameters_name_a_row_by_its_official_key_or_its_number(db):
    kreis = KreisFactory()
    region, dossier = REPORT_KINDS["region"], REPORT_KINDS["kooperation"]

    assert region.clean({"kreis": "06636"}) == {"kreis": "06636"}
    assert region.perm_object({"kreis": "06636"}) == kreis
    with pytest.raises(ValidationError, match="kein Kreisschlüssel: fünf Ziffern"):
        region.clean({"kreis": "0663"})
    with pytest.raises(ValidationError, match="Kein Kreis mit dem Schlüssel 06637"):
        region.clean({"kreis": "06637"})
    # A digit that is no decimal digit is not a number (int() would fail on it).
    with pytest.raises(ValidationError, match="keine Nummer einer Kooperation"):
        dossier.clean({"pk": "²"})
    with pytest.raises(ValidationError, match="Keine Kooperation mit der Nummer 007"):
        dossier.clean({"pk": "007"})
    assert dossier.perm_object({"pk": "7"}) is None


# --- pages ------------------------------------------------------------------------


def test_request_status_and_download_through_the_pages(
    client, people, report_storage, queued, django_capture_on_commit_callbacks
):
    client.force_login(people["eschwege_editor"])
    page = client.get("/gemeinden/06636003/").content.decode()
    assert "Gemeindesteckbrief erstellen (PDF)" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/berichte/neu/", {"kind": "gemeinde", "ags": "06636003"}
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/berichte/{job.pk}/"
    waiting = client.get(response.url).content.decode()
    assert "wartet" in waiting and 'hx-trigger="every 2s"' in waiting
    assert "ohne JavaScript bitte neu laden" in waiting

    actions.report_job_run(job_id=job.pk)
    partial = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "hx-trigger" not in partial
    assert f"/berichte/{job.pk}/pdf/" in partial

    download = client.get(f"/berichte/{job.pk}/pdf/")
    assert download["Content-Type"] == "application/pdf"
    assert "gemeindesteckbrief-eschwege.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    listing = client.get("/berichte/").content.decode()
    assert "Gemeindesteckbrief Eschwege" in listing


def test_report_buttons_only_for_users_who_may_request(client, people, wasserwerk):
    client.force_login(people["witzenhausen_editor"])
    assert (
        "Gemeindesteckbrief erstellen"
        not in client.get("/gemeinden/06636003/").content.decode()
    )
    assert (
        "Regionalbericht erstellen"
        in client.get("/kooperationen/matrix/?kreis=06636").content.decode()
    )
    assert (
        "Kooperationsdossier erstellen"
        in client.get(wasserwerk.get_absolute_url()).content.decode()
    )
    client.force_login(people["outsider"])
    assert (
        "Regionalbericht erstellen"
        not in client.get("/kooperationen/matrix/?kreis=06636").content.decode()
    )


def test_a_download_before_the_file_is_there_is_not_found(client, people, queued):
    job = _request(people["eschwege_editor"])
    client.force_login(people["eschwege_editor"])
    assert client.get(f"/berichte/{job.pk}/pdf/").status_code == 404


def test_a_request_with_the_broker_down_says_so_and_leaves_no_queued_job(
    transactional_db, client, roles, report_storage, monkeypatch
):
    # Committed for real, so that the job is handed to the broker in the request.
    client.force_login(roles["editor"])
    with broker_down():
        response = client.post(
            "/berichte/neu/", {"kind": "gemeinde", "ags": "06636003"}, follow=True
        )

    assert response.redirect_chain == [("/berichte/", 302)]
    assert "Warteschlange gerade nicht erreichbar" in response.content.decode()
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED
    assert "Warteschlange" in job.error and job.finished_at
    assert not ReportJob.objects.filter(status=ReportJob.Status.QUEUED).exists()
    # Once the broker is back, the same request makes a new job.
    sent = []
    monkeypatch.setattr(tasks.report_job_run, "delay", sent.append)
    again = _request(roles["editor"])
    assert again.pk != job.pk and sent == [again.pk]


# --- command line -------------------------------------------------------------------


def test_render_report_command_writes_the_pdf(pilot, tmp_path, wasserwerk):
    target = tmp_path / "region.pdf"
    call_command("render_report", "region", "06636", "-o", str(target), "--archive")
    reader = PdfReader(target)
    assert 'pdfaid:part="3"' in reader.xmp_metadata.stream.get_data().decode()

    from django.core.management import CommandError

    with pytest.raises(CommandError, match="braucht 1 Angabe"):
        call_command("render_report", "gemeinde", "-o", str(target))
    with pytest.raises(CommandError, match="Keine Kooperation mit der Nummer"):
        call_command("render_report", "kooperation", "999999", "-o", str(target))


# --- queries ------------------------------------------------------------------------


def _queries(kind: ReportKind, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        kind.selector(params)
    return len(captured)


def test_report_contexts_need_as_many_queries_for_many_rows_as_for_few(
    people, wasserwerk
):
    params = {
        "gemeinde": {"ags": "06636003"},
        "kooperation": {"pk": str(wasserwerk.pk)},
        "region": {"kreis": "06636"},
    }
    few = {name: _queries(REPORT_KINDS[name], p) for name, p in params.items()}

    kreis = Municipality.objects.get(ags="06636003").kreis
    extra = [
        MunicipalityFactory(kreis=kreis, ags=f"06636{n:03d}", name=f"Testdorf {n}")
        for n in range(700, 740)
    ]
    for number, partner in enumerate(extra[:20]):
        cooperation_actions.cooperation_create(
            actor=None,
            title=f"Testkooperation {number}",
            task="Gemeinsamer Bauhof",
            lead=partner,
            partners=[partner, Municipality.objects.get(ags="06636003")],
            status="exploring",
        )
        cooperation_actions.cooperation_partner_add(
            cooperation=wasserwerk,
            actor=None,
            expected_version=ANY_VERSION,
            municipality=partner,
        )
    many = {name: _queries(REPORT_KINDS[name], p) for name, p in params.items()}

    assert many == few
    assert max(few.values()) <= 30, few
