from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lebenswert.core import text
from lebenswert.core.forms import form_submit, job_queued_message
from lebenswert.core.fragments import (
    COOPERATIONS,
    DIRECTORY,
    cached,
    cached_fragment,
    figures_scope,
)
from lebenswert.core.permissions import require_perm

from . import actions, charts, selectors
from .filters import MunicipalityFilter
from .forms import DirectoryImportForm, municipality_label
from .models import Membership
from .roles import role_facts

PAGE_SIZE = 50


@require_safe
@login_required
def municipality_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "municipalities.read_municipality")
    # The directory changes only with an import: the results are cached per version.
    results = cached_fragment(
        "municipality_list",
        scopes=[DIRECTORY],
        vary=sorted(request.GET.lists()),
        render=lambda: render_to_string(
            "municipalities/partials/municipality_results.html",
            _municipality_results(request),
            request,
        ),
    )
    context = {
        "results": results,
        "can_import": request.user.has_perm("municipalities.import_directory"),
    }
    return render(request, "municipalities/municipality_list.html", context)


def _municipality_results(request: HttpRequest) -> dict:
    land = request.GET.get("land", "")
    filterset = MunicipalityFilter(
        request.GET,
        selectors.municipality_list(),
        lands=selectors.land_choices(),
        kreise=selectors.kreis_choices(land=land) if land else [],
    )
    # An invalid filter (unknown Land, too long a search) leaves the directory
    # unfiltered rather than failing the page.
    municipalities = filterset.qs if filterset.is_valid() else filterset.queryset
    page = Paginator(municipalities, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return {
        "form": filterset.form,
        "page": page,
        "query": query.urlencode(),
        # Detail pages live below the list (/gemeinden/<ags>/);
        # one reverse() for 50 rows.
        "list_url": reverse("municipalities:municipality_list"),
    }


@require_safe
@login_required
def municipality_search(request: HttpRequest) -> JsonResponse:
    """The autocomplete of every municipality input: up to 20 matches of ?q=,
    best first (municipalities.selectors.municipality_search)."""
    require_perm(request.user, "municipalities.read_municipality")
    query = text.normalise(request.GET.get("q", "").strip()[:100], multiline=False)
    # Text the free-text rule refuses (a NUL, control characters) finds nothing.
    usable = (
        len(query) >= 2 and text.forbidden_character(query, multiline=False) is None
    )
    found = selectors.municipality_search(query=query) if usable else []
    results = [
        {
            "ags": m.ags,
            "name": m.name,
            "kreis": m.kreis.name,
            "land": m.kreis.land.name,
            "label": municipality_label(m),
        }
        for m in found
    ]
    return JsonResponse({"query": query, "results": results})


@require_safe
@login_required
def municipality_detail(request: HttpRequest, ags: str) -> HttpResponse:
    # The municipality and its Land's cooperation law (a cooperations model, a
    # higher app: the top layer provides it, settings.LEBENSWERT_MUNICIPALITY_LAND)
    # are kept per data version. The scope of the figures of the Kreis the AGS
    # names is read with them (one query for every version this page needs).
    head = cached(
        "municipality_head",
        scopes=[DIRECTORY, COOPERATIONS, figures_scope(ags[:5])],
        vary=[ags],
        compute=lambda: _municipality_head(ags=ags),
    )
    municipality = head["municipality"]
    require_perm(request.user, "municipalities.read_municipality", municipality)
    can_edit = request.user.has_perm(
        "municipalities.edit_municipality_data", municipality
    )
    # Official data change with an import, figures with an edit in the Kreis.
    body = cached_fragment(
        "municipality_detail",
        scopes=[DIRECTORY, figures_scope(municipality.kreis_id)],
        vary=[ags, can_edit],
        render=lambda: render_to_string(
            "municipalities/partials/municipality_body.html",
            _municipality_body(ags=ags, can_edit=can_edit),
            request,
        ),
    )
    role = role_facts(request.user).roles.get(municipality.pk)
    context = {
        **head,
        "body": body,
        "role": Membership.Role(role).label if role else None,
        "can_report": request.user.has_perm(
            "municipalities.view_municipality_internal", municipality
        ),
    }
    return render(request, "municipalities/municipality_detail.html", context)


def _municipality_head(*, ags: str) -> dict:
    municipality = selectors.municipality_get(ags=ags)
    land = import_string(settings.LEBENSWERT_MUNICIPALITY_LAND)
    return {**land(municipality=municipality), "municipality": municipality}


def _municipality_body(*, ags: str, can_edit: bool) -> dict:
    detail = selectors.municipality_detail(ags=ags)
    municipality = detail.municipality
    chart = charts.population_chart(detail)
    outline = charts.kreis_map(detail)
    # The figures by sector come from services, a higher app: the top layer
    # provides them (settings.LEBENSWERT_MUNICIPALITY_FIGURES).
    figures = import_string(settings.LEBENSWERT_MUNICIPALITY_FIGURES)
    return {
        **figures(municipality=municipality),
        "can_edit": can_edit,
        "detail": detail,
        "municipality": municipality,
        "population_chart": chart,
        "kreis_map": outline,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def directory_import_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "municipalities.import_directory")
    form = DirectoryImportForm(request.POST or None, request.FILES or None)
    submission = form_submit(
        request,
        form,
        lambda data: actions.directory_import_create(
            kind=data["kind"],
            uploaded_file=data["file"],
            requested_by=request.user,
            options=form.options(),
        ),
    )
    if submission.saved:
        job_queued_message(
            request,
            submission.result,
            success=_("Die Datei wurde hochgeladen; der Import läuft."),
        )
        return redirect(
            "municipalities:directory_import_detail", pk=submission.result.pk
        )
    context = {"form": form, "imports": selectors.directory_import_list()}
    return submission.render(
        request, "municipalities/directoryimport_form.html", context
    )


@require_safe
@login_required
def directory_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "municipalities.import_directory")
    directory_import = selectors.directory_import_get(pk=pk)
    template = (
        "municipalities/partials/directoryimport_status.html"
        if request.htmx
        else "municipalities/directoryimport_detail.html"
    )
    return render(request, template, {"directory_import": directory_import})
