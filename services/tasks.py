from celery import shared_task

from lebenswert.core.jobs import job_task

from . import actions
from .models import FigureImport


@job_task(FigureImport, stale_after=actions.STALE_AFTER, lost_after=actions.STALE_AFTER)
@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def figure_import_run(figure_import_id: int) -> str:
    """Import a checked CSV of figures; idempotent through the import's status."""
    return actions.figure_import_run(figure_import_id=figure_import_id).status
