"""Requesting and rendering reports. The worker side is idempotent: a job is
claimed once (lebenswert.core.jobs), its file is written atomically under its
content key, and a job whose worker died is taken up again (by the redelivered
task, or the workers' own recovery loop; no beat needed).

One render per content key: a request for a report that is already queued or
being rendered for someone else joins that job (its own row, no message of its
own); the job that renders settles the jobs that joined it when it ends. A
database constraint lets only one job per content key run at a time.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import OperationalError, transaction
from django.http import Http404
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import get_language, override

from lebenswert.accounts.models import User
from lebenswert.core import jobs
from lebenswert.core.fragments import versions
from lebenswert.core.queue import enqueue
from lebenswert.core.storage import write_atomically

from . import renderer
from .models import ReportJob
from .registry import ReportKind, kind_get, params_clean

logger = logging.getLogger(__name__)

# The task's limits (tasks.py); a job "running" for longer lost its worker.
SOFT_TIME_LIMIT = 120
HARD_TIME_LIMIT = 180
STALE_AFTER = timedelta(seconds=HARD_TIME_LIMIT + 60)
# A queued job whose message got lost (broker restarted without persistence).
LOST_AFTER = timedelta(minutes=10)

TEMPLATE_ERROR = (
    "Die Druckvorlage dieses Berichts ist fehlerhaft ({detail}). Ein neuer Versuch "
    "hilft nicht; bitte melden Sie den Fehler dem Betrieb des Portals."
)
GONE_ERROR = (
    "Was der Bericht zeigen soll, gibt es nicht mehr (gelöscht oder umbenannt). "
    "Bitte fordern Sie den Bericht auf der aktuellen Seite neu an."
)
TIMEOUT_ERROR = (
    "Der Bericht brauchte länger als {seconds} Sekunden und wurde abgebrochen. "
    "Bitte versuchen Sie es später noch einmal; hält der Fehler an, melden Sie ihn "
    "dem Betrieb."
)
TRANSIENT_ERROR = (
    "Datenbank oder Warteschlange waren wiederholt nicht erreichbar. Bitte fordern "
    "Sie den Bericht in einigen Minuten erneut an."
)
QUEUE_ERROR = (
    "Der Bericht konnte nicht in Auftrag gegeben werden, weil die Warteschlange "
    "nicht erreichbar war. Bitte fordern Sie ihn in einigen Minuten erneut an."
)
INTERNAL_ERROR = (
    "Interner Fehler beim Erstellen des Berichts. Bitte versuchen Sie es später "
    "noch einmal; hält der Fehler an, melden Sie ihn dem Betrieb (Protokoll des "
    "Workers, Bericht Nr. {pk})."
)


def content_key(
    kind: ReportKind,
    params: dict,
    *,
    variant: str,
    today: date | None = None,
    language: str | None = None,
) -> str:
    """Same kind, parameters and data versions → same key → same file."""
    scopes = sorted(kind.scopes(params))
    parts = {
        "kind": kind.name,
        "params": params,
        "variant": variant,
        "versions": dict(zip(scopes, versions(*scopes), strict=True)),
        "renderer": renderer.RENDERER_VERSION,
        # Deadlines and the "Stand" on the cover change with the day.
        "day": (today or timezone.localdate()).isoformat(),
        "language": language or settings.LANGUAGE_CODE,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _reusable(key: str) -> ReportJob | None:
    return (
        ReportJob.objects.filter(content_key=key, status=ReportJob.Status.SUCCEEDED)
        .exclude(file="")
        .order_by("pk")
        .first()
    )


def report_job_create(
    *,
    user: User,
    kind: str,
    params: dict,
    variant: str = ReportJob.Variant.ACCESSIBLE,
    language: str | None = None,
) -> ReportJob:
    """Ask for a report: an existing file for the same data is reused, otherwise a
    job is queued for a worker once the transaction commits. The report is written
    in `language` (default: the language the user reads the portal in)."""
    report_kind = kind_get(kind)
    params = params_clean(report_kind, params)
    if not report_kind.permits(user, params):
        raise PermissionDenied(f"report {kind} {params}")
    if report_kind.audience is not None:
        params = {**params, **report_kind.audience(user, params)}
    language = report_language(language)
    key = content_key(report_kind, params, variant=variant, language=language)
    with transaction.atomic():
        done = _reusable(key)
        if done and done.requested_by_id == user.pk:
            return done
        # The same request of the same person, not yet done: that job, not another.
        asked = {
            "requested_by": user,
            "kind": kind,
            "params": params,
            "variant": variant,
            "language": language,
        }
        pending = ReportJob.objects.filter(
            **asked, status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]
        ).first()
        if pending:
            return pending
        with override(language):
            title = str(report_kind.title(params))[:250]
        job = ReportJob(**asked, title=title, content_key=key)
        if done:
            # Someone else had the same report made from the same data.
            job.status = ReportJob.Status.SUCCEEDED
            job.progress = 100
            job.content_key = key
            job.file = done.file.name
            job.started_at = job.finished_at = timezone.now()
            job.save()
            return job
        job.save()
        # Someone's request for the same report is open: this one joins it.
        job.joined = _earlier_open(key, job.pk).exists()
        transaction.on_commit(partial(_report_send, job.pk, key))
    return job


OPEN = [ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]


def _earlier_open(key: str, job_id: int):
    return ReportJob.objects.filter(content_key=key, status__in=OPEN, pk__lt=job_id)


def _report_send(job_id: int, key: str) -> None:
    """After the commit: join an earlier open job for the same content (it
    settles this one when it ends), or hand this job to the workers. Checked
    after the commit, so the earlier job either still sees this one when it
    settles, or has ended and this one runs (and reuses its file)."""
    if not _earlier_open(key, job_id).exists():
        _report_enqueue(job_id)


def _followers_settle(key: str, job_id: int, **fields) -> int:
    """The jobs that joined job `job_id` end as it ended (after its own end was
    committed: a job that joins later sees that end and runs itself)."""
    if not key:
        return 0
    return (
        ReportJob.objects.filter(content_key=key, status=ReportJob.Status.QUEUED)
        .exclude(pk=job_id)
        .update(finished_at=timezone.now(), **fields)
    )


class ReportNotQueued(Exception):
    """The broker did not take the job (unreachable); the job is marked failed."""


def _report_enqueue(job_id: int) -> None:
    """Hand the committed job to the workers; if the broker is down, the job
    (and any that joined it meanwhile) fails with the reason instead of waiting
    forever as "queued"."""
    from . import tasks

    if not enqueue(tasks.report_job_run, job_id):
        failed = {"status": ReportJob.Status.FAILED, "error": QUEUE_ERROR}
        ended = ReportJob.objects.filter(
            pk=job_id, status=ReportJob.Status.QUEUED
        ).update(finished_at=timezone.now(), **failed)
        if ended:
            key = ReportJob.objects.values_list("content_key", flat=True).get(pk=job_id)
            _followers_settle(key, job_id, **failed)
        raise ReportNotQueued(job_id)


def report_language(wanted: str | None) -> str:
    """One of the portal's languages: the wanted one, else the current, else German."""
    available = [code for code, _name in settings.LANGUAGES]
    for candidate in (wanted, get_language()):
        if candidate and candidate[:2] in available:
            return candidate[:2]
    return settings.LANGUAGE_CODE


