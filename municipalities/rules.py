"""Who may do what: the portal's one permission layer (django-rules).

Roles: a Membership makes a user viewer or editor of a municipality; a
PlannerAssignment makes a user regional planner for a Kreis or a Regierungsbezirk;
admins are active staff users. The facts come from municipalities/roles.py. Views,
templates ({% has_perm %}), the admin and actions all ask these predicates.
"""

import rules

from lebenswert.accounts.rules import (
    add_admin_only_model_perms,
    is_active_user,
    is_admin,
)

from .models import Municipality
from .roles import role_facts


@rules.predicate
def is_planner(user) -> bool:
    return role_facts(user).is_planner


@rules.predicate
def is_member_of(user, municipality: Municipality | None) -> bool:
    return municipality is not None and municipality.pk in role_facts(user).viewed


@rules.predicate
def is_editor_of(user, municipality: Municipality | None) -> bool:
    return municipality is not None and municipality.pk in role_facts(user).edited


@rules.predicate
def is_planner_for(user, municipality: Municipality | None) -> bool:
    return municipality is not None and role_facts(user).plans(municipality.kreis_id)


@rules.predicate
def is_any_editor(user) -> bool:
    """Editor of at least one municipality."""
    return bool(role_facts(user).edited)


def needs_second_factor(user) -> bool:
    """Editors, planners and admins may not work with a password alone
    (lebenswert.accounts.mfa asks through settings.LEBENSWERT_NEEDS_SECOND_FACTOR)."""
    return bool(is_admin(user) or is_planner(user) or is_any_editor(user))


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
