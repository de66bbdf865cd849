"""Every write to the cooperation register: versioned, audited, one transaction."""

from datetime import date
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage, storages
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lebenswert.accounts.models import User
from lebenswert.audit.actions import change_record
from lebenswert.audit.models import Change
from lebenswert.audit.versioning import versioned_save, versioned_touch
from lebenswert.core.concurrency import ANY_VERSION
from lebenswert.core.fragments import bump
from lebenswert.core.numbers import format_money, format_number, format_percent
from lebenswert.core.queue import enqueue
from lebenswert.core.storage import write_atomically
from municipalities.models import Municipality
from services.models import PartnerOrganisation, Sector

from . import open_data
from .deadlines import reminder_due
from .documents import CONTENT_TYPES, detect_type
from .models import (
    Cooperation,
    CooperationDocument,
    CooperationPartner,
    DeadlineReminder,
    Funding,
    FundingProgramme,
    SavingsEntry,
    Scenario,
)
from .selectors import FUNDINGS, cooperation_deadlines

COOPERATION_FIELDS = [
    "title", "task", "form", "status", "lead", "start_date", "end_date",
    "minimum_term_months", "notice_period_months", "renewal_months", "next_review",
    "notes", "is_example",
]  # fmt: skip
# Planners without an editor role may only sketch cooperations.
PLANNER_STATUSES = {Cooperation.Status.IDEA, Cooperation.Status.EXPLORING}
# A cooperation people record starts before the councils have decided; it becomes
# "beschlossen" and "aktiv" through the status, whose rules check the resolutions.
START_STATUSES = {*PLANNER_STATUSES, Cooperation.Status.NEGOTIATING}


def _check_creator_takes_part(actor: User | None, partners: list[Municipality]) -> None:
    """A cooperation is started for one's own municipalities (or, by a planner,
    for municipalities of the planned region), never only for others'."""
    if actor is None or any(
        actor.has_perm("cooperations.start_cooperation_for", m) for m in partners
    ):
        return
    raise PermissionDenied(
        "Eine Kooperation legen Sie für eine Gemeinde an, die Sie bearbeiten "
        "(Regionalplanung: für eine Gemeinde Ihrer Region)."
    )


def _check_creator_may_set(actor: User | None, status: str) -> None:
    if actor is None or status in PLANNER_STATUSES:
        return
    if not actor.has_perm("cooperations.create_in_any_status"):
        raise PermissionDenied(
            "Regionalplanung legt Kooperationen als Idee oder in Sondierung an."
        )


@transaction.atomic
def cooperation_create(
    *,
    actor: User | None,
    title: str,
    task: str,
    partners: list[Municipality],
    sectors: list[Sector] = (),
    lead: Municipality | None = None,
    status: str = Cooperation.Status.IDEA,
    **fields,
) -> Cooperation:
    """A new cooperation with its partner municipalities (the lead is one of them).

    People start it as idea, exploration or negotiation; only the system (actor
    None: demo data, imports of existing registers) records one in any status."""
    _check_creator_may_set(actor, status)
    if actor is not None and status not in START_STATUSES:
        raise ValidationError(
            {
                "status": _(
                    "Eine neue Kooperation beginnt als Idee, in Sondierung oder in "
                    "Verhandlung. „beschlossen“ und „aktiv“ setzen Sie danach über "
                    "den Status, wenn die Ratsbeschlüsse und der Beginn feststehen."
                )
            }
        )
    partners = list(dict.fromkeys([*([lead] if lead else []), *partners]))
    if not partners:
        raise ValidationError("Eine Kooperation braucht mindestens eine Gemeinde.")
    _check_creator_takes_part(actor, partners)
    cooperation = versioned_save(
        model=Cooperation,
        lookup={},
        fields={
            "title": title, "task": task, "lead": lead, "status": status,
            "created_by": actor, **fields,
        },
        audited=COOPERATION_FIELDS,
        actor=actor,
        expected_version=None,
        municipality=lead or partners[0],
        deleted_message="",
        create_only=True,
    )  # fmt: skip
    cooperation.sectors.set(sectors)
    for municipality in partners:
        _partner_add(cooperation, actor=actor, municipality=municipality)
    return cooperation


