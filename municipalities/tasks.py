from celery import shared_task

from . import actions


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def directory_import_run(directory_import_id: int) -> str:
    """Import an uploaded official file; idempotent through the import's status."""
    return actions.directory_import_run(directory_import_id=directory_import_id).status


@shared_task(soft_time_limit=60, time_limit=90)
def directory_imports_recover() -> list[int]:
    """Beat job: take up imports whose worker died (CELERY_BEAT_SCHEDULE)."""
    return actions.directory_imports_recover()
