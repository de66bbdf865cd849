"""Every write of the API package: tokens (audited) and figure values through
the same action as the pages (services.actions.indicator_value_set)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lebenswert.accounts.models import User
from lebenswert.audit.actions import change_record, snapshot
from lebenswert.audit.context import acting_as
from lebenswert.audit.models import Change
from lebenswert.core.concurrency import EditConflict, conflict_message
from municipalities.models import Municipality
from services import actions as service_actions
from services.models import Indicator, IndicatorValue

from .models import ApiToken, Scope, token_digest, token_generate


@transaction.atomic
def api_token_create(
    *, municipality: Municipality, name: str, scopes: list[str], actor: User | None
) -> tuple[ApiToken, str]:
    """A new token; the plain token is returned once and stored nowhere."""
    if actor is not None and not actor.has_perm(
        "municipalities.edit_municipality_data", municipality
    ):
        raise PermissionDenied(_("Sie bearbeiten diese Gemeinde nicht."))
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValidationError({"scopes": _("Unbekannte Rechte: %s") % sorted(unknown)})
    plain, prefix = token_generate()
    token = ApiToken(
        name=name,
        municipality=municipality,
        scopes=sorted(set(scopes)),
        prefix=prefix,
        digest=token_digest(plain),
        created_by=actor,
    )
    token.full_clean()
    token.save()
    change_record(
        instance=token,
        action=Change.Action.CREATE,
        actor=actor,
        after=snapshot(token, ApiToken.audited_fields),
        municipality=municipality,
    )
    return token, plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    """Revoke a token: from now on every request with it is refused (401)."""
    if actor is not None and not actor.has_perm("api.manage_token", token):
        raise PermissionDenied(_("Sie verwalten diesen Schlüssel nicht."))
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    before = snapshot(locked, ApiToken.audited_fields)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    change_record(
        instance=locked,
        action=Change.Action.UPDATE,
        actor=actor,
        before=before,
        after=snapshot(locked, ApiToken.audited_fields),
        municipality=locked.municipality,
    )
    return locked


def api_token_touch(*, token: ApiToken, now: datetime) -> None:
    """Note when the token was last used (not audited: no content changes)."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@dataclass(frozen=True)
class FigureWrite:
    """One value to write; `version` is the one the client saw (None: no value)."""

    indicator: Indicator
    year: int
    value: Decimal
    source: str
    note: str = ""
    version: int | None = None


class FiguresRefused(Exception):
    """A write with errors: nothing was saved. `errors` per item (index → fields),
    `conflict` when the reason is a version conflict (412), else invalid (400)."""

    def __init__(self, errors: dict[int, dict[str, list[str]]], *, conflict: bool):
        self.errors = errors
        self.conflict = conflict
        super().__init__(errors)


@transaction.atomic
def figure_values_write(
    *, token: ApiToken, municipality: Municipality, writes: list[FigureWrite]
) -> list[IndicatorValue]:
    """Write all values or none, each through the pages' action (validation,
    plausibility, versions, history under the token's name)."""
    if not rules.test_rule("api.write_figures", token, municipality):
        raise PermissionDenied(_("Dieser Schlüssel darf hier nichts schreiben."))
    saved, errors, conflict = [], {}, False
    with acting_as(token.actor_name):
        for index, write in enumerate(writes):
            try:
                saved.append(
                    service_actions.indicator_value_set(
                        municipality=municipality,
                        indicator=write.indicator,
                        year=write.year,
                        value=write.value,
                        source=write.source,
                        note=write.note,
                        actor=None,
                        expected_version=write.version,
                    )
                )
            except EditConflict as error:
                conflict = True
                errors[index] = {"version": [conflict_message(error)]}
            except ValidationError as error:
                errors[index] = (
                    error.message_dict
                    if hasattr(error, "error_dict")
                    else {"non_field_errors": error.messages}
                )
    if errors:
        raise FiguresRefused(errors, conflict=conflict)
    return saved