def _part_changed(
    cooperation: Cooperation, part: str, before, after, *, actor, municipality
) -> None:
    """The cooperation's history row for one of its parts (partner, document,
    funding, …) that changed from `before` to `after` (None: not there)."""
    change_record(
        instance=cooperation,
        action=Change.Action.UPDATE,
        actor=actor,
        before={part: before},
        after={part: after},
        municipality=municipality,
    )


@transaction.atomic
def cooperation_update(
    *,
    cooperation: Cooperation,
    actor: User | None,
    expected_version: int,
    sectors: list[Sector] | None = None,
    **fields,
) -> Cooperation:
    """Change the cooperation's own fields; an outdated version raises EditConflict."""
    unknown = set(fields) - set(COOPERATION_FIELDS)
    if unknown or "status" in fields:
        raise TypeError(
            f"not updatable here: {sorted(unknown | {'status'} & set(fields))}"
        )
    lead = fields.get("lead")
    if (
        lead is not None
        and not cooperation.partners.members().filter(municipality=lead).exists()
    ):
        raise ValidationError(
            {
                "lead": (
                    f"{lead.short_name} ist nicht Partner dieser Kooperation. "
                    "Nehmen Sie die Gemeinde zuerst als Partner auf."
                )
            }
        )
    updated = versioned_save(
        model=Cooperation,
        lookup={"pk": cooperation.pk},
        fields=fields,
        audited=COOPERATION_FIELDS,
        actor=actor,
        expected_version=expected_version,
        municipality=cooperation.lead,
        deleted_message=_("Die Kooperation wurde inzwischen gelöscht."),
    )
    if sectors is not None:
        before = sorted(s.name for s in cooperation.sectors.all())
        updated.sectors.set(sectors)
        after = sorted(s.name for s in sectors)
        _part_changed(
            updated,
            "sectors",
            ", ".join(before),
            ", ".join(after),
            actor=actor,
            municipality=cooperation.lead,
        )
    return updated


@transaction.atomic
def cooperation_status_set(
    *, cooperation: Cooperation, status: str, actor: User | None, expected_version: int
) -> Cooperation:
    """Move to `status` if the register allows that step from the current one."""
    current = Cooperation.objects.select_for_update().get(pk=cooperation.pk)
    _check_status_step(current, status)
    return versioned_save(
        model=Cooperation,
        lookup={"pk": cooperation.pk},
        fields={"status": status},
        audited=COOPERATION_FIELDS,
        actor=actor,
        expected_version=expected_version,
        municipality=current.lead,
        deleted_message=_("Die Kooperation wurde inzwischen gelöscht."),
    )


def _check_status_step(current: Cooperation, status: str) -> None:
    """The register's order of steps, and what the law of the process asks before
    a step: every partner municipality's council resolution (or a recorded reason
    why it has none) before „beschlossen“, a start date before „aktiv“."""
    if not current.can_move_to(status):
        allowed = ", ".join(
            str(Cooperation.Status(s).label)
            for s in sorted(Cooperation.TRANSITIONS[Cooperation.Status(current.status)])
        )
        raise ValidationError(
            {
                "status": _(
                    "Von „%(current)s“ geht es nicht zu „%(target)s“; möglich: "
                    "%(allowed)s."
                )
                % {
                    "current": current.get_status_display(),
                    "target": Cooperation.Status(status).label,
                    "allowed": allowed or "–",
                }
            }
        )
    if status == Cooperation.Status.DECIDED:
        _check_no_open_requests(current)
        undecided = [
            partner.municipality.short_name
            for partner in current.partners.members()
            .filter(municipality__isnull=False)
            .select_related("municipality")
            if not (partner.resolution_date and partner.resolution_reference)
            and not partner.resolution_missing_reason.strip()
        ]
        if undecided:
            raise ValidationError(
                {
                    "status": _(
                        "„beschlossen“ braucht den Ratsbeschluss jeder Partnergemeinde "
                        "(Datum und Aktenzeichen). Es fehlt bei: %(names)s. Tragen "
                        "Sie ihn unter „Partner“ ein oder begründen Sie dort, warum "
                        "er fehlt."
                    )
                    % {"names": ", ".join(sorted(undecided))}
                }
            )
    if status == Cooperation.Status.ACTIVE and current.start_date is None:
        raise ValidationError(
            {
                "status": _(
                    "„aktiv“ braucht einen Beginn: tragen Sie unter „Bearbeiten“ "
                    "das Datum ein, ab dem die Kooperation gilt."
                )
            }
        )


