"""Cached page fragments keyed by the data versions they show.

Directory pages change only with an import; figures change with an edit in a
Kreis. Writes raise the version of what they change (`bump`): a model names its
scopes in a `data_scopes()` method, and the versioned save and the change record
raise them (`scopes_of`). A view asks for a fragment with the versions it depends
on, so nothing stale is ever served.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import DataVersion

DIRECTORY = "directory"
COOPERATIONS = "cooperations"  # the register: any cooperation, partner, document …
FRAGMENT_TIMEOUT = 24 * 3600


def figures_scope(kreis_code: str) -> str:
    return f"figures:{kreis_code}"


class ShownOnCooperationPages:
    """Model mixin for rows the cached cooperation pages show (reference data,
    sectors, partner organisations): writing one raises COOPERATIONS."""

    def data_scopes(self) -> tuple[str, ...]:
        return (COOPERATIONS,)


def bump(*scopes: str) -> None:
    """Raise the version of each scope; call inside the changing transaction."""
    for scope in set(scopes):
        updated = DataVersion.objects.filter(scope=scope).update(
            version=F("version") + 1, changed_at=timezone.now()
        )
        if not updated:
            DataVersion.objects.get_or_create(scope=scope, defaults={"version": 2})


def scopes_of(instance) -> tuple[str, ...]:
    """The scopes a row's model declares (`data_scopes()`); none if it declares none."""
    declared = getattr(instance, "data_scopes", None)
    return tuple(declared()) if declared is not None else ()


def versions(*scopes: str) -> tuple[int, ...]:
    """The current version of each scope (1 where nothing changed yet); one query."""
    found = dict(
        DataVersion.objects.filter(scope__in=scopes).values_list("scope", "version")
    )
    return tuple(found.get(scope, 1) for scope in scopes)


def fragment_key(name: str, *, scopes: Iterable[str], vary: Iterable) -> str:
    """The cache key of `name` for these data versions, language and `vary`
    (one query for the versions)."""
    scopes = tuple(scopes)
    parts = [
        name,
        get_language() or "",
        *zip(scopes, versions(*scopes), strict=True),
        *vary,
    ]
    return "fragment:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached(name: str, *, scopes: Iterable[str], vary: Iterable, compute: Callable):
    """The value `compute()` gave for these data versions, language and `vary`."""
    key = fragment_key(name, scopes=scopes, vary=vary)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_TIMEOUT)
    return value


def cached_fragment(
    name: str, *, scopes: Iterable[str], vary: Iterable, render: Callable[[], str]
) -> SafeString:
    """The fragment `name` for these data versions, language and `vary` values."""
    html = cached(name, scopes=scopes, vary=vary, compute=lambda: str(render()))
    return mark_safe(html)  # nosec B308 B703 (rendered by our own templates)
