from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import actions


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def users_inactive_anonymise() -> list[int]:
    """Daily beat job: personal data of long-inactive accounts is erased."""
    days = settings.LEBENSWERT_RETENTION_DAYS
    if not days:
        return []
    return actions.users_inactive_anonymise(now=timezone.now(), retention_days=days)
