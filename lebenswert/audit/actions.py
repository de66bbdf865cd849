from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lebenswert.core.fragments import bump, scopes_of

from .context import current_actor_name, current_request_id
from .models import Change


def plain_value(value: Any) -> Any:
    """A JSON-safe form of a field value, the same for every history record."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited fields of a row as JSON-safe values."""
    return {name: plain_value(getattr(instance, name)) for name in fields}


def change_record(
    *,
    instance: models.Model,
    action: str,
    actor,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    municipality=None,
) -> Change | None:
    """Record a change inside the caller's transaction; no-op updates record nothing.

    `municipality` is the one the change belongs to (its AGS is stored).

    A recorded change also raises the data versions `instance` belongs to (its
    model's `data_scopes()`), so cached pages showing it are built anew.
    """
    before, after = before or {}, after or {}
    changes = {
        name: [before.get(name), after.get(name)]
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }
    if action == Change.Action.UPDATE and not changes:
        return None
    bump(*scopes_of(instance))
    return Change.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=changes,
        actor=actor,
        actor_repr=str(actor)[:300] if actor else current_actor_name.get()[:300],
        municipality_ags=municipality.ags if municipality is not None else "",
        request_id=current_request_id.get(),
    )


def audited_fields_of(model: type[models.Model]) -> list[str]:
    """The fields whose changes the history shows: the model's `audited_fields`,
    or else every editable field."""
    declared = getattr(model, "audited_fields", None)
    if declared is not None:
        return list(declared)
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key
    ]


def stored_snapshot(instance: models.Model) -> dict[str, Any] | None:
    """The audited fields of the row as stored now (None: not stored yet)."""
    model = type(instance)
    if instance.pk is None:
        return None
    stored = model._default_manager.filter(pk=instance.pk).first()
    return snapshot(stored, audited_fields_of(model)) if stored else None


def _municipality_of(instance: models.Model):
    where = getattr(instance, "audit_municipality", None)
    return where() if where is not None else None


def record_saved(
    *, instance: models.Model, before: dict[str, Any] | None, actor
) -> Change | None:
    """Record the creation (`before` None) or update of a row saved by hand, e.g.
    in the admin; `before` is its `stored_snapshot` from before the save."""
    return change_record(
        instance=instance,
        action=Change.Action.CREATE if before is None else Change.Action.UPDATE,
        actor=actor,
        before=before,
        after=snapshot(instance, audited_fields_of(type(instance))),
        municipality=_municipality_of(instance),
    )


def record_deleted(
    *, instance: models.Model, actor, before: dict[str, Any] | None = None
) -> Change | None:
    """Record the deletion of a row; call before deleting it."""
    return change_record(
        instance=instance,
        action=Change.Action.DELETE,
        actor=actor,
        before=before or snapshot(instance, audited_fields_of(type(instance))),
        municipality=_municipality_of(instance),
    )
