from celery import shared_task
from django.conf import settings
from django.utils import timezone

from lebenswert.core.tasks import mail_task

from . import actions


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def users_inactive_anonymise() -> list[int]:
    """Daily beat job: personal data of long-inactive accounts is erased."""
    days = settings.LEBENSWERT_RETENTION_DAYS
    if not days:
        return []
    return actions.users_inactive_anonymise(now=timezone.now(), retention_days=days)


@mail_task
def password_reset_send(user_ids: list[int], base_url: str, language: str) -> int:
    """Send password-reset mails queued by a request (after its response)."""
    return actions.password_reset_send(
        user_ids=user_ids, base_url=base_url, language=language
    )
