from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from lebenswert.core.forms import VersionForm, form_submit, form_submit_with_message
from lebenswert.core.fragments import (
    COOPERATIONS,
    DIRECTORY,
    cached_fragment,
    cached_pieces,
    figures_scope,
    versions,
)
from lebenswert.core.permissions import require_perm
from municipalities import selectors as municipality_selectors
from municipalities.models import Kreis
from municipalities.roles import role_facts

from . import actions, selectors
from .calendar import deadline_calendar
from .documents import document_response
from .filters import CooperationFilter
from .forms import (
    CooperationForm,
    DocumentForm,
    FundingForm,
    PartnerAddForm,
    PartnerDeclineForm,
    PartnerForm,
    SavingsForm,
    StatusForm,
)
from .models import Cooperation, CooperationPartner
from .network import network_svg

PAGE_SIZE = 50


def _cooperation_for(
    request: HttpRequest, pk: int, perm: str, *, header_only: bool = False
) -> Cooperation:
    """The cooperation the address names (404 if there is none), if the user holds
    `perm` on it (else 403): with what its pages show, or only its header."""
    get = selectors.cooperation_header_get if header_only else selectors.cooperation_get
    cooperation = get(pk=pk)
    require_perm(request.user, perm, cooperation)
    return cooperation


@require_safe
@login_required
def cooperation_list(request: HttpRequest) -> HttpResponse:
    # Search form and results are the same for everyone who sees the same part of
    # the register and asks with the same address (the form shows what was typed):
    # a repeat visit neither parses the filters nor renders the form.
    results = cached_fragment(
        "cooperation_list",
        scopes=[DIRECTORY, COOPERATIONS],
        vary=[selectors.visibility_key(request.user), sorted(request.GET.lists())],
        render=lambda: render_to_string(
            "cooperations/partials/cooperation_results.html",
            _list_results(request),
            request,
        ),
    )
    context = {
        "results": results,
        "can_create": request.user.has_perm("cooperations.create_cooperation"),
    }
    return render(request, "cooperations/cooperation_list.html", context)


def _list_results(request: HttpRequest) -> dict:
    filterset = CooperationFilter(request.GET)
    kreis = filterset.cleaned_values()["kreis"]
    # Narrowed to a Kreis of the user's region, the list needs no visibility filter
    # (selectors.sees_whole_kreis), which would read the whole register's partners.
    whole = kreis and selectors.sees_whole_kreis(request.user, kreis)
    if kreis:
        order = selectors.cooperation_order_in_kreis(
            user=None if whole else request.user, kreis_code=kreis, filters=request.GET
        )
    else:
        order = selectors.cooperation_order_in_region(
            user=request.user, filters=request.GET
        )
    if order is not None:
        # A Kreis or a region holds a few thousand cooperations at most: read their
        # order once (instead of counting them, then sorting them again for the
        # page).
        page = Paginator(order, PAGE_SIZE).get_page(request.GET.get("seite"))
        page.object_list = selectors.cooperation_list_rows(pks=page.object_list)
    else:
        filterset.queryset = selectors.cooperation_list_for_user(user=request.user)
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    form_html, *rows = _list_pieces(request, filterset.form, page.object_list)
    return {
        "page": page,
        "query": query.urlencode(),
        "form_html": form_html,
        "rows": rows,
    }


def _list_pieces(request: HttpRequest, form, cooperations) -> list:
    """The search form and a row per cooperation, each cached by what it shows
    (the form: the address and the directory): after a change in the register only
    the changed rows are rendered anew."""
    register = reverse("cooperations:cooperation_list")
    form_shown = ("form", sorted(request.GET.lists()), versions(DIRECTORY))
    row_template = "cooperations/partials/cooperation_list_row.html"
    return cached_pieces(
        "cooperation_list",
        [
            (
                form_shown,
                partial(
                    render_to_string,
                    "cooperations/partials/cooperation_list_form.html",
                    {"filter_form": form},
                    request,
                ),
            ),
            *(
                (
                    ("row", register, selectors.cooperation_row_shown(cooperation)),
                    partial(
                        render_to_string,
                        row_template,
                        {"cooperation": cooperation, "register": register},
                    ),
                )
                for cooperation in cooperations
            ),
        ],
    )


