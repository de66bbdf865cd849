"""The public guide (/leitfaden/): pages from the repository, linked to live data."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from cooperations import selectors
from cooperations.comparison.options import CRITERIA
from cooperations.forms import ChecklistChoiceForm, ChecklistForm
from cooperations.models import ChecklistItem, Cooperation, OrganisationalForm
from lebenswert.core.fragments import (
    COOPERATIONS,
    DIRECTORY,
    cached_fragment,
    fragment_key,
)

from . import content, search

PHASE_PAGES = ("bestandsaufnahme", "akteure", "projektentwicklung", "umsetzung")
# What the guide's cached pieces show besides its own text: the reference data
# (forms, facts, laws, programmes) and the Länder's names.
GUIDE_SCOPES = (COOPERATIONS, DIRECTORY)


def _language() -> str:
    return (get_language() or "de")[:2]


def _toc(language: str) -> list[content.Page]:
    return list(content.pages(language))


@require_safe
def guide_index(request: HttpRequest) -> HttpResponse:
    language = _language()
    return render(
        request,
        "cooperations/guide/guide_index.html",
        {
            "page": content.page(language, "uebersicht"),
            "toc": _toc(language),
            "forms": selectors.organisational_forms(land_code=_guide_land()),
        },
    )


@require_safe
def guide_page(request: HttpRequest, slug: str) -> HttpResponse:
    language = _language()
    page = content.page(language, slug)
    if page is None or slug == "uebersicht":
        raise Http404(slug)

    def body() -> str:
        return render_to_string(
            "cooperations/guide/partials/page_body.html",
            _page_context(request, language, page),
            request,
        )

    if page.meta.get("phase") or page.meta.get("field"):
        # The checklist and the field's cooperations are the reader's own.
        html = body()
    else:
        forms_page = page.meta.get("include") == "forms"
        html = cached_fragment(
            "guide_page",
            scopes=GUIDE_SCOPES,
            vary=[
                slug,
                request.GET.get("land", "") if forms_page else "",
                request.user.is_authenticated,
                content.fingerprint(),
            ],
            render=body,
        )
    return render(
        request,
        "cooperations/guide/guide_page.html",
        {"page": page, "toc": _toc(language), "body": html},
    )


def _page_context(request: HttpRequest, language: str, page: content.Page) -> dict:
    """The page's text with the live parts its front matter asks for."""
    previous, following = content.neighbours(language, page.slug)
    context = {"page": page, "previous": previous, "following": following}
    include = page.meta.get("include")
    if include == "forms":
        context.update(_forms_context(request))
    elif include == "funding":
        context["programmes"] = selectors.funding_programmes()
        context["funding_laws"] = [
            law
            for law in selectors.cooperation_law_list()
            if law.funding != law.Funding.PROGRAMME
        ]
    elif include == "phases":
        context["phase_pages"] = [content.page(language, s) for s in PHASE_PAGES]
    if page.meta.get("phase"):
        context.update(_checklist_context(request, page.meta["phase"]))
        chosen = context["checklist"].cooperation
        # Paging through the phases keeps the chosen cooperation.
        context["keep_query"] = f"?kooperation={chosen.pk}" if chosen else ""
    if page.meta.get("field"):
        context.update(_field_context(request, page.meta["field"]))
    return context


def _guide_land() -> str:
    """The Land whose law the guide's pages describe (named by the overview page)."""
    return content.page("de", "uebersicht").meta["land"]


def _forms_context(request: HttpRequest) -> dict:
    """The forms of the Land chosen with ?land= (the guide's own Land by default):
    its law, the forms it does not offer, the comparison table and the switcher."""
    laws = selectors.cooperation_law_list()
    land_code = request.GET.get("land") or _guide_land()
    law = next((law for law in laws if law.land_id == land_code), None)
    if law is None and land_code != _guide_land():
        raise Http404("land")
    table = render_to_string(
        "cooperations/guide/partials/forms_table.html",
        _forms_table_context(land_code, law),
        request,
    )
    return {
        "forms_table": table,
        "laws": laws,
        "law": law,
        "land_code": land_code,
        # The page's own text describes the guide's Land; another Land's page
        # replaces its introduction with that Land's law.
        "own_land": land_code == _guide_land(),
        "absences": selectors.form_absence_list(land_code=land_code),
    }


