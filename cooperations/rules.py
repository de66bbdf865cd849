"""Who may see and change cooperations.

Editors of a partner municipality edit; staff of municipalities in the same Kreis
and the responsible planners read; planners may start cooperations as an idea or
in exploration; admins do everything.
"""

import rules
from django.db.models import Q

from lebenswert.accounts.rules import (
    add_admin_only_model_perms,
    is_active_user,
    is_admin,
)
from municipalities.rules import (
    is_any_editor,
    is_planner,
    member_kreise_of,
    planner_scope_of,
    roles_of,
)


def partner_places(cooperation) -> list[tuple[int, str]]:
    """(municipality id, Kreis code) of the partner municipalities, loaded once."""
    if not hasattr(cooperation, "_partner_places"):
        cooperation._partner_places = list(
            cooperation.partners.filter(municipality__isnull=False).values_list(
                "municipality_id", "municipality__kreis_id"
            )
        )
    return cooperation._partner_places


def kreise_of(user) -> set[str]:
    """Kreise where the user works or plans (Regierungsbezirke as prefixes)."""
    kreise, _bezirke = planner_scope_of(user)
    return member_kreise_of(user) | kreise


@rules.predicate
def is_partner_editor(user, cooperation) -> bool:
    if cooperation is None:
        return False
    roles = roles_of(user)
    return any(roles.get(pk) == "editor" for pk, _kreis in partner_places(cooperation))


@rules.predicate
def is_in_partner_region(user, cooperation) -> bool:
    if cooperation is None:
        return False
    kreise = kreise_of(user)
    _kreise, bezirke = planner_scope_of(user)
    return any(
        kreis in kreise or kreis[:3] in bezirke
        for _pk, kreis in partner_places(cooperation)
    )


@rules.predicate
def is_partner_staff(user, cooperation) -> bool:
    """Works for a partner municipality, in any role."""
    if cooperation is None:
        return False
    roles = roles_of(user)
    return any(pk in roles for pk, _kreis in partner_places(cooperation))


def readable_places(user) -> Q:
    """Partner rows (CooperationPartner) that make a cooperation readable for a
    user who is not an admin: read_cooperation as a filter."""
    _kreise, bezirke = planner_scope_of(user)
    return Q(municipality__kreis_id__in=kreise_of(user)) | Q(
        municipality__kreis__regierungsbezirk_id__in=bezirke
    )


def partner_staff_places(user) -> Q:
    """Partner rows of the municipalities the user works for: is_partner_staff as a
    filter."""
    return Q(municipality_id__in=list(roles_of(user)))


rules.add_perm(
    "cooperations.read_cooperation",
    is_active_user & (is_admin | is_partner_editor | is_in_partner_region),
)
rules.add_perm(
    "cooperations.edit_cooperation", is_active_user & (is_admin | is_partner_editor)
)
rules.add_perm(
    "cooperations.create_cooperation",
    is_active_user & (is_admin | is_any_editor | is_planner),
)
# Documents meant for the partners only (drafts): their own staff and admins.
rules.add_perm(
    "cooperations.read_partner_documents",
    is_active_user & (is_admin | is_partner_staff),
)


@rules.predicate
def can_view_document(user, document) -> bool:
    """The one rule for downloading and listing a document (lists use
    CooperationDocument.objects.visible_to, its filter form)."""
    if document is None:
        return False
    if document.visibility == document.Visibility.READERS:
        return user.has_perm("cooperations.read_cooperation", document.cooperation)
    return user.has_perm("cooperations.read_partner_documents", document.cooperation)


rules.add_perm("cooperations.read_document", is_active_user & can_view_document)
# Planners without an editor role may only sketch (idea, exploring).
rules.add_perm(
    "cooperations.create_in_any_status", is_active_user & (is_admin | is_any_editor)
)
add_admin_only_model_perms("cooperations")


@rules.predicate
def works_in_region(user, kreis) -> bool:
    """Staff of a municipality in the Kreis and its planners (Kreis or Bezirk)."""
    if kreis is None:
        return False
    _kreise, bezirke = planner_scope_of(user)
    return kreis.code in kreise_of(user) or kreis.regierungsbezirk_id in bezirke


# The regional report shows every cooperation of the Kreis.
rules.add_perm(
    "cooperations.read_region", is_active_user & (is_admin | works_in_region)
)


@rules.predicate
def is_scenario_owner(user, scenario) -> bool:
    return scenario is not None and scenario.owner_id == user.pk


@rules.predicate
def is_shared_with_partner_staff(user, scenario) -> bool:
    """A shared scenario is readable by staff of each of its partner municipalities."""
    if scenario is None or not scenario.shared:
        return False
    roles = roles_of(user)
    return any(partner.pk in roles for partner in scenario.partners.all())


rules.add_perm(
    "cooperations.read_scenario",
    is_active_user & (is_admin | is_scenario_owner | is_shared_with_partner_staff),
)
rules.add_perm(
    "cooperations.manage_scenario", is_active_user & (is_admin | is_scenario_owner)
)
# Comparing options uses reference data and official figures: any active user.
rules.add_perm("cooperations.compare_options", is_active_user)
