"""Role facts: who is viewer or editor of which municipality, planner of which
Kreis or Regierungsbezirk, and admin.

The one place that reads Membership and PlannerAssignment for permissions. The
rules predicates (`<app>/rules.py`) and the list filters (`visible_to(user)` QuerySet
methods) both build on these facts, so a permission and its list form read the
same data. Each fact is loaded at most once per user object (one query for the
memberships, one for the planner assignments, each only when first asked).
"""

from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from .models import Kreis, Membership, PlannerAssignment


class RoleFacts:
    def __init__(self, user):
        self.user = user

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
    def _memberships(self) -> list[tuple[int, str, str]]:
        if not self.user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(user=self.user).values_list(
                "municipality_id", "role", "municipality__kreis_id"
            )
        )

    @cached_property
    def roles(self) -> dict[int, str]:
        """Municipality id → role (viewer or editor)."""
        return {pk: role for pk, role, _kreis in self._memberships}

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
        return frozenset(kreis for _pk, _role, kreis in self._memberships)

    @cached_property
    def _planner_scope(self) -> tuple[frozenset[str], frozenset[str]]:
        if not self.user.is_authenticated:
            return frozenset(), frozenset()
        rows = PlannerAssignment.objects.filter(user=self.user).values_list(
            "kreis_id", "regierungsbezirk_id"
        )
        rows = list(rows)
        return (
            frozenset(kreis for kreis, _bezirk in rows if kreis),
            frozenset(bezirk for _kreis, bezirk in rows if bezirk),
        )

    @property
    def planned_kreise(self) -> frozenset[str]:
        return self._planner_scope[0]

    @property
    def planned_bezirke(self) -> frozenset[str]:
        return self._planner_scope[1]

    @property
    def is_planner(self) -> bool:
        return bool(self.planned_kreise or self.planned_bezirke)

    @property
    def kreise(self) -> frozenset[str]:
        """Kreise where the user works or plans (planned Bezirke not expanded)."""
        return self.member_kreise | self.planned_kreise

    @cached_property
    def region_kreise(self) -> frozenset[str]:
        """Every Kreis of the region, those of planned Bezirke included (one
        query, only for a planner of a Bezirk)."""
        if not self.planned_bezirke:
            return self.kreise
        in_bezirke = Q()
        for bezirk in sorted(self.planned_bezirke):
            in_bezirke |= Q(code__startswith=bezirk)
        codes = Kreis.objects.filter(in_bezirke).values_list("code", flat=True)
        return self.kreise | frozenset(codes)

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
    """The user's role facts, kept on the user object (so once per request)."""
    if user is None:
        return RoleFacts(AnonymousUser())
    facts = getattr(user, "_lebenswert_role_facts", None)
    if facts is None:
        facts = RoleFacts(user)
        user._lebenswert_role_facts = facts
    return facts