@dataclass
class BuiltReport:
    html: str
    pdf: bytes


def report_build(
    kind: ReportKind,
    params: dict,
    *,
    variant: str = ReportJob.Variant.ACCESSIBLE,
    progress=lambda percent: None,
    language: str | None = None,
) -> BuiltReport:
    """Selector, print template and renderer: the one code path of task, command
    line and benchmark."""
    with override(report_language(language)):
        context = kind.selector(params)
        progress(40)
        html = renderer.report_html(kind.template, context)
        progress(60)
        pdf = renderer.html_to_pdf(html, variant=variant)
    return BuiltReport(html=html, pdf=pdf)


def _write_atomically(name: str, data: bytes) -> str:
    """Store `data` under `name` in the report storage; a reader never sees half
    a file, and a second writer of the same content key just replaces it."""
    return write_atomically(ReportJob._meta.get_field("file").storage, name, data)


def report_job_run(*, job_id: int, final_attempt: bool = True) -> ReportJob:
    """Render a queued job once; a finished or running one is left alone.

    Transient errors (database, connection) put the job back into the queue and
    are raised again for the task to retry; on the final attempt the job fails.
    """
    claim = jobs.job_claim(ReportJob, job_id, progress=5)
    job = ReportJob.objects.get(pk=job_id)
    if claim is None:
        return job
    fail = None
    key = job.content_key
    try:
        kind = kind_get(job.kind)
        # The key the job was asked under (jobs that joined it share it).
        key = key or content_key(
            kind, job.params, variant=job.variant, language=job.language
        )
        done = _reusable(key)
        if done:
            name = done.file.name
        else:
            with jobs.Heartbeat(ReportJob, job.pk, claim):

                def progress(percent: int) -> None:
                    jobs.job_heartbeat(ReportJob, job.pk, claim, progress=percent)

                built = report_build(
                    kind,
                    job.params,
                    variant=job.variant,
                    progress=progress,
                    language=job.language,
                )
            name = _write_atomically(f"reports/{key}.pdf", built.pdf)
    except (OperationalError, ConnectionError):
        if final_attempt:
            logger.exception("Report %s failed for good", job_id)
            fail = TRANSIENT_ERROR
        else:
            jobs.job_release(ReportJob, job_id, claim)
            raise
    except (TemplateSyntaxError, TemplateDoesNotExist) as error:
        logger.exception("Report %s: template error", job_id)
        fail = TEMPLATE_ERROR.format(detail=str(error)[:300])
    except (ObjectDoesNotExist, Http404):
        fail = GONE_ERROR
    except SoftTimeLimitExceeded:
        fail = TIMEOUT_ERROR.format(seconds=SOFT_TIME_LIMIT)
    except Exception:
        logger.exception("Report %s failed", job_id)
        fail = INTERNAL_ERROR.format(pk=job_id)
    if fail:
        if jobs.job_fail(ReportJob, job_id, claim, error=fail):
            _followers_settle(key, job_id, status=ReportJob.Status.FAILED, error=fail)
    elif jobs.job_finish(
        ReportJob, job_id, claim, progress=100, content_key=key, file=name
    ):
        _followers_settle(
            key,
            job_id,
            status=ReportJob.Status.SUCCEEDED,
            progress=100,
            file=name,
            started_at=timezone.now(),
        )
    job.refresh_from_db()
    return job
