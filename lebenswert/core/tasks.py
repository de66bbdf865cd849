from celery import shared_task

from . import jobs


@shared_task(soft_time_limit=60, time_limit=90)
def jobs_recover() -> dict[str, list[int]]:
    """Beat job: take up jobs whose worker died or whose message got lost."""
    return jobs.jobs_recover()