@require_safe
@login_required
def cooperation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = _cooperation_for(
        request, pk, "cooperations.read_cooperation", header_only=True
    )
    can_edit = request.user.has_perm("cooperations.edit_cooperation", cooperation)
    # Which documents the page names depends on this alone (rule read_document).
    partner_staff = request.user.has_perm(
        "cooperations.read_partner_documents", cooperation
    )
    today = timezone.localdate()

    def body() -> str:
        full = selectors.cooperation_get(pk=pk)
        return render_to_string(
            "cooperations/partials/cooperation_body.html",
            _detail_body(
                full,
                can_edit=can_edit,
                partner_staff=partner_staff,
                today=today,
                documents=selectors.cooperation_document_list(
                    cooperation=full, user=request.user
                ),
            ),
            request,
        )

    # Readers all see the same page; editors' forms carry their CSRF token.
    if can_edit:
        body_html = body()
    else:
        body_html = cached_fragment(
            "cooperation_detail",
            scopes=[DIRECTORY, COOPERATIONS],
            vary=[pk, today.isoformat(), partner_staff],
            render=body,
        )
    context = {
        "cooperation": cooperation,
        "body": body_html,
        "can_edit": can_edit,
        # Asked to take part: the user's municipality answers here (not cached).
        "requests": selectors.partner_request_list_for_user(
            user=request.user, cooperation=cooperation
        ),
    }
    return render(request, "cooperations/cooperation_detail.html", context)


def _detail_body(
    cooperation: Cooperation,
    *,
    can_edit: bool,
    partner_staff: bool,
    today,
    documents: list,
) -> dict:
    next_statuses = [
        (value, label)
        for value, label in Cooperation.Status.choices
        if cooperation.can_move_to(value)
    ]
    return {
        "cooperation": cooperation,
        "can_edit": can_edit,
        "asked": any(not p.is_member for p in cooperation.partners.all()),
        "status_form": StatusForm(
            initial={"version": cooperation.version},
            statuses=next_statuses,
            action=reverse(
                "cooperations:cooperation_status_set", args=[cooperation.pk]
            ),
        )
        if can_edit and next_statuses
        else None,
        "history": selectors.cooperation_history(
            cooperation=cooperation, partner_staff=partner_staff
        ),
        "documents": documents,
        "document_form": DocumentForm() if can_edit else None,
        "savings_form": SavingsForm(cooperation=cooperation) if can_edit else None,
        "funding_form": FundingForm() if can_edit else None,
        "ledger": selectors.savings_ledger(cooperation=cooperation),
        "deadlines": selectors.cooperation_deadlines(
            cooperation=cooperation, today=today
        ),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cooperation_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "cooperations.create_cooperation")
    planner_only = not request.user.has_perm("cooperations.create_in_any_status")
    form = CooperationForm(
        request.POST or None,
        municipalities=selectors.partner_choices(
            user=request.user, kreis=request.GET.get("kreis", "")
        ),
        statuses=actions.PLANNER_STATUSES if planner_only else actions.START_STATUSES,
    )
    submission = form_submit(
        request,
        form,
        lambda data: actions.cooperation_create(
            actor=request.user,
            title=data["title"],
            task=data["task"],
            lead=data["lead"],
            status=data["status"],
            partners=list(data["partners"]),
            sectors=list(data["sectors"]),
            **{
                name: data[name]
                for name in actions.COOPERATION_FIELDS
                if name in data and name not in {"title", "task", "lead", "status"}
            },
        ),
    )
    if submission.saved:
        messages.success(request, _("Die Kooperation wurde angelegt."))
        return redirect(submission.result)
    context = {"form": form}
    if not role_facts(request.user).kreise:
        # Partners come from the user's Kreise; without any, the user picks one.
        context["kreise"] = municipality_selectors.kreis_choices()
        context["kreis"] = request.GET.get("kreis", "")
    return submission.render(request, "cooperations/cooperation_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cooperation_update(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    form = CooperationForm(
        request.POST or None,
        instance=cooperation,
        initial={"version": cooperation.version, "sectors": cooperation.sectors.all()},
        municipalities=selectors.partner_choices(
            user=request.user,
            # The lead stays a choice, also for editors from another Kreis.
            kreis=request.GET.get("kreis", "")
            or (cooperation.lead.kreis_id if cooperation.lead else ""),
        ),
        creating=False,
    )
    submission = form_submit(
        request,
        form,
        lambda data: actions.cooperation_update(
            cooperation=cooperation,
            actor=request.user,
            expected_version=data["version"],
            sectors=list(data["sectors"]),
            **{n: data[n] for n in actions.COOPERATION_FIELDS if n in data},
        ),
    )
    if submission.saved:
        messages.success(request, _("Die Kooperation wurde gespeichert."))
        return redirect(cooperation)
    context = {"form": form, "cooperation": cooperation}
    return submission.render(request, "cooperations/cooperation_form.html", context)


