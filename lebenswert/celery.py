"""The Celery app. Workers start with `celery -A lebenswert worker`.

Every worker recovers jobs itself (no beat process needed): when it is ready it
starts lebenswert.core.jobs.RecoveryLoop, which takes up the jobs of dead
workers and lost messages at once and then every JOBS_RECOVER_SECONDS, and
writes the worker's health file (lebenswert.core.workers, `manage.py
worker_health`).
"""

import os

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lebenswert.settings")

app = Celery("lebenswert")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_recovery = {}


@worker_ready.connect
def _recovery_start(sender, **kwargs) -> None:
    from django.conf import settings

    from lebenswert.core import jobs, workers

    nodename = sender.hostname
    interval = settings.JOBS_RECOVER_SECONDS
    watch = workers.PoolWatch()
    _recovery[nodename] = jobs.RecoveryLoop(
        interval, also=lambda: workers.health_write(nodename, watch, interval)
    ).start()


@worker_shutdown.connect
def _recovery_stop(sender, **kwargs) -> None:
    from lebenswert.core import workers

    loop = _recovery.pop(sender.hostname, None)
    if loop is not None:
        loop.stop()
        workers.health_remove(sender.hostname)
