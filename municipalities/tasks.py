from celery import shared_task

from lebenswert.core.jobs import job_task

from . import actions
from .models import DirectoryImport


@job_task(
    DirectoryImport, stale_after=actions.STALE_AFTER, lost_after=actions.STALE_AFTER
)
@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def directory_import_run(directory_import_id: int) -> str:
    """Import an uploaded official file; idempotent through the import's status."""
    return actions.directory_import_run(directory_import_id=directory_import_id).status
