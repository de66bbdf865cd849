"""The versioned save: optimistic locking with the change history, in one call.

A save based on an outdated version is refused (EditConflict), not merged; every
create and update writes its audit row (lebenswert.audit.Change) and raises the
data versions of the row's scopes (its model's `data_scopes()`).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from lebenswert.core.concurrency import ANY_VERSION, EditConflict
from lebenswert.core.fragments import bump, scopes_of

from .actions import change_record, snapshot
from .models import Change


def check_version(instance: models.Model, expected_version: int | None) -> None:
    """Raise EditConflict unless the (locked) row is still at `expected_version`.

    `None` means the editor saw no record at all, so an existing one is a conflict.
    """
    if expected_version == ANY_VERSION:
        return
    if instance.version != expected_version:
        raise EditConflict(instance, Change.objects.for_object(instance).first())


def versioned_save(
    *,
    model: type[models.Model],
    lookup: dict,
    fields: dict,
    audited: list[str],
    actor,
    expected_version: int | None,
    municipality=None,
    deleted_message: str,
    create_only: bool = False,
) -> models.Model:
    """Create or update the row `lookup` names, checking its version, with history.

    The caller's transaction holds the row lock. `expected_version` is the version
    the editor saw (None: no row existed; ANY_VERSION: overwrite deliberately).
    """
    existing = (
        None
        if create_only
        else model.objects.select_for_update().filter(**lookup).first()
    )
    if existing is None:
        if expected_version not in (None, ANY_VERSION):
            raise ValidationError(deleted_message)
        record = model(**lookup, **fields, updated_by=actor)
        try:
            record.full_clean()
            # In a savepoint: if someone else inserted the same row since the
            # lookup above, the unique constraint fails and the transaction goes on.
            with transaction.atomic():
                record.save(force_insert=True)
        except (ValidationError, IntegrityError):
            if not create_only:
                _refuse_if_created_meanwhile(model, lookup)
            raise
        change_record(
            instance=record,
            action=Change.Action.CREATE,
            actor=actor,
            after=snapshot(record, audited),
            municipality=municipality,
        )
        return record
    check_version(existing, expected_version)
    before = snapshot(existing, audited)
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.updated_by = actor
    existing.version += 1
    existing.full_clean()
    existing.save()
    recorded = change_record(
        instance=existing,
        action=Change.Action.UPDATE,
        actor=actor,
        before=before,
        after=snapshot(existing, audited),
        municipality=municipality,
    )
    if recorded is None:  # no audited field changed, but the version moved on
        bump(*scopes_of(existing))
    return existing


def versioned_touch(
    model: type[models.Model], *, pk, actor, expected_version: int
) -> models.Model:
    """Lock the row, check the version the editor saw and raise it, without
    changing a field: for changes to its parts (a cooperation's partners).

    The data versions of the row's scopes are raised too.
    """
    current = model.objects.select_for_update().get(pk=pk)
    check_version(current, expected_version)
    current.version += 1
    current.updated_by = actor
    current.save(update_fields=["version", "updated_by", "updated_at"])
    bump(*scopes_of(current))
    return current


def _refuse_if_created_meanwhile(model: type[models.Model], lookup: dict) -> None:
    """Raise EditConflict if another writer has created the row `lookup` names.

    PostgreSQL lets the second insert wait for the first writer's commit, so the
    row is visible here once the unique constraint has failed.
    """
    existing = model.objects.select_for_update().filter(**lookup).first()
    if existing is not None:
        raise EditConflict(existing, Change.objects.for_object(existing).first())
