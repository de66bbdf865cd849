from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .context import current_request_id
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
    """Record a change inside the caller's transaction; no-op updates record nothing."""
    before, after = before or {}, after or {}
    changes = {
        name: [before.get(name), after.get(name)]
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }
    if action == Change.Action.UPDATE and not changes:
        return None
    return Change.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=changes,
        actor=actor,
        actor_repr=str(actor)[:300] if actor else "",
        municipality=municipality,
        request_id=current_request_id.get(),
    )
