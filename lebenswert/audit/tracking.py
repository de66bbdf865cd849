"""History for records people change in the admin (accounts, roles, partner
organisations): every create, change and delete, with actor and request id.

Records changed through actions write their history there; these models have no
actions of their own beyond the admin, so model signals are the one place.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save, pre_save

from .actions import change_record, snapshot
from .context import current_actor
from .models import Change

_paused: ContextVar[bool] = ContextVar("audit_tracking_paused", default=False)


@contextmanager
def tracking_paused() -> Iterator[None]:
    """For an action that writes its own, deliberately sparse record (erasing a
    person must not copy their name into new records)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _actor():
    user = current_actor.get()
    return user if user is not None and user.is_authenticated else None


def track(model, fields: list[str], municipality: Callable | None = None) -> None:
    """Record each save and delete of `model` with the values of `fields`."""
    uid = f"audit-{model._meta.label}"

    def where(instance):
        return municipality(instance) if municipality else None

    def before_save(sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None or _paused.get():
            instance._audit_before = None
            return
        old = sender.objects.filter(pk=instance.pk).first()
        instance._audit_before = snapshot(old, fields) if old else None

    def after_save(sender, instance, created, raw=False, **kwargs):
        if raw or _paused.get():
            return
        before = getattr(instance, "_audit_before", None)
        change_record(
            instance=instance,
            action=Change.Action.CREATE if created else Change.Action.UPDATE,
            actor=_actor(),
            before=before,
            after=snapshot(instance, fields),
            municipality=where(instance),
        )

    def after_delete(sender, instance, **kwargs):
        if _paused.get():
            return
        change_record(
            instance=instance,
            action=Change.Action.DELETE,
            actor=_actor(),
            before=snapshot(instance, fields),
            municipality=where(instance),
        )

    pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(after_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(after_delete, sender=model, weak=False, dispatch_uid=uid)
