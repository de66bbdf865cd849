"""Optimistic locking: a save based on an outdated version is refused, not merged."""

from django.db import models


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
