"""Comparison pages (/vergleich/): options, partner suggestions, saved scenarios."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lebenswert.core.forms import form_error_message, form_submit
from lebenswert.core.fragments import (
    COOPERATIONS,
    DIRECTORY,
    cached,
    cached_pieces,
    figures_scope,
    versions,
)
from lebenswert.core.permissions import require_perm
from municipalities import selectors as municipality_selectors
from municipalities.forms import MunicipalityField
from municipalities.models import Municipality
from municipalities.roles import role_facts
from services.models import Sector

from . import actions, selectors
from .comparison import result as comparison
from .comparison.assumptions import assumption_rows
from .comparison.notes import comparison_method_notes
from .comparison.options import CRITERIA, TASK_DEFAULTS
from .forms import (
    ComparisonForm,
    ScenarioChoiceForm,
    ScenarioForm,
    SuggestionForm,
    comparison_query,
)
from .reports import scenario_report_context
from .suggestions import partner_suggestions

MAX_COMPARED = 3


@require_safe
@login_required
def comparison_index(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "cooperations.compare_options")
    return render(request, "cooperations/comparison/comparison_index.html")


def _with_task_defaults(data: QueryDict) -> QueryDict:
    """Without any weight in the query, the chosen task's suggested weights apply."""
    if any(key.startswith("w_") for key in data):
        return data
    data = data.copy()
    for criterion, (weight, must) in TASK_DEFAULTS.get(
        data.get("aufgabe", ""), {}
    ).items():
        data[f"w_{criterion}"] = str(weight)
        if must:
            data[f"muss_{criterion}"] = "on"
    return data


@require_safe
@login_required
def option_comparison(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "cooperations.compare_options")
    added = _partner_typed(request.GET)
    if added:
        return redirect(f"{reverse('comparison:option_comparison')}?{added}")
    # The same question on the same data gives the same answer: the page body is
    # kept per data version (population, reference data, the partners' figures)
    # and per part of the register the user may choose partners from.
    partner_kreise = sorted({ags[:5] for ags in request.GET.getlist("partner")})
    status, has_result, body = cached(
        "option_comparison",
        scopes=[DIRECTORY, COOPERATIONS, *map(figures_scope, partner_kreise)],
        vary=[selectors.visibility_key(request.user), sorted(request.GET.lists())],
        compute=lambda: _option_comparison_body(request),
    )
    context = {
        "body": mark_safe(body),  # nosec B308 B703 (our own template)
        "has_result": has_result,
        "query": request.GET.urlencode(),
        "scenario_form": ScenarioForm(initial={"query": request.GET.urlencode()}),
    }
    return render(
        request,
        "cooperations/comparison/option_comparison.html",
        context,
        status=status,
    )


def _partner_typed(query: QueryDict) -> str:
    """The address with a partner typed by name (?gemeinde=) as ?partner=<AGS>;
    "" if none was typed or it names no one municipality (the form says why)."""
    typed = query.get("gemeinde", "")
    if not typed.strip():
        return ""
    try:
        municipality = MunicipalityField().clean(typed)
    except ValidationError:
        return ""
    query = query.copy()
    del query["gemeinde"]
    if municipality.ags not in query.getlist("partner"):
        query.appendlist("partner", municipality.ags)
    return query.urlencode()


def _option_comparison_body(request: HttpRequest) -> tuple[int, bool, str]:
    """(HTTP status, whether there is a result, the form and result as HTML)."""
    kreis = request.GET.get("kreis", "")
    municipalities = list(
        selectors.partner_choices(
            user=request.user, kreis=kreis, also=request.GET.getlist("partner")
        )
        .exclude(population=0)
        .only("ags", "name", "short_name", "population", "area_km2", "kreis_id")
    )
    submitted = "sektor" in request.GET
    form = ComparisonForm(
        _with_task_defaults(request.GET) if submitted else None,
        municipalities=_queryset_of(municipalities),
        partner_list=municipalities,
        kreis=kreis,
        initial={"buendelung": 15, "schluessel": "population"},
    )
    result, status = None, 200
    if submitted:
        if form.is_valid():
            result = comparison.option_comparison(
                params=form.params(),
                sector=form.cleaned_data["sektor"],
                municipalities=list(form.cleaned_data["partner"]),
            )
        else:
            status = 400
    context = {
        "form": form,
        "form_html": _form_html(request, form, kreis),
        "result": result,
        "method_notes": comparison_method_notes() if result else [],
        "criteria": CRITERIA,
        "kreis": kreis,
    }
    if not role_facts(request.user).kreise:
        # Partners come from the user's Kreise; without any, the user picks one.
        context["kreise"] = municipality_selectors.kreis_choices()
    html = render_to_string(
        "cooperations/comparison/partials/option_comparison_body.html",
        context,
        request,
    )
    return status, result is not None, html