def _forms_table_context(land_code: str, law) -> dict:
    forms = selectors.organisational_forms(land_code=land_code)
    return {
        "forms": forms,
        "comparison_rows": selectors.form_comparison_rows(forms),
        "law": law,
    }


def _checklist_context(request: HttpRequest, phase: str) -> dict:
    """The phase's checklist; ticked state for a cooperation the user may read."""
    cooperation, choices, can_edit = None, [], False
    if request.user.is_authenticated:
        choices = list(
            selectors.cooperation_list_for_user(user=request.user)
            .select_related(None)
            .prefetch_related(None)
            .only("title")
        )
        chosen = request.GET.get("kooperation", "")
        if chosen.isdigit():
            cooperation = next((c for c in choices if c.pk == int(chosen)), None)
            if cooperation is None:
                raise Http404("cooperation")
            can_edit = request.user.has_perm(
                "cooperations.edit_cooperation", cooperation
            )
    checklist = selectors.checklist_for(phase=phase, cooperation=cooperation)
    return {
        "phase": phase,
        "phase_label": ChecklistItem.Phase(phase).label,
        "checklist": checklist,
        "checklist_choices": choices,
        "checklist_choice_form": ChecklistChoiceForm(
            cooperations=choices, chosen=cooperation
        ),
        "checklist_form": ChecklistForm(
            checklist=checklist, phase=phase, language=_language()
        )
        if can_edit
        else None,
        "can_tick": can_edit,
    }


def _field_context(request: HttpRequest, action_field: str) -> dict:
    context = {
        "field_count": selectors.cooperation_count_in_field(action_field=action_field),
        "action_field": action_field,
    }
    if request.user.is_authenticated:
        context["field_cooperations"] = selectors.cooperation_list_in_field(
            user=request.user, action_field=action_field
        )
    return context


@require_safe
def form_detail(request: HttpRequest, code: str) -> HttpResponse:
    form = get_object_or_404(
        OrganisationalForm.objects.select_related("land").prefetch_related("facts"),
        code=code,
    )
    count = selectors.cooperation_counts_by_form().get(form.pk, 0)
    cooperations = None
    if request.user.is_authenticated:
        cooperations = list(
            selectors.cooperation_list_for_user(user=request.user, form=form.code)
        )
    forms = selectors.organisational_forms(land_code=form.land_id)
    laender = selectors.form_family_by_land(family=form.family)
    return render(
        request,
        "cooperations/guide/form_detail.html",
        {
            "form": form,
            "facts": sorted(form.facts.all(), key=lambda f: f.criterion),
            "count": count,
            "cooperations": cooperations,
            "toc": _toc(_language()),
            "forms": forms,
            "laender": laender,
            "law": next(
                (e.law for e in laender if e.law.land_id == form.land_id), None
            ),
            "statuses": dict(Cooperation.Status.choices),
            "option_criteria": CRITERIA,
        },
    )


@require_safe
def guide_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    language = _language()
    return render(
        request,
        "cooperations/guide/guide_search.html",
        {
            "query": query,
            "toc": _toc(language),
            "search_key": fragment_key(
                "guide_search",
                scopes=GUIDE_SCOPES,
                vary=[query, content.fingerprint()],
            ),
            "results": SimpleLazyObject(lambda: _search_results(language, query)),
        },
    )


def _search_results(language: str, query: str) -> dict:
    parsed = search.parse(query, language)
    hits = search.search(language, parsed)
    form_hits = search.forms_matching(language, parsed)
    return {
        "suggestion": parsed.suggestion,
        "hits": hits,
        "form_hits": form_hits,
        "hit_count": len(hits) + len(form_hits),
    }
