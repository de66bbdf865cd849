from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from lebenswert.core.charts import MapLink, MapNode, network_map
from lebenswert.core.concurrency import EditConflict
from lebenswert.core.permissions import require_perm
from municipalities.models import Kreis
from services.views import conflict_message

from . import actions, selectors
from .calendar import deadline_calendar
from .forms import (
    CooperationForm,
    DocumentForm,
    FundingForm,
    SavingsForm,
    StatusForm,
)
from .models import Cooperation
from .rules import kreise_of

PAGE_SIZE = 50


@require_safe
@login_required
def cooperation_list(request: HttpRequest) -> HttpResponse:
    filters = {
        name: request.GET.get(name, "").strip()[:100]
        for name in ("query", "status", "sector", "form", "municipality", "kreis")
    }
    cooperations = selectors.cooperation_list_for_user(user=request.user, **filters)
    page = Paginator(cooperations, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "statuses": Cooperation.Status.choices,
        "can_create": request.user.has_perm("cooperations.create_cooperation"),
    }
    return render(request, "cooperations/cooperation_list.html", context)


@require_safe
@login_required
def cooperation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = selectors.cooperation_get(pk=pk)
    require_perm(request.user, "cooperations.read_cooperation", cooperation)
    can_edit = request.user.has_perm("cooperations.edit_cooperation", cooperation)
    next_statuses = [
        (value, label)
        for value, label in Cooperation.Status.choices
        if cooperation.can_move_to(value)
    ]
    context = {
        "cooperation": cooperation,
        "can_edit": can_edit,
        "status_form": StatusForm(initial={"version": cooperation.version})
        if can_edit and next_statuses
        else None,
        "next_statuses": next_statuses,
        "history": selectors.cooperation_history(cooperation=cooperation),
        "document_form": DocumentForm() if can_edit else None,
        "savings_form": SavingsForm(cooperation=cooperation) if can_edit else None,
        "funding_form": FundingForm() if can_edit else None,
        "ledger": selectors.savings_ledger(cooperation=cooperation),
        "deadlines": selectors.cooperation_deadlines(
            cooperation=cooperation, today=timezone.localdate()
        ),
    }
    return render(request, "cooperations/cooperation_detail.html", context)


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
        statuses=actions.PLANNER_STATUSES if planner_only else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in actions.COOPERATION_FIELDS
            if name in data and name not in {"title", "task", "lead", "status"}
        }
        try:
            cooperation = actions.cooperation_create(
                actor=request.user,
                title=data["title"],
                task=data["task"],
                lead=data["lead"],
                status=data["status"],
                partners=list(data["partners"]),
                sectors=list(data["sectors"]),
                **fields,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, error.messages if hasattr(error, "messages") else str(error)
            )
        else:
            messages.success(request, _("Die Kooperation wurde angelegt."))
            return redirect(cooperation)
    return render(request, "cooperations/cooperation_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cooperation_update(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = selectors.cooperation_get(pk=pk)
    require_perm(request.user, "cooperations.edit_cooperation", cooperation)
    form = CooperationForm(
        request.POST or None,
        instance=cooperation,
        initial={"version": cooperation.version, "sectors": cooperation.sectors.all()},
        municipalities=selectors.partner_choices(
            user=request.user, kreis=request.GET.get("kreis", "")
        ),
        creating=False,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name] for name in actions.COOPERATION_FIELDS if name in data
        }
        try:
            actions.cooperation_update(
                cooperation=cooperation,
                actor=request.user,
                expected_version=data["version"],
                sectors=list(data["sectors"]),
                **fields,
            )
        except EditConflict as conflict:
            form.add_error(None, conflict_message(conflict))
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("Die Kooperation wurde gespeichert."))
            return redirect(cooperation)
    context = {"form": form, "cooperation": cooperation}
    return render(request, "cooperations/cooperation_form.html", context, status=status)


