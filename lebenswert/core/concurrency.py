"""Optimistic locking: a save based on an outdated version is refused, not merged."""

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved the record after the form was opened."""

    def __init__(self, current: models.Model, last_change=None):
        self.current = current
        self.last_change = last_change
        super().__init__(f"{current!r} was changed by someone else")


ANY_VERSION = -1  # the caller overwrites deliberately (e.g. a confirmed import)


def check_version(instance: models.Model, expected_version: int | None) -> None:
    """Raise EditConflict unless the (locked) row is still at `expected_version`.

    `None` means the editor saw no record at all, so an existing one is a conflict.
    """
    if expected_version == ANY_VERSION:
        return
    if instance.version != expected_version:
        from lebenswert.audit.models import Change

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
    from django.core.exceptions import ValidationError

    from lebenswert.audit.actions import change_record, snapshot
    from lebenswert.audit.models import Change

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
    change_record(
        instance=existing,
        action=Change.Action.UPDATE,
        actor=actor,
        before=before,
        after=snapshot(existing, audited),
        municipality=municipality,
    )
    return existing


def _refuse_if_created_meanwhile(model: type[models.Model], lookup: dict) -> None:
    """Raise EditConflict if another writer has created the row `lookup` names.

    PostgreSQL lets the second insert wait for the first writer's commit, so the
    row is visible here once the unique constraint has failed.
    """
    from lebenswert.audit.models import Change

    existing = model.objects.select_for_update().filter(**lookup).first()
    if existing is not None:
        raise EditConflict(existing, Change.objects.for_object(existing).first())


def conflict_message(error: EditConflict) -> str:
    """What the editor is told: who changed what when, and that nothing was saved."""
    change = error.last_change
    if change is None:
        return _("Jemand anderes hat diese Angabe inzwischen geändert.")

    def shown(value):
        return value if value not in (None, "") else "–"

    # The fields' labels, as the form shows them, not their names in the code.
    details = "; ".join(
        f"{label}: {shown(old)} → {shown(new)}"
        for label, old, new in change.readable_changes
    )
    return _(
        "%(who)s hat diese Angabe am %(when)s geändert (%(details)s). "
        "Ihre Eingabe wurde nicht gespeichert. Prüfen Sie die aktuellen Werte "
        "und speichern Sie erneut, wenn Ihre Angabe trotzdem gelten soll."
    ) % {
        "who": change.actor_repr or _("Jemand"),
        "when": date_format(timezone.localtime(change.at), "DATETIME_FORMAT"),
        "details": details,
    }


def write_error_on_form(form, error: Exception) -> int:
    """Put a refused write's reason on the form; returns the HTTP status to answer.

    A conflict also moves the form's version on, so that saving again after
    checking the current values is a deliberate overwrite.
    """
    if isinstance(error, EditConflict):
        form.add_error(None, conflict_message(error))
        form.data = form.data.copy()
        form.data["version"] = error.current.version
        return 409
    form.add_error(None, error)
    return 400
