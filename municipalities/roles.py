"""Role facts: who is viewer or editor of which municipality, planner of which
Kreis or Regierungsbezirk, and admin.

The one place that reads Membership and PlannerAssignment for permissions. The
rules predicates (`<app>/rules.py`) and the list filters (`visible_to(user)` QuerySet
methods) both build on these facts, so a permission and its list form read the
same data. The facts are kept in the cache across requests, per user and keyed by
the versions of the roles (every membership or planner assignment written raises
ROLES, see their `data_scopes()`) and of the directory (a municipality's Kreis):
a page view reads them from there, and from the database (one query, a second for
a planner of a Regierungsbezirk) only after a change. Whether the account is
active or an admin is read from the user object itself, which every request loads
anew.
"""

from functools import cached_property
from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, IntegerField, Q, Value

from lebenswert.core.fragments import DIRECTORY, ROLES, cached

from .models import Kreis, Membership, PlannerAssignment


class _Rows(NamedTuple):
    """What the database says about a user's roles (plain values, cacheable)."""

    memberships: list[tuple[int, str, str]]  # municipality id, role, Kreis code
    planned_kreise: frozenset[str]
    planned_bezirke: frozenset[str]
    bezirk_kreise: frozenset[str]  # the Kreise of the planned Bezirke


NO_ROWS = _Rows([], frozenset(), frozenset(), frozenset())


def _rows_load(user) -> _Rows:
    """The user's memberships and planner assignments (one query, a second for the
    Kreise of planned Regierungsbezirke)."""
    no_text, no_number = Value(None, CharField()), Value(None, IntegerField())
    # Unordered parts: SQLite allows no ORDER BY (Membership's default) in a UNION.
    rows = list(
        Membership.objects.filter(user=user)
        .order_by()
        .values_list("municipality_id", "role", "municipality__kreis_id", no_text)
        .union(
            PlannerAssignment.objects.filter(user=user)
            .order_by()
            .values_list(no_number, no_text, "kreis_id", "regierungsbezirk_id"),
            all=True,
        )
    )
    memberships = [(pk, role, kreis) for pk, role, kreis, _bezirk in rows if role]
    assignments = [(kreis, bezirk) for _pk, role, kreis, bezirk in rows if not role]
    bezirke = frozenset(bezirk for _kreis, bezirk in assignments if bezirk)
    in_bezirke = Q()
    for bezirk in sorted(bezirke):
        in_bezirke |= Q(code__startswith=bezirk)
    return _Rows(
        memberships=memberships,
        planned_kreise=frozenset(kreis for kreis, _bezirk in assignments if kreis),
        planned_bezirke=bezirke,
        bezirk_kreise=frozenset(
            Kreis.objects.filter(in_bezirke).values_list("code", flat=True)
            if bezirke
            else ()
        ),
    )


class RoleFacts:
    def __init__(self, user):
        self.user = user

    @cached_property
    def _rows(self) -> _Rows:
        if not self.user.is_authenticated:
            return NO_ROWS
        return cached(
            "role_facts",
            scopes=[ROLES, DIRECTORY],
            vary=[self.user.pk],
            compute=lambda: _rows_load(self.user),
            per_language=False,
        )

    @property
    def is_active(self) -> bool:
        """Logged in with an active account: nobody else has any right."""
        return bool(self.user.is_authenticated and self.user.is_active)

    @property
    def is_admin(self) -> bool:
        # Imported here: the rules modules register their perms at import time,
        # which needs the app registry that is still loading models.
        from lebenswert.accounts.rules import is_admin

        return bool(is_admin(self.user))

    @cached_property
    def roles(self) -> dict[int, str]:
        """Municipality id → role (viewer or editor)."""
        return {pk: role for pk, role, _kreis in self._rows.memberships}

    @cached_property
    def viewed(self) -> frozenset[int]:
        """Municipalities the user works for, in any role."""
        return frozenset(self.roles)

    @cached_property
    def edited(self) -> frozenset[int]:
        """Municipalities the user edits."""
        editor = Membership.Role.EDITOR
        return frozenset(pk for pk, role in self.roles.items() if role == editor)

    @cached_property
    def member_kreise(self) -> frozenset[str]:
        """Kreise of the municipalities the user works for."""
        return frozenset(kreis for _pk, _role, kreis in self._rows.memberships)

    @property
    def planned_kreise(self) -> frozenset[str]:
        return self._rows.planned_kreise

    @property
    def planned_bezirke(self) -> frozenset[str]:
        return self._rows.planned_bezirke

    @property
    def is_planner(self) -> bool:
        return bool(self.planned_kreise or self.planned_bezirke)

    @property
    def kreise(self) -> frozenset[str]:
        """Kreise where the user works or plans (planned Bezirke not expanded)."""
        return self.member_kreise | self.planned_kreise

    @cached_property
    def region_kreise(self) -> frozenset[str]:
        """Every Kreis of the region, those of planned Bezirke included."""
        return self.kreise | self._rows.bezirk_kreise

    # A Kreis belongs to the Regierungsbezirk named by the first three digits of
    # its code (the official key; the directory import sets the relation so).

    def plans(self, kreis_code: str) -> bool:
        """A planner of this Kreis or of its Regierungsbezirk."""
        return kreis_code in self.planned_kreise or (
            kreis_code[:3] in self.planned_bezirke
        )

    def in_region(self, kreis_code: str) -> bool:
        """Works for a municipality of this Kreis or plans it."""
        return kreis_code in self.member_kreise or self.plans(kreis_code)

    def region_q(self, kreis: str) -> Q:
        """in_region as a filter on a relation to Kreis (e.g. "municipality__kreis")."""
        condition = Q(**{f"{kreis}__in": sorted(self.kreise)})
        for bezirk in sorted(self.planned_bezirke):
            condition |= Q(**{f"{kreis}__code__startswith": bezirk})
        return condition

    def region_key(self) -> tuple:
        """What decides the region-wide part a user sees, for cache keys: everyone
        with the same key sees the same cooperations and partner choices."""
        if self.is_admin:
            return ("all",)
        return (tuple(sorted(self.kreise)), tuple(sorted(self.planned_bezirke)))


def role_facts(user) -> RoleFacts:
    """The user's role facts, kept on the user object (so read once per request,
    from the cache)."""
    if user is None:
        return RoleFacts(AnonymousUser())
    facts = getattr(user, "_lebenswert_role_facts", None)
    if facts is None:
        facts = RoleFacts(user)
        user._lebenswert_role_facts = facts
    return facts