def _check_no_open_requests(current: Cooperation) -> None:
    """An asked municipality has not decided yet: it answers before the partners
    decide (a municipality declining is no partner and blocks nothing)."""
    asked = sorted(
        partner.municipality.short_name
        for partner in current.partners.requested().select_related("municipality")
    )
    if asked:
        raise ValidationError(
            {
                "status": _(
                    "„beschlossen“ geht erst, wenn jede angefragte Gemeinde "
                    "geantwortet hat. Noch offen: %(names)s. Warten Sie die Antwort "
                    "ab oder entfernen Sie die Gemeinde unter „Partner“."
                )
                % {"names": ", ".join(asked)}
            }
        )


PARTNER_FIELDS = [
    "role", "cost_share_pct", "contact_name", "contact_email", "resolution_date",
    "resolution_reference", "resolution_missing_reason",
]  # fmt: skip


def _partner_add(
    cooperation: Cooperation,
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    organisation: PartnerOrganisation | None = None,
    **fields,
) -> CooperationPartner:
    partner = CooperationPartner(
        cooperation=cooperation,
        municipality=municipality,
        organisation=organisation,
        consent=_consent_on_add(actor, municipality),
        **fields,
    )
    partner = _partner_save(partner, cooperation, actor=actor, before=None)
    if partner.consent == CooperationPartner.Consent.REQUESTED:
        transaction.on_commit(partial(_partner_request_enqueue, partner.pk))
    return partner


def _consent_on_add(actor: User | None, municipality: Municipality | None) -> str:
    """A municipality takes part once its own editors agree: confirmed at once when
    the actor may decide for it (or the system records it), else only asked.
    Partner organisations have no editors here; they are confirmed."""
    if (
        municipality is None
        or actor is None
        or actor.has_perm("cooperations.consent_for", municipality)
    ):
        return CooperationPartner.Consent.CONFIRMED
    return CooperationPartner.Consent.REQUESTED


def _partner_request_enqueue(partner_id: int) -> None:
    """Hand the request's e-mail to the workers; with the broker down it is
    logged and lost, the request itself stays on the editors' overview."""
    from . import tasks

    enqueue(tasks.cooperation_partner_request_send, partner_id=partner_id)


def _partner_save(
    partner: CooperationPartner,
    cooperation: Cooperation,
    *,
    actor: User | None,
    before: str | None,
) -> CooperationPartner:
    """Validate and save a partner row; shares may not exceed 100 %; history."""
    partner.full_clean()
    partner.save()
    _check_cost_shares(cooperation)
    _part_changed(
        cooperation,
        "partner",
        before,
        _partner_summary(partner),
        actor=actor,
        municipality=partner.municipality,
    )
    return partner


def _partner_summary(partner: CooperationPartner) -> str:
    # In German, like the rest of the history's values.
    details = {
        CooperationPartner.Consent.CONFIRMED: [],
        CooperationPartner.Consent.REQUESTED: ["angefragt"],
        CooperationPartner.Consent.DECLINED: [_declined(partner.consent_reason)],
    }[partner.consent]
    details.append(partner.role)
    if partner.cost_share_pct is not None:
        details.append(format_percent(partner.cost_share_pct, language="de"))
    if partner.resolution_date:
        details.append(
            f"Beschluss {partner.resolution_date:%d.%m.%Y} "
            f"{partner.resolution_reference}".strip()
        )
    elif partner.resolution_missing_reason:
        details.append(f"kein Beschluss: {partner.resolution_missing_reason}")
    details = [d for d in details if d]
    return f"{partner} ({', '.join(details)})" if details else str(partner)