@require_POST
@login_required
def cooperation_status_set(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    form = StatusForm(request.POST)
    if form.ends_unconfirmed:
        context = {"cooperation": cooperation, "version": form.cleaned_data["version"]}
        return render(request, "cooperations/cooperation_confirm_end.html", context)
    form_submit_with_message(
        request,
        form,
        lambda data: actions.cooperation_status_set(
            cooperation=cooperation,
            status=data["status"],
            actor=request.user,
            expected_version=data["version"],
        ),
        success=_("Der Status wurde geändert."),
        invalid=_("Bitte wählen Sie einen gültigen Status."),
    )
    return redirect(cooperation)


def _requested_kreis(request: HttpRequest) -> Kreis | None:
    """The Kreis named by ?kreis=, else the user's own; None: the user must choose."""
    code = request.GET.get("kreis") or municipality_selectors.kreis_default_for_user(
        user=request.user
    )
    return selectors.kreis_get(code=code) if code else None


def _kreis_choice(request: HttpRequest, heading: str) -> HttpResponse:
    context = {"heading": heading, "kreise": municipality_selectors.kreis_choices()}
    return render(request, "pages/kreis_choice.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cooperation_partners(request: HttpRequest, pk: int) -> HttpResponse:
    """The partners with share, contact and resolution; add a partner."""
    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    form = PartnerAddForm(
        request.POST or None,
        initial={"version": cooperation.version},
        cooperation=cooperation,
    )
    submission = form_submit(
        request,
        form,
        lambda data: actions.cooperation_partner_add(
            cooperation=cooperation,
            actor=request.user,
            expected_version=data["version"],
            municipality=data["municipality"],
            organisation=data["organisation"],
            **{name: data[name] for name in actions.PARTNER_FIELDS},
        ),
    )
    if submission.saved:
        messages.success(request, _("Der Partner wurde hinzugefügt."))
        return redirect("cooperations:cooperation_partners", pk=cooperation.pk)
    context = {
        "cooperation": cooperation,
        "form": form,
        "shares": selectors.cost_share_total(cooperation=cooperation),
    }
    return submission.render(request, "cooperations/cooperation_partners.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cooperation_partner_update(
    request: HttpRequest, pk: int, partner_pk: int
) -> HttpResponse:
    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    partner = get_object_or_404(cooperation.partners.all(), pk=partner_pk)
    form = PartnerForm(
        request.POST or None,
        instance=partner,
        initial={"version": cooperation.version},
    )
    submission = form_submit(
        request,
        form,
        lambda data: actions.cooperation_partner_update(
            partner=partner,
            actor=request.user,
            expected_version=data["version"],
            **{name: data[name] for name in actions.PARTNER_FIELDS},
        ),
    )
    if submission.saved:
        messages.success(request, _("Die Angaben zum Partner wurden gespeichert."))
        return redirect("cooperations:cooperation_partners", pk=cooperation.pk)
    context = {"cooperation": cooperation, "partner": partner, "form": form}
    return submission.render(
        request, "cooperations/cooperation_partner_form.html", context
    )


@require_POST
@login_required
def cooperation_partner_remove(
    request: HttpRequest, pk: int, partner_pk: int
) -> HttpResponse:
    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    partner = get_object_or_404(cooperation.partners.all(), pk=partner_pk)
    form_submit_with_message(
        request,
        VersionForm(request.POST),
        lambda data: actions.cooperation_partner_remove(
            partner=partner, actor=request.user, expected_version=data["version"]
        ),
        success=_("%(partner)s ist nicht mehr Partner.") % {"partner": partner},
        invalid=_("Die Seite war unvollständig; bitte neu laden."),
    )
    return redirect("cooperations:cooperation_partners", pk=cooperation.pk)


def _partner_request_for(
    request: HttpRequest, pk: int, partner_pk: int
) -> CooperationPartner:
    """The asked municipality the address names (404 if none), if the user may
    answer for it (else 403): an editor of that municipality."""
    partner = get_object_or_404(
        CooperationPartner.objects.select_related(
            "cooperation", "cooperation__lead", "municipality"
        ),
        pk=partner_pk,
        cooperation_id=pk,
        municipality__isnull=False,
    )
    require_perm(request.user, "cooperations.consent_for", partner.municipality)
    return partner


def _partner_answer(
    request: HttpRequest,
    pk: int,
    partner_pk: int,
    *,
    answer: str,
    form_class,
    act,
    success: str,
) -> HttpResponse:
    """The confirmation page of an answer (what it means, and the button) and its
    POST: `act(partner, data)` records the answer."""
    partner = _partner_request_for(request, pk, partner_pk)
    # Bound on every POST: confirming is a bare button that sends only its token.
    form = form_class(request.POST if request.method == "POST" else None)
    submission = form_submit(request, form, lambda data: act(partner, data))
    if submission.saved:
        messages.success(
            request, success % {"municipality": partner.municipality.short_name}
        )
        return redirect(partner.cooperation)
    context = {
        "partner": partner,
        "cooperation": selectors.cooperation_get(pk=partner.cooperation_id),
        "form": form,
        "answer": answer,
    }
    return submission.render(
        request, "cooperations/cooperation_partner_answer.html", context
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cooperation_partner_confirm(
    request: HttpRequest, pk: int, partner_pk: int
) -> HttpResponse:
    """An asked municipality's editor confirms that it takes part."""
    return _partner_answer(
        request,
        pk,
        partner_pk,
        answer="confirm",
        form_class=forms.Form,
        act=lambda partner, data: actions.cooperation_partner_confirm(
            partner=partner, actor=request.user
        ),
        success=_("%(municipality)s ist jetzt Partner."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cooperation_partner_decline(
    request: HttpRequest, pk: int, partner_pk: int
) -> HttpResponse:
    """An asked municipality's editor declines, with an optional reason."""
    return _partner_answer(
        request,
        pk,
        partner_pk,
        answer="decline",
        form_class=PartnerDeclineForm,
        act=lambda partner, data: actions.cooperation_partner_decline(
            partner=partner, actor=request.user, reason=data["reason"]
        ),
        success=_("Sie haben abgelehnt; %(municipality)s ist nicht Partner."),
    )


@require_safe
@login_required
def cooperation_matrix(request: HttpRequest) -> HttpResponse:
    kreis = _requested_kreis(request)
    if kreis is None:
        return _kreis_choice(request, _("Matrix des Kreises"))
    return _kreis_page(
        request,
        kreis,
        "matrix",
        lambda: _matrix_context(request, kreis),
        vary=[request.GET.get("seite", "")],
        extra={"can_report": request.user.has_perm("cooperations.read_region", kreis)},
    )


def _matrix_context(request: HttpRequest, kreis: Kreis) -> dict:
    matrix = selectors.cooperation_matrix(
        user=request.user,
        kreis_code=kreis.code,
        page=request.GET.get("seite", 1),
        include_ended=_include_ended(request),
    )
    # Each row is cached by what it shows: after a change only the rows of the
    # municipalities it concerns are rendered anew.
    register = reverse("cooperations:cooperation_list")
    rows = cached_pieces(
        "cooperation_matrix_row",
        (
            (
                (register, matrix.row_shown(municipality, cells)),
                partial(
                    render_to_string,
                    "cooperations/partials/cooperation_matrix_row.html",
                    {
                        "municipality": municipality,
                        "cells": cells,
                        "register": register,
                    },
                ),
            )
            for municipality, cells in matrix.rows()
        ),
    )
    return {
        "kreis": kreis,
        "matrix": matrix,
        "rows": rows,
        "query": f"kreis={kreis.code}"
        + ("&beendete=1" if _include_ended(request) else ""),
    }


def _include_ended(request: HttpRequest) -> bool:
    """The switch „auch beendete Kooperationen zeigen“ (?beendete=1)."""
    return request.GET.get("beendete") == "1"


def _kreis_page(
    request, kreis, name: str, context, scopes=(), vary=(), extra=None
) -> HttpResponse:
    """A Kreis-wide page of the register: the same for all who see the same part
    (and the same choice of the switch for ended cooperations)."""
    include_ended = _include_ended(request)
    switch = {"kreis": kreis, "include_ended": include_ended}
    body = cached_fragment(
        f"cooperation_{name}",
        scopes=[DIRECTORY, COOPERATIONS, *scopes],
        vary=[kreis.code, selectors.visibility_key(request.user), include_ended, *vary],
        render=lambda: render_to_string(
            f"cooperations/partials/cooperation_{name}_body.html",
            {**context(), **switch},
            request,
        ),
    )
    return render(
        request,
        f"cooperations/cooperation_{name}.html",
        {"body": body, **switch, **(extra or {})},
    )


@require_POST
@login_required
def cooperation_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    form_submit_with_message(
        request,
        DocumentForm(request.POST, request.FILES),
        lambda data: actions.cooperation_document_add(
            cooperation=cooperation,
            uploaded_file=data["file"],
            kind=data["kind"],
            title=data["title"],
            visibility=data["visibility"],
            actor=request.user,
        ),
        success=_("Das Dokument wurde gespeichert."),
    )
    return redirect(f"{cooperation.get_absolute_url()}#dokumente")


@require_safe
@login_required
def cooperation_document_download(
    request: HttpRequest, pk: int, document_pk: int
) -> FileResponse:
    cooperation = _cooperation_for(
        request, pk, "cooperations.read_cooperation", header_only=True
    )
    document = get_object_or_404(cooperation.documents, pk=document_pk)
    require_perm(request.user, "cooperations.read_document", document)
    return document_response(document)


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal deadline calendar; the secret token in the address is the key."""
    from lebenswert.accounts.models import User

    user = get_object_or_404(User, calendar_token=token, is_active=True)
    items = selectors.deadlines_for_user(
        user=user, today=timezone.localdate(), limit=500
    )
    body = deadline_calendar(items, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lebenswert-fristen.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_POST
@login_required
def savings_entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    form_submit_with_message(
        request,
        SavingsForm(request.POST, cooperation=cooperation),
        lambda data: actions.savings_entry_set(actor=request.user, **data),
        success=_("Die Einsparung wurde eingetragen."),
    )
    return redirect(cooperation)


@require_POST
@login_required
def funding_create(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    form_submit_with_message(
        request,
        FundingForm(request.POST),
        lambda data: actions.funding_add(
            cooperation=cooperation, actor=request.user, **data
        ),
        success=_("Die Förderung wurde eingetragen."),
    )
    return redirect(cooperation)


@require_safe
@login_required
def cooperation_gaps(request: HttpRequest) -> HttpResponse:
    kreis = _requested_kreis(request)
    if kreis is None:
        return _kreis_choice(request, _("Lücken"))
    return _kreis_page(
        request,
        kreis,
        "gaps",
        lambda: {
            "kreis": kreis,
            "gaps": selectors.cooperation_gaps(
                user=request.user,
                kreis_code=kreis.code,
                include_ended=_include_ended(request),
            ),
        },
        scopes=[figures_scope(kreis.code)],  # who provides each service
    )


@require_safe
@login_required
def cooperation_network(request: HttpRequest) -> HttpResponse:
    kreis = _requested_kreis(request)
    if kreis is None:
        return _kreis_choice(request, _("Netzkarte"))
    return _kreis_page(
        request, kreis, "network", lambda: _network_context(request, kreis)
    )


def _network_context(request: HttpRequest, kreis: Kreis) -> dict:
    network = selectors.cooperation_network(
        user=request.user,
        kreis_code=kreis.code,
        include_ended=_include_ended(request),
    )
    return {
        "kreis": kreis,
        "network": network_svg(kreis=kreis, network=network),
        "places": network.partners(),
        "linked": network.cooperations,
    }


@require_POST
@login_required
def checklist_update(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    from .guide.views import PHASE_PAGES
    from .models import ChecklistItem

    cooperation = _cooperation_for(request, pk, "cooperations.edit_cooperation")
    if phase not in ChecklistItem.Phase.values:
        raise Http404(phase)
    try:
        actions.checklist_ticks_set(
            cooperation=cooperation,
            phase=phase,
            item_codes=request.POST.getlist("items"),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Checkliste wurde gespeichert."))
    slug = PHASE_PAGES[list(ChecklistItem.Phase.values).index(phase)]
    return redirect(
        f"{reverse('guide:guide_page', args=[slug])}?kooperation={pk}#checkliste"
    )
