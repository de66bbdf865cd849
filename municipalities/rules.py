"""Who may do what: the portal's one permission layer (django-rules).

Roles: a Membership makes a user viewer or editor of a municipality; a
PlannerAssignment makes a user regional planner for a Kreis or a Regierungsbezirk;
admins are active staff users. Views, templates ({% has_perm %}) and the admin all
ask these predicates.
"""

import rules

from lebenswert.accounts.rules import (
    add_admin_only_model_perms,
    is_active_user,
    is_admin,
)

from .models import Membership, Municipality, PlannerAssignment


def roles_of(user) -> dict[int, str]:
    """Municipality id → role, loaded once per user object (one query)."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_lebenswert_roles"):
        rows = list(
            Membership.objects.filter(user=user).values_list(
                "municipality_id", "role", "municipality__kreis_id"
            )
        )
        user._lebenswert_roles = {pk: role for pk, role, _kreis in rows}
        user._lebenswert_member_kreise = {kreis for _pk, _role, kreis in rows}
    return user._lebenswert_roles


def member_kreise_of(user) -> set[str]:
    """Kreise of the municipalities the user works for (loaded with the roles)."""
    roles_of(user)
    return getattr(user, "_lebenswert_member_kreise", set())


def planner_scope_of(user) -> tuple[set[str], set[str]]:
    """(Kreis codes, Regierungsbezirk codes) a planner is responsible for."""
    if not user.is_authenticated:
        return set(), set()
    if not hasattr(user, "_lebenswert_planner_scope"):
        kreise, bezirke = set(), set()
        for kreis, bezirk in PlannerAssignment.objects.filter(user=user).values_list(
            "kreis_id", "regierungsbezirk_id"
        ):
            if kreis:
                kreise.add(kreis)
            if bezirk:
                bezirke.add(bezirk)
        user._lebenswert_planner_scope = (kreise, bezirke)
    return user._lebenswert_planner_scope


@rules.predicate
def is_planner(user) -> bool:
    kreise, bezirke = planner_scope_of(user)
    return bool(kreise or bezirke)


@rules.predicate
def is_member_of(user, municipality: Municipality | None) -> bool:
    return municipality is not None and municipality.pk in roles_of(user)


@rules.predicate
def is_editor_of(user, municipality: Municipality | None) -> bool:
    return (
        municipality is not None
        and roles_of(user).get(municipality.pk) == Membership.Role.EDITOR
    )


@rules.predicate
def is_planner_for(user, municipality: Municipality | None) -> bool:
    if municipality is None:
        return False
    kreise, bezirke = planner_scope_of(user)
    return municipality.kreis_id in kreise or municipality.kreis_id[:3] in bezirke


@rules.predicate
def is_any_editor(user) -> bool:
    """Editor of at least one municipality."""
    return Membership.Role.EDITOR in roles_of(user).values()


# Official directory data is public record; every logged-in user may read it.
rules.add_perm("municipalities.read_municipality", is_active_user)
# The municipality's own figures and arrangements (services, cooperations).
rules.add_perm(
    "municipalities.view_municipality_internal",
    is_active_user & (is_member_of | is_planner_for | is_admin),
)
rules.add_perm(
    "municipalities.edit_municipality_data", is_active_user & (is_editor_of | is_admin)
)
rules.add_perm("municipalities.import_directory", is_admin)


add_admin_only_model_perms("municipalities")
