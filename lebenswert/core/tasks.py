from smtplib import SMTPException

from celery import shared_task

from . import jobs

# A task that sends e-mail: a mail server that is down or refuses for a moment is
# tried again, with growing pauses, five times at the most.
mail_task = shared_task(
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)


@shared_task(soft_time_limit=60, time_limit=90)
def jobs_recover() -> dict[str, list[int]]:
    """Beat job: take up jobs whose worker died or whose message got lost."""
    return jobs.jobs_recover()