def _check_cost_shares(cooperation: Cooperation) -> None:
    # Members and those asked (who may still join) share at most 100 %; a
    # municipality that declined takes no share.
    partners = cooperation.partners.exclude(consent=CooperationPartner.Consent.DECLINED)
    total = sum(
        (
            share
            for share in partners.values_list("cost_share_pct", flat=True)
            if share is not None
        ),
        Decimal(0),
    )
    if total > 100:
        raise ValidationError(
            {
                "cost_share_pct": _(
                    "Die Kostenanteile der Partner ergäben zusammen %(total)s %%; "
                    "mehr als 100 %% geht nicht."
                )
                % {"total": format_number(total)}
            }
        )


def _cooperation_touch(
    cooperation: Cooperation, *, actor: User | None, expected_version: int
) -> Cooperation:
    """Lock the cooperation and raise its version: partners are part of it.

    An edit based on an outdated page raises EditConflict, so two people changing
    the partners at the same time never overwrite each other silently.
    """
    return versioned_touch(
        Cooperation, pk=cooperation.pk, actor=actor, expected_version=expected_version
    )


@transaction.atomic
def cooperation_partner_add(
    *,
    cooperation: Cooperation,
    actor: User | None,
    expected_version: int,
    municipality: Municipality | None = None,
    organisation: PartnerOrganisation | None = None,
    **fields,
) -> CooperationPartner:
    """Add a partner municipality or organisation, once each."""
    cooperation = _cooperation_touch(
        cooperation, actor=actor, expected_version=expected_version
    )
    return _partner_add(
        cooperation,
        actor=actor,
        municipality=municipality,
        organisation=organisation,
        **fields,
    )


@transaction.atomic
def cooperation_partner_update(
    *,
    partner: CooperationPartner,
    actor: User | None,
    expected_version: int,
    **fields,
) -> CooperationPartner:
    """Change a partner's role, cost share, contact or council resolution."""
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    cooperation = _cooperation_touch(
        partner.cooperation, actor=actor, expected_version=expected_version
    )
    partner = CooperationPartner.objects.select_related(
        "municipality", "organisation"
    ).get(pk=partner.pk)
    before = _partner_summary(partner)
    for name, value in fields.items():
        setattr(partner, name, value)
    return _partner_save(partner, cooperation, actor=actor, before=before)


@transaction.atomic
def cooperation_partner_remove(
    *, partner: CooperationPartner, actor: User | None, expected_version: int
) -> None:
    """Take a partner out; the lead, the last municipality and partners with
    recorded savings stay (their figures would be lost)."""
    cooperation = _cooperation_touch(
        partner.cooperation, actor=actor, expected_version=expected_version
    )
    if partner.municipality_id and partner.municipality_id == cooperation.lead_id:
        raise ValidationError(
            _(
                "Die federführende Gemeinde bleibt Partner. Bestimmen Sie zuerst "
                "eine andere federführende Gemeinde."
            )
        )
    if partner.savings.exists():
        raise ValidationError(
            _(
                "Für %(partner)s sind Einsparungen eingetragen; der Partner bleibt, "
                "damit der Nachweis für die Förderung vollständig ist."
            )
            % {"partner": partner}
        )
    # At least one member municipality stays: its editors keep the cooperation.
    others = cooperation.partners.members().exclude(pk=partner.pk)
    if partner.municipality_id and not others.filter(municipality__isnull=False):
        raise ValidationError("Eine Kooperation braucht mindestens eine Gemeinde.")
    summary = _partner_summary(partner)
    partner.delete()
    _part_changed(
        cooperation,
        "partner",
        summary,
        None,
        actor=actor,
        municipality=partner.municipality,
    )


def _declined(reason: str) -> str:
    return f"abgelehnt: {reason}" if reason else "abgelehnt"