def _form_html(request: HttpRequest, form: ComparisonForm, kreis: str) -> str:
    """The form as HTML, kept under everything it shows: the address, the
    municipalities listed with their figures, the sectors, the user's region (the
    names a typed partner may match) and the directory. A change in the register
    leaves it as it was; drawing its hundred widgets cost more than the model."""
    sectors = form.fields["sektor"]
    shown = (
        sorted(request.GET.lists()),
        kreis,
        [(m.ags, m.short_name, m.population, m.area_km2) for m in form.partner_list],
        [(s.code, sectors.label_from_instance(s)) for s in sectors.queryset],
        selectors.visibility_key(request.user),
        versions(DIRECTORY),
    )
    template = "cooperations/comparison/partials/option_comparison_form.html"
    return cached_pieces(
        "option_comparison_form",
        [(shown, lambda: render_to_string(template, {"form": form}, request))],
    )[0]


def _queryset_of(municipalities: list[Municipality]):
    """The partners' choices as the form validates them: read as the comparison
    reads its partners, which the form's cleaned value then hands on."""
    return selectors.comparison_partners(
        Municipality.objects.filter(pk__in=[m.pk for m in municipalities])
    )


@require_safe
@login_required
def partner_suggestion_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "cooperations.compare_options")
    kreis = request.GET.get("kreis", "")
    choices = selectors.partner_choices(user=request.user, kreis=kreis)
    ags = request.GET.get("ags") or choices.values_list("ags", flat=True).first()
    if ags is None:
        context = {
            "heading": _("Partner finden"),
            "kreise": municipality_selectors.kreis_choices(),
        }
        return render(request, "pages/kreis_choice.html", context)
    municipality = get_object_or_404(
        Municipality.objects.select_related("kreis"), ags=ags
    )
    sector = get_object_or_404(Sector, code=request.GET.get("sektor") or "abwasser")
    suggestions = partner_suggestions(
        user=request.user, municipality=municipality, sector=sector
    )
    return render(
        request,
        "cooperations/comparison/partner_suggestions.html",
        {
            "suggestions": suggestions,
            "form": SuggestionForm(
                municipalities=choices.exclude(population=0),
                sectors=Sector.objects.all(),
                municipality=municipality,
                sector=sector,
                kreis=kreis,
            ),
            "kreis": kreis,
        },
    )


@require_safe
@login_required
def scenario_list(request: HttpRequest) -> HttpResponse:
    scenarios = list(selectors.scenario_list_for_user(user=request.user))
    return render(
        request,
        "cooperations/comparison/scenario_list.html",
        {
            "scenarios": scenarios,
            "form": ScenarioChoiceForm(scenarios=scenarios, max_compared=MAX_COMPARED),
        },
    )


@require_POST
@login_required
def scenario_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "cooperations.compare_options")
    query = QueryDict(request.POST.get("query", ""))
    municipalities = selectors.partner_choices(
        user=request.user, kreis=query.get("kreis", ""), also=query.getlist("partner")
    )
    comparison = ComparisonForm(query, municipalities=municipalities)
    form = ScenarioForm(request.POST)
    back = f"{reverse('comparison:option_comparison')}?{query.urlencode()}"
    if not comparison.is_valid():
        messages.error(
            request,
            _("Der Vergleich ist unvollständig und kann nicht gespeichert werden."),
        )
        return redirect(back)
    submission = form_submit(
        request,
        form,
        lambda data: actions.scenario_create(
            owner=request.user,
            name=data["name"],
            shared=data["shared"],
            params=comparison.params(),
        ),
    )
    if submission.status == 200 and not submission.saved:
        messages.error(request, _("Bitte geben Sie dem Szenario einen Namen."))
        return redirect(f"{back}#speichern")
    if not submission.saved:
        messages.error(request, form_error_message(form))
        return redirect(back)
    messages.success(request, _("Das Szenario wurde gespeichert."))
    return redirect(submission.result)


@require_safe
@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(pk=pk)
    require_perm(request.user, "cooperations.read_scenario", scenario)
    context = scenario_report_context(scenario)
    context["can_manage"] = request.user.has_perm(
        "cooperations.manage_scenario", scenario
    )
    return render(request, "cooperations/comparison/scenario_detail.html", context)


@require_POST
@login_required
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(pk=pk)
    require_perm(request.user, "cooperations.manage_scenario", scenario)
    actions.scenario_delete(scenario=scenario, actor=request.user)
    messages.success(request, _("Das Szenario wurde gelöscht."))
    return redirect("comparison:scenario_list")


@require_safe
@login_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    ids = [value for value in request.GET.getlist("id") if value.isdigit()]
    ids = list(dict.fromkeys(ids))
    if not 2 <= len(ids) <= MAX_COMPARED:
        messages.error(
            request,
            _("Bitte wählen Sie zwei oder drei Szenarien für den Vergleich."),
        )
        return redirect("comparison:scenario_list")
    scenarios = []
    for pk in ids:
        scenario = selectors.scenario_get(pk=int(pk))
        require_perm(request.user, "cooperations.read_scenario", scenario)
        scenarios.append(scenario_report_context(scenario))
    if not scenarios:
        raise Http404("scenario")
    return render(
        request,
        "cooperations/comparison/scenario_compare.html",
        {
            "columns": scenarios,
            "comparison_query": comparison_query,
            "assumptions": assumption_rows([c["result"] for c in scenarios]),
        },
    )