@require_POST
@login_required
def cooperation_status_set(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = selectors.cooperation_get(pk=pk)
    require_perm(request.user, "cooperations.edit_cooperation", cooperation)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie einen gültigen Status."))
        return redirect(cooperation)
    try:
        actions.cooperation_status_set(
            cooperation=cooperation,
            status=form.cleaned_data["status"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        messages.error(request, conflict_message(conflict))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Status wurde geändert."))
    return redirect(cooperation)


@require_safe
@login_required
def cooperation_matrix(request: HttpRequest) -> HttpResponse:
    kreis = get_object_or_404(
        Kreis,
        code=request.GET.get("kreis")
        or next(iter(sorted(kreise_of(request.user))), "06636"),
    )
    matrix = selectors.cooperation_matrix(user=request.user, kreis_code=kreis.code)
    return render(
        request,
        "cooperations/cooperation_matrix.html",
        {"kreis": kreis, "matrix": matrix},
    )


@require_POST
@login_required
def cooperation_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = selectors.cooperation_get(pk=pk)
    require_perm(request.user, "cooperations.edit_cooperation", cooperation)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.cooperation_document_add(
                cooperation=cooperation,
                uploaded_file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Das Dokument wurde gespeichert."))
    else:
        messages.error(
            request,
            " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect(f"{cooperation.get_absolute_url()}#dokumente")


@require_safe
@login_required
def cooperation_document_download(
    request: HttpRequest, pk: int, document_pk: int
) -> FileResponse:
    cooperation = selectors.cooperation_get(pk=pk)
    require_perm(request.user, "cooperations.read_cooperation", cooperation)
    document = get_object_or_404(cooperation.documents, pk=document_pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


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


def _post_and_return(request, cooperation, form, write, success: str) -> HttpResponse:
    """Shared tail of the small forms on the detail page: write, message, back."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
    else:
        messages.error(
            request,
            " ".join(
                f"{form.fields[name].label}: {error}" if name in form.fields else error
                for name, errors in form.errors.items()
                for error in errors
            ),
        )
    return redirect(cooperation)


@require_POST
@login_required
def savings_entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = selectors.cooperation_get(pk=pk)
    require_perm(request.user, "cooperations.edit_cooperation", cooperation)
    form = SavingsForm(request.POST, cooperation=cooperation)
    return _post_and_return(
        request,
        cooperation,
        form,
        lambda data: actions.savings_entry_set(actor=request.user, **data),
        _("Die Einsparung wurde eingetragen."),
    )


@require_POST
@login_required
def funding_create(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = selectors.cooperation_get(pk=pk)
    require_perm(request.user, "cooperations.edit_cooperation", cooperation)
    form = FundingForm(request.POST)
    return _post_and_return(
        request,
        cooperation,
        form,
        lambda data: actions.funding_add(
            cooperation=cooperation, actor=request.user, **data
        ),
        _("Die Förderung wurde eingetragen."),
    )


@require_safe
@login_required
def cooperation_gaps(request: HttpRequest) -> HttpResponse:
    kreis = get_object_or_404(
        Kreis,
        code=request.GET.get("kreis")
        or next(iter(sorted(kreise_of(request.user))), "06636"),
    )
    gaps = selectors.cooperation_gaps(user=request.user, kreis_code=kreis.code)
    return render(
        request, "cooperations/cooperation_gaps.html", {"kreis": kreis, "gaps": gaps}
    )


def _centre(municipality, outline) -> tuple[float, float] | None:
    """Destatis centre point, else the mean of the outline's points."""
    if municipality.has_centre:
        return float(municipality.longitude), float(municipality.latitude)
    if outline:
        ring = outline["coordinates"][0]
        ring = ring[0] if outline["type"] == "MultiPolygon" else ring
        return (
            sum(p[0] for p in ring) / len(ring),
            sum(p[1] for p in ring) / len(ring),
        )
    return None


@require_safe
@login_required
def cooperation_network(request: HttpRequest) -> HttpResponse:
    kreis = get_object_or_404(
        Kreis,
        code=request.GET.get("kreis")
        or next(iter(sorted(kreise_of(request.user))), "06636"),
    )
    municipalities, outlines, cooperations = selectors.cooperation_network(
        user=request.user, kreis_code=kreis.code
    )
    nodes = []
    for municipality in municipalities:
        centre = _centre(municipality, outlines.get(municipality.pk))
        if centre:
            nodes.append(
                MapNode(
                    key=municipality.ags,
                    label=municipality.short_name,
                    lon=centre[0],
                    lat=centre[1],
                    url=municipality.get_absolute_url(),
                )
            )
    placed = {node.key for node in nodes}
    links = []
    for cooperation in cooperations:
        places = [
            p.municipality.ags
            for p in cooperation.partners.all()
            if p.municipality_id and p.municipality.ags in placed
        ]
        sectors = list(cooperation.sectors.all())
        field = sectors[0].action_field if sectors else "other"
        hub = (
            cooperation.lead.ags
            if cooperation.lead_id
            else places[0]
            if places
            else None
        )
        links += [
            MapLink(a=hub, b=place, css=field, title=cooperation.title)
            for place in places
            if hub in placed and place != hub
        ]
    svg = network_map(
        nodes,
        links,
        outlines=list(outlines.values()),
        chart_id="network-map",
        title=_("Kooperationen im %(kreis)s") % {"kreis": kreis.name},
        description=_(
            "Karte der Gemeinden mit Linien zwischen Kooperationspartnern; die "
            "Tabelle darunter nennt dieselben Kooperationen."
        ),
    )
    context = {"kreis": kreis, "network": svg, "cooperations": cooperations}
    return render(request, "cooperations/cooperation_network.html", context)


@require_POST
@login_required
def checklist_update(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    from django.urls import reverse

    from .guide.views import PHASE_PAGES
    from .models import ChecklistItem

    cooperation = selectors.cooperation_get(pk=pk)
    require_perm(request.user, "cooperations.edit_cooperation", cooperation)
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