def _partner_answer(
    *, partner: CooperationPartner, actor: User, consent: str, reason: str = ""
) -> CooperationPartner:
    """Record the asked municipality's answer, by one of its editors."""
    if not actor.has_perm("cooperations.consent_for", partner.municipality):
        raise PermissionDenied(
            _(
                "Ob %(municipality)s mitmacht, entscheiden die Bearbeiterinnen und "
                "Bearbeiter dieser Gemeinde."
            )
            % {"municipality": partner.municipality.short_name}
        )
    # Partners are part of the cooperation: lock it and raise its version, whatever
    # version the answering editor saw (they do not edit the cooperation).
    cooperation = versioned_touch(
        Cooperation,
        pk=partner.cooperation_id,
        actor=actor,
        expected_version=ANY_VERSION,
    )
    partner = (
        CooperationPartner.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=partner.pk)
    )
    if partner.consent != CooperationPartner.Consent.REQUESTED:
        raise ValidationError(
            _("%(municipality)s hat schon geantwortet: %(consent)s.")
            % {
                "municipality": partner.municipality.short_name,
                "consent": partner.get_consent_display(),
            }
        )
    before = _partner_summary(partner)
    partner.consent = consent
    partner.consent_reason = reason.strip()
    partner.consent_by = actor
    partner.consent_at = timezone.now()
    return _partner_save(partner, cooperation, actor=actor, before=before)


@transaction.atomic
def cooperation_partner_confirm(
    *, partner: CooperationPartner, actor: User
) -> CooperationPartner:
    """The asked municipality takes part: from now on it counts as a member."""
    return _partner_answer(
        partner=partner, actor=actor, consent=CooperationPartner.Consent.CONFIRMED
    )


@transaction.atomic
def cooperation_partner_decline(
    *, partner: CooperationPartner, actor: User, reason: str = ""
) -> CooperationPartner:
    """The asked municipality does not take part; the reason (optional) is kept
    and shown on the cooperation's page."""
    return _partner_answer(
        partner=partner,
        actor=actor,
        consent=CooperationPartner.Consent.DECLINED,
        reason=reason,
    )


def cooperation_partner_request_send(*, partner_id: int) -> int:
    """E-mail a request to take part to the editors of the asked municipality
    (those who may answer it); nothing once it is answered or withdrawn. The
    number of mails sent."""
    partner = (
        CooperationPartner.objects.requested()
        .select_related("cooperation", "cooperation__lead", "municipality")
        .filter(pk=partner_id)
        .first()
    )
    if partner is None:
        return 0
    candidates = User.objects.filter(
        is_active=True, memberships__municipality=partner.municipality
    ).order_by("pk")
    recipients = [
        user.email
        for user in candidates
        if user.email
        and user.has_perm("cooperations.consent_for", partner.municipality)
    ]
    if not recipients:
        return 0
    context = {"partner": partner, "cooperation": partner.cooperation}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            "cooperations/email/partner_request_subject.txt", context
        )
        message = render_to_string("cooperations/email/partner_request.txt", context)
    # One mail each: the editors of a municipality need not see each other's
    # addresses.
    for recipient in recipients:
        send_mail(
            subject=" ".join(subject.split()),
            message=message,
            from_email=None,
            recipient_list=[recipient],
        )
    return len(recipients)


@transaction.atomic
def cooperation_document_add(
    *,
    cooperation: Cooperation,
    uploaded_file,
    kind: str,
    title: str,
    actor: User,
    visibility: str = CooperationDocument.Visibility.PARTNERS,
) -> CooperationDocument:
    """Store a checked document privately, under a safe name with the extension of
    its detected type, and note it in the history."""
    file_type = detect_type(uploaded_file)
    document = CooperationDocument(
        cooperation=cooperation,
        kind=kind,
        title=title or uploaded_file.name,
        original_name=uploaded_file.name[:255],
        content_type=CONTENT_TYPES[file_type],
        size=uploaded_file.size,
        visibility=visibility,
        uploaded_by=actor,
    )
    document.file.save(document.download_name, uploaded_file, save=False)
    document.full_clean()
    document.save()
    _part_changed(
        cooperation,
        "document",
        None,
        f"{document.title} ({document.original_name})",
        actor=actor,
        municipality=cooperation.lead,
    )
    return document


def deadline_reminders_send(*, today: date) -> int:
    """E-mail the partners' contacts 90, 30 and 7 days before each deadline, once."""
    sent = 0
    cooperations = (
        Cooperation.objects.current()
        .prefetch_related(
            Prefetch("partners", queryset=CooperationPartner.objects.members()),
            FUNDINGS,
        )
        .order_by("pk")
    )
    for cooperation in cooperations:
        recipients = sorted(
            {p.contact_email for p in cooperation.partners.all() if p.contact_email}
        )
        if not recipients:
            continue
        for deadline in cooperation_deadlines(cooperation=cooperation, today=today):
            lead = reminder_due(deadline=deadline.date, today=today)
            if lead is None:
                continue
            for recipient in recipients:
                sent += _reminder_send(cooperation, deadline, lead, recipient)
    return sent


