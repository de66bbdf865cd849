"""The Celery app. Workers start with `celery -A lebenswert worker`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lebenswert.settings")

app = Celery("lebenswert")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
