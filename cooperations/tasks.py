from celery import shared_task
from django.utils import timezone

from lebenswert.core.tasks import mail_task

from . import actions


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def deadline_reminders_send() -> int:
    """Daily beat job; each reminder goes out once (DeadlineReminder's unique key)."""
    return actions.deadline_reminders_send(today=timezone.localdate())


@mail_task
def cooperation_partner_request_send(partner_id: int) -> int:
    """E-mail a request to take part, queued after the commit that made it."""
    return actions.cooperation_partner_request_send(partner_id=partner_id)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def open_data_write() -> int:
    """Nightly beat job: the open-data files, each replaced whole (idempotent)."""
    return len(actions.open_data_write())
