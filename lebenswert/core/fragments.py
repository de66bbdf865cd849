"""Cached page fragments keyed by the data versions they show.

Directory pages change only with an import; figures change with an edit in a
Kreis. Writes raise the version of what they change (`bump`): a model names its
scopes in a `data_scopes()` method, and the versioned save and the change record
raise them (`scopes_of`). A view asks for a fragment with the versions it depends
on, so nothing stale is ever served.
"""

import hashlib
from collections.abc import Callable, Iterable

from asgiref.local import Local
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import DataVersion

DIRECTORY = "directory"
COOPERATIONS = "cooperations"  # the register: any cooperation, partner, document …
ROLES = "roles"  # memberships and planner assignments (municipalities/roles.py)
FRAGMENT_TIMEOUT = 24 * 3600
# Read together in one query the first time a request asks for any version: nearly
# every page needs them (role facts, directory and register fragments).
COMMON_SCOPES = (ROLES, DIRECTORY, COOPERATIONS)

# The versions read during the current request (None outside a request, e.g. in a
# worker): each scope is read once per request. A write clears them (`bump`).
_request = Local()


def figures_scope(kreis_code: str) -> str:
    return f"figures:{kreis_code}"


class ShownOnCooperationPages:
    """Model mixin for rows the cached cooperation pages show (reference data,
    sectors, partner organisations): writing one raises COOPERATIONS."""

    def data_scopes(self) -> tuple[str, ...]:
        return (COOPERATIONS,)


def request_versions_start(**_kwargs) -> None:
    """Signal receiver (request_started): read each version once per request."""
    _request.versions = {}


def request_versions_end(**_kwargs) -> None:
    """Signal receiver (request_finished): later reads go to the database."""
    _request.versions = None


def bump(*scopes: str) -> None:
    """Raise the version of each scope; call inside the changing transaction."""
    if getattr(_request, "versions", None) is not None:
        _request.versions = {}  # this request reads the new versions
    # At most three queries however many scopes (an import raises one per Kreis).
    scopes = set(scopes)
    updated = DataVersion.objects.filter(scope__in=scopes).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if updated < len(scopes):
        known = DataVersion.objects.filter(scope__in=scopes).values_list(
            "scope", flat=True
        )
        DataVersion.objects.bulk_create(
            [DataVersion(scope=s, version=2) for s in scopes - set(known)],
            ignore_conflicts=True,
        )


def scopes_of(instance) -> tuple[str, ...]:
    """The scopes a row's model declares (`data_scopes()`); none if it declares none."""
    declared = getattr(instance, "data_scopes", None)
    return tuple(declared()) if declared is not None else ()


def versions(*scopes: str) -> tuple[int, ...]:
    """The current version of each scope (1 where nothing changed yet); at most one
    query, none for scopes this request has read already."""
    known = getattr(_request, "versions", None)
    if known is None:
        return _read_versions(scopes)
    missing = [s for s in dict.fromkeys((*scopes, *COMMON_SCOPES)) if s not in known]
    if any(scope in missing for scope in scopes):
        known.update(zip(missing, _read_versions(missing), strict=True))
    return tuple(known[scope] for scope in scopes)


def _read_versions(scopes: Iterable[str]) -> tuple[int, ...]:
    scopes = tuple(scopes)
    found = dict(
        DataVersion.objects.filter(scope__in=scopes).values_list("scope", "version")
    )
    return tuple(found.get(scope, 1) for scope in scopes)


def fragment_key(
    name: str, *, scopes: Iterable[str], vary: Iterable, per_language: bool = True
) -> str:
    """The cache key of `name` for these data versions, language and `vary`
    (one query for the versions)."""
    scopes = tuple(scopes)
    parts = [
        name,
        (get_language() or "") if per_language else "",
        *zip(scopes, versions(*scopes), strict=True),
        *vary,
    ]
    return "fragment:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached(
    name: str,
    *,
    scopes: Iterable[str],
    vary: Iterable,
    compute: Callable,
    per_language: bool = True,
):
    """The value `compute()` gave for these data versions, language (unless not
    `per_language`) and `vary`."""
    key = fragment_key(name, scopes=scopes, vary=vary, per_language=per_language)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_TIMEOUT)
    return value


def cached_pieces(
    name: str, pieces: Iterable[tuple[object, Callable[[], str]]]
) -> list[SafeString]:
    """The HTML of each piece `(data, render)`, kept under a key made of `data` and
    the language (one cache round trip for all): `data` holds everything the
    piece's template shows, so after a change only the pieces whose data changed
    are rendered anew, the rest of a page comes from the cache."""
    pieces = list(pieces)
    language = get_language() or ""
    keys = [
        "piece:" + hashlib.sha256(repr((name, language, data)).encode()).hexdigest()
        for data, _render in pieces
    ]
    found = cache.get_many(keys)
    rendered = {}
    for key, (_data, render) in zip(keys, pieces, strict=True):
        if key not in found:
            found[key] = rendered[key] = str(render())
    if rendered:
        cache.set_many(rendered, FRAGMENT_TIMEOUT)
    # Rendered by our own templates.
    return [mark_safe(found[key]) for key in keys]  # nosec B308 B703


def cached_fragment(
    name: str, *, scopes: Iterable[str], vary: Iterable, render: Callable[[], str]
) -> SafeString:
    """The fragment `name` for these data versions, language and `vary` values."""
    html = cached(name, scopes=scopes, vary=vary, compute=lambda: str(render()))
    return mark_safe(html)  # nosec B308 B703 (rendered by our own templates)
