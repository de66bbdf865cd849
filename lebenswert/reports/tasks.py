from celery import shared_task
from django.db import OperationalError

from lebenswert.core.jobs import job_task

from . import actions
from .models import ReportJob


@job_task(
    ReportJob,
    stale_after=actions.STALE_AFTER,
    lost_after=actions.LOST_AFTER,
    reset={"progress": 0},
)
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=actions.SOFT_TIME_LIMIT,
    time_limit=actions.HARD_TIME_LIMIT,
    autoretry_for=(OperationalError, ConnectionError),
    max_retries=5,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
)
def report_job_run(self, job_id: int) -> str:
    """Render a report job; idempotent through the job's status and claim."""
    final = self.request.retries >= self.max_retries
    return actions.report_job_run(job_id=job_id, final_attempt=final).status
