"""The report kinds: each names its parameters, permission, data scopes, selector
and print template. The apps whose data a report shows register their kinds
(settings.REPORT_KIND_MODULES); the machinery here does not know their contents.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


@dataclass(frozen=True)
class ReportKind:
    name: str  # as in the URL form and on the command line, e.g. "gemeinde"
    label: str  # e.g. "Gemeindesteckbrief" (translatable)
    params: tuple[str, ...]  # parameter names, in command-line order
    # Normalised parameters, or ValidationError with a German message.
    clean: Callable[[dict], dict]
    # The rules permission needed to request and download it (asked again at
    # every view and download of a job), and params -> the object it is asked
    # about (None: there is none, so nobody may).
    perm: str
    perm_object: Callable[[dict], object | None]
    # params -> DataVersion scopes the content depends on (for the content key).
    scopes: Callable[[dict], list[str]]
    # params -> title of the document, e.g. "Gemeindesteckbrief Eschwege".
    title: Callable[[dict], str]
    # params -> template context (one fixed number of queries).
    selector: Callable[[dict], dict]
    template: str
    # (user, params) -> parameters that depend on who asks, e.g. which documents
    # they may see; added to the job's parameters, so to its content key too.
    audience: Callable[[object, dict], dict] | None = None
    # Optional parameter names (e.g. a switch); given to `clean` as "" when absent.
    options: tuple[str, ...] = ()
    # Names that may stand in for the required parameters (e.g. a Land's or a
    # Regierungsbezirk's key instead of a Kreis's); given to `clean` as "" when
    # absent, which decides what the parameters are.
    alternatives: tuple[str, ...] = ()

    def permits(self, user, params: dict) -> bool:
        """May this user request and download the report for these parameters?"""
        target = self.perm_object(params)
        return target is not None and user.has_perm(self.perm, target)


@dataclass(frozen=True)
class ReportTarget:
    """The row a report is about, named by one parameter: its number, or an
    official key of so many digits (a Kreis: five, a municipality: eight).
    `kind()` makes a report kind about it."""

    model: type[models.Model]
    malformed: str  # the messages, with {raw} for what was given
    unknown: str
    param: str = "pk"
    field: str = "pk"
    digits: int | None = None  # None: a number, without leading zeros

    def clean(self, params: dict) -> dict:
        raw = params[self.param]
        if not raw.isdecimal() or self.digits not in (None, len(raw)):
            raise ValidationError(self.malformed.format(raw=raw))
        value = raw if self.digits else str(int(raw))
        if not self.model.objects.filter(**{self.field: value}).exists():
            raise ValidationError(self.unknown.format(raw=raw))
        return {self.param: value}

    def get(self, params: dict) -> models.Model | None:
        return self.model.objects.filter(**{self.field: params[self.param]}).first()

    def kind(self, **fields) -> ReportKind:
        """A report kind about this row: its one parameter, with `clean` and `get`
        as the kind's `clean` and `perm_object` (unless `fields` give another)."""
        own = {"params": (self.param,), "clean": self.clean, "perm_object": self.get}
        return ReportKind(**(own | fields))


REPORT_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    REPORT_KINDS[kind.name] = kind
    return kind


def load_kinds() -> None:
    for module in settings.REPORT_KIND_MODULES:
        importlib.import_module(module)


def kind_get(name: str) -> ReportKind:
    try:
        return REPORT_KINDS[name]
    except KeyError:
        known = ", ".join(sorted(REPORT_KINDS))
        raise ValidationError(
            f"Unbekannte Berichtsart „{name}“; möglich sind: {known}."
        ) from None


def params_clean(kind: ReportKind, raw: dict) -> dict:
    """The kind's parameters from raw input (form or command line), checked."""
    missing = [name for name in kind.params if not str(raw.get(name, "")).strip()]
    if missing and not any(str(raw.get(n, "")).strip() for n in kind.alternatives):
        instead = (
            f" (oder {' oder '.join(kind.alternatives)})" if kind.alternatives else ""
        )
        raise ValidationError(
            f"Für „{kind.label}“ fehlt die Angabe: {', '.join(missing)}{instead}."
        )
    names = (*kind.params, *kind.alternatives, *kind.options)
    return kind.clean({name: str(raw.get(name, "")).strip() for name in names})