@transaction.atomic
def _reminder_send(cooperation, deadline, lead: int, recipient: str) -> int:
    _reminder, created = DeadlineReminder.objects.get_or_create(
        cooperation=cooperation,
        kind=deadline.kind,
        deadline=deadline.date,
        lead_days=lead,
        recipient=recipient,
    )
    if not created:
        return 0
    # Sent inside the transaction: if the mail server refuses, the row is rolled
    # back and tomorrow's run does not count the reminder as sent.
    send_mail(
        subject=f"LebensWert: {deadline.label} am {deadline.date:%d.%m.%Y} – "
        f"{cooperation.title}",
        message=render_to_string(
            "cooperations/email/deadline_reminder.txt",
            {"cooperation": cooperation, "deadline": deadline, "lead": lead},
        ),
        from_email=None,
        recipient_list=[recipient],
    )
    return 1


@transaction.atomic
def savings_entry_set(
    *,
    partner: CooperationPartner,
    year: int,
    cost_before: Decimal,
    cost_after: Decimal,
    source: str,
    actor: User | None,
) -> SavingsEntry:
    """Record (or correct) one partner's costs for a year, with history."""
    entry = SavingsEntry.objects.filter(partner=partner, year=year).first()

    def costs(before: Decimal, after: Decimal) -> str:
        # Stored as the history shows it, in German like the funding's amount.
        money = [format_money(v, language="de") for v in (before, after)]
        return " → ".join(money)

    before = (
        f"{entry.year}: {costs(entry.cost_before, entry.cost_after)}" if entry else None
    )
    entry = entry or SavingsEntry(partner=partner, year=year)
    entry.cost_before, entry.cost_after, entry.source = cost_before, cost_after, source
    entry.full_clean()
    entry.save()
    _part_changed(
        partner.cooperation,
        "savings",
        before,
        f"{partner} {year}: {costs(cost_before, cost_after)}",
        actor=actor,
        municipality=partner.municipality,
    )
    return entry


@transaction.atomic
def funding_add(
    *,
    cooperation: Cooperation,
    programme: FundingProgramme,
    amount: Decimal,
    granted_on: date,
    obligations: str,
    actor: User | None,
) -> Funding:
    funding = Funding(
        cooperation=cooperation,
        programme=programme,
        amount=amount,
        granted_on=granted_on,
        obligations=obligations,
    )
    funding.full_clean()
    funding.save()
    _part_changed(
        cooperation,
        "funding",
        None,
        f"{programme}: {format_money(amount, language='de')} ({granted_on:%d.%m.%Y})",
        actor=actor,
        municipality=cooperation.lead,
    )
    return funding


@transaction.atomic
def checklist_ticks_set(
    *,
    cooperation: Cooperation,
    phase: str,
    item_codes: list[str],
    actor: User | None,
) -> list[str]:
    """Tick exactly the given items of one phase for a cooperation; audited."""
    from .models import ChecklistItem, ChecklistTick

    items = {i.code: i for i in ChecklistItem.objects.filter(phase=phase)}
    unknown = set(item_codes) - set(items)
    if unknown:
        raise ValidationError(
            "Unbekannter Checklistenpunkt: " + ", ".join(sorted(unknown))
        )
    current = set(
        ChecklistTick.objects.filter(
            cooperation=cooperation, item__phase=phase
        ).values_list("item__code", flat=True)
    )
    wanted = set(item_codes)
    ChecklistTick.objects.filter(
        cooperation=cooperation, item__code__in=current - wanted
    ).delete()
    ChecklistTick.objects.bulk_create(
        [
            ChecklistTick(cooperation=cooperation, item=items[code], ticked_by=actor)
            for code in sorted(wanted - current)
        ]
    )
    phase_label = ChecklistItem.Phase(phase).label

    def listed(codes):
        done = "; ".join(items[c].text for c in sorted(codes)) or "–"
        return f"{phase_label}: {done}"

    _part_changed(
        cooperation,
        "checklist",
        listed(current),
        listed(wanted),
        actor=actor,
        municipality=cooperation.lead,
    )
    return sorted(wanted)


