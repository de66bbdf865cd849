from celery import shared_task
from django.utils import timezone

from . import actions


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def deadline_reminders_send() -> int:
    """Daily beat job; each reminder goes out once (DeadlineReminder's unique key)."""
    return actions.deadline_reminders_send(today=timezone.localdate())
