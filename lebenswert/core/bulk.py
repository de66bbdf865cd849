"""Bulk writes for imports: one upsert on Django's own INSERT … ON CONFLICT."""

from collections.abc import Sequence

from django.db import models

BATCH_SIZE = 1000


def bulk_upsert(
    model: type[models.Model],
    rows: Sequence[models.Model],
    *,
    unique_fields: Sequence[str],
    update_fields: Sequence[str],
    batch_size: int = BATCH_SIZE,
) -> list[models.Model]:
    """Insert `rows` (unsaved instances of `model`), or update `update_fields` of
    the row with the same `unique_fields`; in batches of `batch_size`.

    Returns the rows with their primary keys set (PostgreSQL and SQLite return
    them for inserted and updated rows alike). No signals, no `save()`.
    """
    if not rows:
        return []
    return model.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=list(unique_fields),
        update_fields=list(update_fields),
        batch_size=batch_size,
    )
