"""Who may see and change cooperations.

Editors of a partner municipality edit; staff of municipalities in the same Kreis
and the responsible planners read; planners may start cooperations as an idea or
in exploration; admins do everything.
"""

from typing import NamedTuple

import rules

from lebenswert.accounts.rules import (
    add_admin_only_model_perms,
    is_active_user,
    is_admin,
)
from municipalities.models import Kreis, Land, Regierungsbezirk
from municipalities.roles import role_facts
from municipalities.rules import is_any_editor, is_editor_of, is_planner, is_planner_for

from .models import CooperationPartner


def partner_places(cooperation) -> list[tuple[int, str, bool]]:
    """(municipality id, Kreis code, is a member) of the partner municipalities,
    loaded once."""
    if not hasattr(cooperation, "_partner_places"):
        confirmed = CooperationPartner.Consent.CONFIRMED
        cooperation._partner_places = [
            (pk, kreis, consent == confirmed)
            for pk, kreis, consent in cooperation.partners.filter(
                municipality__isnull=False
            ).values_list("municipality_id", "municipality__kreis_id", "consent")
        ]
    return cooperation._partner_places


def _has_member_among(cooperation, municipality_ids) -> bool:
    """Is one of the member municipalities among these (a user's own)? A
    municipality only asked to take part is no member (CooperationPartnerQuerySet
    .members): its staff read the cooperation but neither edit it nor read the
    partners' documents."""
    return cooperation is not None and any(
        pk in municipality_ids and member
        for pk, _kreis, member in partner_places(cooperation)
    )


@rules.predicate
def is_partner_editor(user, cooperation) -> bool:
    return _has_member_among(cooperation, role_facts(user).edited)


@rules.predicate
def is_in_partner_region(user, cooperation) -> bool:
    """Works in the region of a partner, asked ones included: the editors of an
    asked municipality read what they are asked to join."""
    if cooperation is None:
        return False
    facts = role_facts(user)
    return any(facts.in_region(kreis) for _pk, kreis, _m in partner_places(cooperation))


@rules.predicate
def is_partner_staff(user, cooperation) -> bool:
    """Works for a member municipality, in any role."""
    return _has_member_among(cooperation, role_facts(user).viewed)


# The list forms of these rules are the QuerySet methods visible_to(user) of
# Cooperation, CooperationDocument and Scenario (cooperations/models.py).
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
def is_published(user, cooperation) -> bool:
    """In the public register: anyone may read it, without an account."""
    return cooperation is not None and cooperation.is_published


# The list form is Cooperation.objects.published(); unpublished pages answer 404.
rules.add_perm("cooperations.read_published", is_published)


@rules.predicate
def is_lead_editor(user, cooperation) -> bool:
    """Editor of the cooperation's lead municipality (not of any partner)."""
    return cooperation is not None and cooperation.lead_id in role_facts(user).edited


# Only the lead decides what the public register shows (cooperation_publish).
rules.add_perm(
    "cooperations.publish_cooperation", is_active_user & (is_admin | is_lead_editor)
)


@rules.predicate
def is_public_document(user, document) -> bool:
    """A document marked public, of a cooperation in the public register."""
    return (
        document is not None
        and document.visibility == document.Visibility.PUBLIC
        and user.has_perm("cooperations.read_published", document.cooperation)
    )


@rules.predicate
def can_view_document(user, document) -> bool:
    """The one rule for downloading and listing a document (lists use
    CooperationDocument.objects.visible_to, its filter form)."""
    if document is None:
        return False
    if document.visibility in document.OPEN_TO_READERS:
        return user.has_perm("cooperations.read_cooperation", document.cooperation)
    return user.has_perm("cooperations.read_partner_documents", document.cooperation)


rules.add_perm(
    "cooperations.read_document",
    is_public_document | (is_active_user & can_view_document),
)


class Dossier(NamedTuple):
    """A request for the Kooperationsdossier: which cooperation, and whether it
    names the partners-only documents (documents="partners") or not."""

    cooperation: object
    documents: str


@rules.predicate
def can_read_dossier(user, dossier) -> bool:
    """The dossier naming every document is for the partners' staff (like the
    documents themselves); the one without them for every reader."""
    if dossier is None:
        return False
    if dossier.documents == "partners":
        return user.has_perm("cooperations.read_partner_documents", dossier.cooperation)
    return user.has_perm("cooperations.read_cooperation", dossier.cooperation)


rules.add_perm("cooperations.read_dossier", is_active_user & can_read_dossier)
# A cooperation is started for a municipality one edits or, as a planner, plans
# (asked for each partner by the action cooperation_create).
rules.add_perm(
    "cooperations.start_cooperation_for",
    is_active_user & (is_admin | is_editor_of | is_planner_for),
)
# Planners without an editor role may only sketch (idea, exploring).
rules.add_perm(
    "cooperations.create_in_any_status", is_active_user & (is_admin | is_any_editor)
)
# Whether a municipality takes part in a cooperation is its own editors' decision
# (and admins', who may act for anyone): they confirm or decline a request (asked
# on the partner's municipality; the list form is
# CooperationPartner.objects.requests_for(user)). A partner added by someone who
# may decide for it is confirmed at once.
rules.add_perm("cooperations.consent_for", is_active_user & (is_admin | is_editor_of))
add_admin_only_model_perms("cooperations")


@rules.predicate
def works_in_region(user, kreis) -> bool:
    """Staff of a municipality in the Kreis and its planners (Kreis or Bezirk)."""
    return isinstance(kreis, Kreis) and role_facts(user).in_region(kreis.code)


@rules.predicate
def plans_whole_area(user, area) -> bool:
    """A planner of every Kreis in this Regierungsbezirk or Land, through its
    Regierungsbezirke or through the Kreise themselves."""
    if not isinstance(area, Land | Regierungsbezirk):
        return False
    facts = role_facts(user)
    if not facts.is_planner:
        return False
    codes = Kreis.objects.filter(code__startswith=area.code).values_list(
        "code", flat=True
    )
    codes = list(codes)
    return bool(codes) and all(facts.plans(code) for code in codes)


# The regional report shows every cooperation of the Kreis (or of every Kreis of
# a Regierungsbezirk or Land: for its planners and admins only).
rules.add_perm(
    "cooperations.read_region",
    is_active_user & (is_admin | works_in_region | plans_whole_area),
)


@rules.predicate
def is_scenario_owner(user, scenario) -> bool:
    return scenario is not None and scenario.owner_id == user.pk


@rules.predicate
def is_shared_with_partner_staff(user, scenario) -> bool:
    """A shared scenario is readable by staff of each of its partner municipalities."""
    if scenario is None or not scenario.shared:
        return False
    viewed = role_facts(user).viewed
    return any(partner.pk in viewed for partner in scenario.partners.all())


rules.add_perm(
    "cooperations.read_scenario",
    is_active_user & (is_admin | is_scenario_owner | is_shared_with_partner_staff),
)
rules.add_perm(
    "cooperations.manage_scenario", is_active_user & (is_admin | is_scenario_owner)
)
# Comparing options uses reference data and official figures: any active user.
rules.add_perm("cooperations.compare_options", is_active_user)