SCENARIO_FIELDS = ["name", "shared", "params"]


@transaction.atomic
def scenario_create(
    *, owner: User, name: str, params: dict, shared: bool = False
) -> Scenario:
    """Save a comparison under a name; its partners come from the parameters."""
    name = name.strip()
    if not name:
        raise ValidationError("Das Szenario braucht einen Namen.")
    partners = list(Municipality.objects.filter(ags__in=params.get("partners", [])))
    if not partners or len(partners) != len(set(params["partners"])):
        raise ValidationError("Das Szenario nennt eine unbekannte Partnergemeinde.")
    scenario = Scenario(owner=owner, name=name, params=params, shared=shared)
    scenario.full_clean()
    scenario.save()
    scenario.partners.set(partners)
    change_record(
        instance=scenario,
        action=Change.Action.CREATE,
        actor=owner,
        after={"name": name, "shared": shared},
    )
    return scenario


@transaction.atomic
def scenario_delete(*, scenario: Scenario, actor: User) -> None:
    change_record(
        instance=scenario,
        action=Change.Action.DELETE,
        actor=actor,
        before={"name": scenario.name, "shared": scenario.shared},
    )
    from .reports import scenario_scope

    bump(scenario_scope(scenario.pk))  # its report files are not found again
    scenario.delete()


# The public register (issue 17): what a publication changes, in the history.
PUBLICATION_FIELDS = ["is_published"]


def _publication_set(
    *, cooperation: Cooperation, actor: User | None, expected_version: int, on: bool
) -> Cooperation:
    if actor is not None and not actor.has_perm(
        "cooperations.publish_cooperation", cooperation
    ):
        raise PermissionDenied(
            _(
                "Nur wer die federführende Gemeinde bearbeitet, nimmt eine Kooperation "
                "in das öffentliche Register auf oder nimmt sie heraus."
            )
        )
    published_at = None
    if on:  # the first publication's time stays while it remains published
        published_at = (
            cooperation.published_at if cooperation.is_published else None
        ) or timezone.now()
    return versioned_save(
        model=Cooperation,
        lookup={"pk": cooperation.pk},
        fields={"is_published": on, "published_at": published_at},
        audited=PUBLICATION_FIELDS,
        actor=actor,
        expected_version=expected_version,
        municipality=cooperation.lead,
        deleted_message=_("Die Kooperation wurde inzwischen gelöscht."),
    )


@transaction.atomic
def cooperation_publish(
    *, cooperation: Cooperation, actor: User | None, expected_version: int
) -> Cooperation:
    """Show the cooperation in the public register (only its lead's editors and
    admins): title, task, form, confirmed partners, status, start, sectors and the
    documents marked public; never contact persons."""
    return _publication_set(
        cooperation=cooperation, actor=actor, expected_version=expected_version, on=True
    )


@transaction.atomic
def cooperation_unpublish(
    *, cooperation: Cooperation, actor: User | None, expected_version: int
) -> Cooperation:
    """Take the cooperation out of the public register (and its public documents
    with it); the pages and downloads answer 404 from now on."""
    return _publication_set(
        cooperation=cooperation,
        actor=actor,
        expected_version=expected_version,
        on=False,
    )


def open_data_write(*, storage: Storage | None = None) -> list[str]:
    """Write the CSV and JSON file of every open dataset (open_data.DATASETS) with
    its licence and attribution, each replaced atomically (a download never gets
    half a file); the nightly beat job and the command write_open_data."""
    storage = storage or storages["open_data"]
    generated = timezone.now()
    written = []
    with translation.override("de"):  # the files' labels and header lines
        for dataset in open_data.DATASETS:
            rows = list(dataset.rows())
            for extension, build in (
                ("csv", open_data.as_csv),
                ("json", open_data.as_json),
            ):
                name = dataset.file_name(extension)
                write_atomically(storage, name, build(dataset, rows, generated))
                written.append(name)
    return written
