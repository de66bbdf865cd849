"""Everything the portal stores about one person (Art. 15 DSGVO) and the erasing
of their roles and contacts (Art. 17): it reads every app, so it sits in the top
layer; lebenswert.accounts finds it through settings.LEBENSWERT_PERSONAL_DATA_EXPORT
and settings.LEBENSWERT_PERSON_ERASE."""

from typing import Any

from axes.models import AccessFailureLog, AccessLog
from django.utils import timezone

from cooperations.models import (
    Cooperation,
    CooperationDocument,
    CooperationPartner,
    DeadlineReminder,
)
from lebenswert.accounts.actions import PersonTraces
from lebenswert.accounts.models import User
from lebenswert.audit.models import Change
from lebenswert.core.fragments import COOPERATIONS, ROLES, bump
from municipalities.models import (
    DirectoryImport,
    Membership,
    Municipality,
    PlannerAssignment,
)
from services.models import FigureImport, PartnerOrganisation


def _time(value) -> str | None:
    return value.isoformat() if value else None


def personal_data_export(*, user: User) -> dict[str, Any]:
    """The data about `user` (Art. 15 DSGVO) as JSON-ready values.

    No password hash and no calendar secret: only whether they exist. A fixed
    number of queries, however much the person did.
    """
    return {
        "generated_at": _time(timezone.now()),
        "account": _account(user),
        **_roles(user),
        **_changes_and_uploads(user),
        **_contact_details(user.email),
        **_logins(user.email),
    }


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "phone": user.phone,
        "is_active": user.is_active,
        "is_admin": user.is_staff,
        "date_joined": _time(user.date_joined),
        "last_login": _time(user.last_login),
        "has_password": user.has_usable_password(),
        "has_calendar_address": bool(user.calendar_token),
    }


def _roles(user: User) -> dict[str, list]:
    memberships = Membership.objects.filter(user=user).select_related("municipality")
    assignments = PlannerAssignment.objects.filter(user=user).select_related(
        "kreis", "regierungsbezirk"
    )
    return {
        "memberships": [
            {
                "municipality_ags": m.municipality.ags,
                "municipality": m.municipality.name,
                "role": m.role,
                "since": _time(m.created_at),
            }
            for m in memberships
        ],
        "planner_assignments": [
            {"region": str(a.region), "since": _time(a.created_at)} for a in assignments
        ],
    }


def _changes_and_uploads(user: User) -> dict[str, list]:
    """What the person did: changes, cooperations started, files uploaded."""
    changes = list(
        Change.objects.filter(actor=user)
        .select_related("content_type")
        .order_by("at", "id")
    )
    municipality_names = dict(
        Municipality.objects.filter(
            ags__in={c.municipality_ags for c in changes if c.municipality_ags}
        ).values_list("ags", "name")
    )
    documents = (
        CooperationDocument.objects.filter(uploaded_by=user)
        .select_related("cooperation")
        .order_by("uploaded_at", "id")
    )
    return {
        "changes_made": [
            {
                "at": _time(c.at),
                "action": c.action,
                "record_type": str(c.content_type.name),
                "record_id": c.object_id,
                "record": c.object_repr,
                "municipality": municipality_names.get(c.municipality_ags),
                "changes": c.changes,
                "request_id": c.request_id,
            }
            for c in changes
        ],
        "cooperations_created": [
            {"id": pk, "title": title, "status": status, "created_at": _time(at)}
            for pk, title, status, at in Cooperation.objects.filter(
                created_by=user
            ).values_list("pk", "title", "status", "created_at")
        ],
        "documents_uploaded": [
            {
                "cooperation_id": d.cooperation_id,
                "cooperation": d.cooperation.title,
                "title": d.title,
                "kind": d.kind,
                "file_name": d.original_name,
                "content_type": d.content_type,
                "size_bytes": d.size,
                "uploaded_at": _time(d.uploaded_at),
            }
            for d in documents
        ],
        "figure_imports": [
            {"file_name": name, "status": status, "uploaded_at": _time(at)}
            for name, status, at in FigureImport.objects.filter(
                uploaded_by=user
            ).values_list("original_name", "status", "created_at")
        ],
        "directory_imports": [
            {"file_name": name, "status": status, "requested_at": _time(at)}
            for name, status, at in DirectoryImport.objects.filter(
                requested_by=user
            ).values_list("original_name", "status", "created_at")
        ],
    }


def _contact_details(email: str) -> dict[str, list]:
    """Where others recorded the person's address: contacts and reminders sent."""
    partner_contacts = (
        CooperationPartner.objects.filter(contact_email__iexact=email)
        .select_related("cooperation", "municipality", "organisation")
        .order_by("cooperation_id", "id")
    )
    return {
        "cooperation_partner_contact": [
            {
                "cooperation_id": p.cooperation_id,
                "cooperation": p.cooperation.title,
                "partner": str(p),
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
            }
            for p in partner_contacts
        ],
        "partner_organisation_contact": [
            {"organisation": name, "contact_name": contact, "contact_phone": phone}
            for name, contact, phone in PartnerOrganisation.objects.filter(
                contact_email__iexact=email
            ).values_list("name", "contact_name", "contact_phone")
        ],
        "deadline_reminders_received": [
            {
                "cooperation_id": pk,
                "deadline": kind,
                "date": _time(day),
                "sent_at": _time(sent),
            }
            for pk, kind, day, sent in DeadlineReminder.objects.filter(
                recipient__iexact=email
            ).values_list("cooperation_id", "kind", "deadline", "sent_at")
        ],  # fmt: skip
    }


def _logins(email: str) -> dict[str, list]:
    """The login log (django-axes) under the person's address."""
    return {
        "logins": [
            {
                "at": _time(at),
                "logout_at": _time(out),
                "ip_address": ip,
                "user_agent": agent,
            }
            for at, out, ip, agent in AccessLog.objects.filter(
                username__iexact=email
            ).values_list("attempt_time", "logout_time", "ip_address", "user_agent")
        ],  # fmt: skip
        "failed_logins": [
            {"at": _time(at), "ip_address": ip, "user_agent": agent}
            for at, ip, agent in AccessFailureLog.objects.filter(
                username__iexact=email
            ).values_list("attempt_time", "ip_address", "user_agent")
        ],
    }


def person_erase(*, user: User, placeholder: str) -> PersonTraces:
    """The domain part of anonymising `user` (lebenswert.accounts.actions.
    user_anonymise): roles go, partner contacts with the person's address are
    cleared, reminders sent to it point to `placeholder`."""
    memberships = list(
        Membership.objects.filter(user=user).values_list("pk", flat=True)
    )
    assignments = list(
        PlannerAssignment.objects.filter(user=user).values_list("pk", flat=True)
    )
    Membership.objects.filter(pk__in=memberships).delete()
    PlannerAssignment.objects.filter(pk__in=assignments).delete()
    if memberships or assignments:
        bump(ROLES)  # the cached role facts (municipalities/roles.py)

    email = user.email
    contacts = CooperationPartner.objects.filter(contact_email__iexact=email).update(
        contact_name="", contact_email=""
    )
    contacts += PartnerOrganisation.objects.filter(contact_email__iexact=email).update(
        contact_name="", contact_email="", contact_phone=""
    )
    DeadlineReminder.objects.filter(recipient__iexact=email).update(
        recipient=placeholder
    )
    if contacts:
        bump(COOPERATIONS)
    return PersonTraces(
        records={Membership: memberships, PlannerAssignment: assignments},
        roles=len(memberships) + len(assignments),
        contacts=contacts,
    )
