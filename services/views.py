from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from lebenswert.audit.models import Change
from lebenswert.core.charts import BarItem, bar_chart
from lebenswert.core.forms import (
    VersionForm,
    form_submit,
    form_submit_with_message,
    job_queued_message,
)
from lebenswert.core.fragments import (
    COOPERATIONS,
    DIRECTORY,
    cached,
    figures_scope,
)
from lebenswert.core.permissions import require_perm
from municipalities import selectors as municipality_selectors
from municipalities.models import Kreis

from . import actions, exports, selectors
from .filters import SectorComparisonFilter
from .forms import (
    FigureImportForm,
    IndicatorValueForm,
    MunicipalityComparisonForm,
    ProvisionForm,
    RestoreForm,
)
from .models import FigureImport


def _default_kreis(request: HttpRequest) -> str:
    """The user's own Kreis for an address without ?kreis=; "" if they have none."""
    return municipality_selectors.kreis_default_for_user(user=request.user) or ""


def _sector_body(*, sector, kreis, sort: str, municipalities) -> dict:
    comparison = selectors.sector_comparison(
        sector=sector,
        kreis=kreis,
        sort=sort.lstrip("-"),
        descending=sort.startswith("-"),
        municipalities=municipalities,
    )
    return {
        "sort": sort,
        "sector": sector,
        "kreis": kreis,
        "comparison": comparison,
        "charts": _sector_charts(comparison),
        "kreise": municipality_selectors.kreis_choices(land=kreis.land_id),
    }


# Beyond twice this many municipalities with a value, an indicator's chart shows
# the RANKED highest and the RANKED lowest values, as the Regionalbericht does: a
# Kreis of 400 drew 400 bars per indicator, most of the page's bytes (issue 16).
# The table lists every municipality.
RANKED = 15


def _chart_rows(comparison: selectors.SectorComparison, indicator) -> list[BarItem]:
    """The Kreis's municipalities on one indicator; missing values stay missing."""
    return [
        BarItem(
            label=municipality.short_name,
            value=value.value if value else None,
            note=_("Demowert") if value and value.is_demo else "",
        )
        for municipality, value in comparison.values_for(indicator)
    ]


def _sector_charts(comparison: selectors.SectorComparison) -> dict:
    """Indicator id → bar chart of the Kreis's municipalities (or, for many, of
    the highest and the lowest values)."""
    charts = {}
    for indicator in comparison.indicators:
        rows = _chart_rows(comparison, indicator)
        valued = sorted(
            (row for row in rows if row.value is not None), key=lambda r: -r.value
        )
        title = f"{indicator.label} ({indicator.unit})"
        description = _(
            "Balkendiagramm, eine Zeile je Gemeinde; fehlende Werte sind als "
            "„kein Wert“ markiert. Die Zahlen stehen in der Tabelle."
        )
        if len(valued) > 2 * RANKED:
            rows = valued[:RANKED] + valued[-RANKED:]
            title = _("%(title)s: die %(n)s höchsten und die %(n)s niedrigsten") % {
                "title": title,
                "n": RANKED,
            }
            description = _(
                "Balkendiagramm der %(n)s höchsten und der %(n)s niedrigsten Werte; "
                "alle Werte stehen in der Tabelle."
            ) % {"n": RANKED}
        charts[indicator.pk] = _sector_chart(
            comparison, indicator, rows, title=title, description=description
        )
    return charts


def _sector_chart(comparison, indicator, rows, *, title: str, description: str):
    return bar_chart(
        rows,
        chart_id=f"chart-{indicator.code}",
        title=title,
        description=description,
        references=[
            *(
                [(_("Median im Kreis"), comparison.medians[indicator.pk])]
                if comparison.medians.get(indicator.pk) is not None
                else []
            ),
            *(
                (f"{r.area} {r.year}", r.value)
                for r in comparison.references.get(indicator.pk, [])
            ),
        ],
        unit=indicator.unit,
        decimals=indicator.decimals,
    )


@require_safe
@login_required
def sector_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "services.read_figures")
    return render(
        request, "services/sector_list.html", {"sectors": selectors.sector_list()}
    )


@require_safe
@login_required
def sector_detail(request: HttpRequest, code: str) -> HttpResponse:
    require_perm(request.user, "services.read_figures")
    data = request.GET.copy()
    data["kreis"] = data.get("kreis") or _default_kreis(request)
    if not data["kreis"]:
        context = {
            "heading": selectors.sector_get(code=code).label,
            "kreise": municipality_selectors.kreis_choices(),
        }
        return render(request, "pages/kreis_choice.html", context)
    # Heading and body are kept per sector, Kreis, order and data version, so a
    # repeat visit reads neither the sector nor the Kreis (a 404 is never kept).
    page = cached(
        "sector_page",  # a dict, not the HTML that "sector_detail" kept before
        scopes=[DIRECTORY, COOPERATIONS, figures_scope(data["kreis"])],
        vary=[code, data["kreis"], data.get("sortierung", "")],
        compute=lambda: _sector_page(request, code, data),
    )
    body = mark_safe(page["body"])  # nosec B308 B703 (rendered by our own template)
    return render(request, "services/sector_detail.html", {**page, "body": body})


def _sector_page(request: HttpRequest, code: str, data) -> dict:
    sector = selectors.sector_get(code=code)
    filterset = SectorComparisonFilter(data, selectors.comparison_municipalities())
    kreis = filterset.form.cleaned_data["kreis"] if filterset.is_valid() else None
    # The page is kept under the code asked for: it must be the Kreis shown.
    if kreis is None or kreis.code != data["kreis"]:
        raise Http404("No Kreis matches the given query.")
    sort = filterset.form.cleaned_data["sortierung"]
    body = render_to_string(
        "services/partials/sector_body.html",
        _sector_body(
            sector=sector, kreis=kreis, sort=sort, municipalities=filterset.qs
        ),
        request,
    )
    return {
        "sector": {"label": sector.label},
        "kreis": {"name": kreis.name},
        "body": str(body),
    }


@require_safe
@login_required
def sector_export(request: HttpRequest, code: str, file_format: str) -> HttpResponse:
    require_perm(request.user, "services.read_figures")
    sector = selectors.sector_get(code=code)
    kreis = get_object_or_404(
        Kreis, code=request.GET.get("kreis") or _default_kreis(request)
    )
    rows = exports.figure_rows(selectors.export_rows(sector=sector, kreis=kreis))
    filename = f"kennzahlen-{sector.code}-{kreis.code}.{file_format}"
    if file_format == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(rows, title=sector.name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.as_csv(rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@login_required
def municipality_comparison(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "services.read_figures")
    form = MunicipalityComparisonForm(request.GET, max_compared=selectors.MAX_COMPARED)
    comparison = selectors.municipality_comparison(ags_list=form.chosen_ags())
    context = {"comparison": comparison, "form": form}
    return render(request, "services/municipality_comparison.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def indicator_value_create(request: HttpRequest, ags: str) -> HttpResponse:
    municipality = municipality_selectors.municipality_get(ags=ags)
    require_perm(request.user, "municipalities.edit_municipality_data", municipality)
    initial = (
        {"indicator": request.GET.get("kennzahl")} if request.method != "POST" else None
    )
    form = IndicatorValueForm(request.POST or None, initial=initial)
    return _value_form(request, form, municipality)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def indicator_value_update(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    municipality = municipality_selectors.municipality_get(ags=ags)
    require_perm(request.user, "municipalities.edit_municipality_data", municipality)
    value = selectors.indicator_value_get(municipality=municipality, pk=pk)
    initial = {
        "indicator": value.indicator,
        "year": value.year,
        "value": value.value.normalize(),
        "source": value.source,
        "note": value.note,
        "version": value.version,
    }
    form = IndicatorValueForm(request.POST or None, initial=initial)
    form.fields["indicator"].disabled = True
    form.fields["year"].disabled = True
    return _value_form(request, form, municipality, value)


def _value_form(request, form, municipality, value=None) -> HttpResponse:
    """Save the value form through the action, or show it (again)."""
    submission = form_submit(
        request,
        form,
        lambda data: actions.indicator_value_set(
            municipality=municipality,
            indicator=data["indicator"],
            year=data["year"],
            value=data["value"],
            source=data["source"],
            note=data["note"],
            actor=request.user,
            # A new value: the editor saw none, so an existing one is a conflict;
            # after it the form carries the existing version, and saving again
            # replaces that value deliberately.
            expected_version=data["version"],
        ),
    )
    if not submission.saved:
        context = {
            "form": form,
            "municipality": municipality,
            "indicator_value": value,
            "existing": None if value else _existing_value(form, municipality),
        }
        return submission.render(request, "services/indicatorvalue_form.html", context)
    saved = submission.result
    messages.success(
        request,
        _("%(indicator)s %(year)s gespeichert.")
        % {"indicator": saved.indicator.name, "year": saved.year},
    )
    return redirect(
        f"{municipality.get_absolute_url()}#sektor-{saved.indicator.sector.code}"
    )


def _existing_value(form, municipality):
    """The value already stored for the form's indicator and year, if any: a new
    entry for it is shown beside it, with a link to edit it instead."""
    data = getattr(form, "cleaned_data", None) or {}
    if not data.get("indicator") or not data.get("year"):
        return None
    return selectors.indicator_value_find(
        municipality=municipality, indicator=data["indicator"], year=data["year"]
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def indicator_value_delete(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    """GET asks for confirmation (what goes, and that the history keeps it);
    POST deletes."""
    municipality = municipality_selectors.municipality_get(ags=ags)
    require_perm(request.user, "municipalities.edit_municipality_data", municipality)
    value = selectors.indicator_value_get(municipality=municipality, pk=pk)
    if request.method != "POST":
        context = {"municipality": municipality, "indicator_value": value}
        return render(request, "services/indicatorvalue_confirm_delete.html", context)
    submission = form_submit_with_message(
        request,
        VersionForm(request.POST),
        lambda data: actions.indicator_value_delete(
            indicator_value=value, actor=request.user, expected_version=data["version"]
        ),
        success=_("Der Wert wurde gelöscht."),
        invalid=_("Die Seite war unvollständig; bitte neu laden."),
    )
    if not submission.saved:
        return redirect("services:indicator_value_update", ags=ags, pk=pk)
    return redirect(municipality.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def provision_update(request: HttpRequest, ags: str, code: str) -> HttpResponse:
    municipality = municipality_selectors.municipality_get(ags=ags)
    require_perm(request.user, "municipalities.edit_municipality_data", municipality)
    sector = selectors.sector_get(code=code)
    provision = selectors.provision_get(municipality=municipality, sector=sector)
    form = ProvisionForm(
        request.POST or None,
        instance=provision,
        initial={"version": provision.version if provision else None},
    )
    submission = form_submit(
        request,
        form,
        lambda data: actions.provision_set(
            municipality=municipality,
            sector=sector,
            actor=request.user,
            expected_version=data["version"],
            **{name: data[name] for name in ProvisionForm.Meta.fields},
        ),
    )
    if submission.saved:
        messages.success(request, _("Leistungserbringung gespeichert."))
        return redirect(f"{municipality.get_absolute_url()}#sektor-{sector.code}")
    context = {"form": form, "municipality": municipality, "sector": sector}
    return submission.render(request, "services/serviceprovision_form.html", context)


@require_safe
@login_required
def municipality_history(request: HttpRequest, ags: str) -> HttpResponse:
    municipality = municipality_selectors.municipality_get(ags=ags)
    require_perm(request.user, "services.read_figures", municipality)
    changes = selectors.change_list_for_municipality(
        municipality=municipality, limit=200
    )
    can_restore = request.user.has_perm(
        "municipalities.edit_municipality_data", municipality
    )
    if can_restore:
        selectors.mark_restorable(changes=changes, municipality=municipality)
    context = {
        "municipality": municipality,
        "changes": changes,
        "can_restore": can_restore,
    }
    return render(request, "services/municipality_history.html", context)


@require_POST
@login_required
def change_restore(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    """Bring back the figure a change overwrote or deleted (one audited save)."""
    municipality = municipality_selectors.municipality_get(ags=ags)
    require_perm(request.user, "municipalities.edit_municipality_data", municipality)
    change = get_object_or_404(
        Change.objects.select_related("content_type"),
        pk=pk,
        municipality_ags=municipality.ags,
    )
    form_submit_with_message(
        request,
        RestoreForm(request.POST),
        lambda data: actions.indicator_value_restore(
            change=change,
            municipality=municipality,
            actor=request.user,
            expected_version=data["version"],
        ),
        success=_("Der frühere Stand ist wiederhergestellt; der Verlauf zeigt es."),
        invalid=_("Die Seite war unvollständig; bitte neu laden."),
    )
    return redirect("services:municipality_history", ags=ags)


@require_safe
@login_required
def figure_import_template(request: HttpRequest) -> HttpResponse:
    """A CSV to fill in: the user's municipalities (or ?kreis=), last year."""
    require_perm(request.user, "services.import_figures")
    kreis = request.GET.get("kreis", "")
    if kreis:
        get_object_or_404(Kreis, code=kreis)
    content = exports.import_template(
        selectors.import_template_municipalities(user=request.user, kreis=kreis),
        list(selectors.indicator_list()),
        year=timezone.localdate().year - 1,
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"kennzahlen-vorlage-{kreis}.csv" if kreis else "kennzahlen-vorlage.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def figure_import_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "services.import_figures")
    form = FigureImportForm(request.POST or None, request.FILES or None)
    submission = form_submit(
        request,
        form,
        lambda data: actions.figure_import_create(
            uploaded_file=data["file"],
            default_source=data["default_source"],
            actor=request.user,
        ),
    )
    if submission.saved:
        return redirect("services:figure_import_detail", pk=submission.result.pk)
    context = {
        "form": form,
        "indicators": selectors.indicator_list(),
        "kreise": municipality_selectors.kreis_choices(),
    }
    return submission.render(request, "services/figureimport_form.html", context)


def _figure_import_queue(request: HttpRequest, figure_import: FigureImport) -> None:
    try:
        figure_import = actions.figure_import_queue(
            figure_import=figure_import, actor=request.user
        )
    except actions.FigureImportRejected:
        messages.error(request, _("Dieser Import wurde schon ausgeführt."))
        return
    job_queued_message(request, figure_import, success=_("Der Import läuft."))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def figure_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    figure_import = get_object_or_404(FigureImport, pk=pk)
    require_perm(request.user, "services.view_figure_import", figure_import)
    if request.method == "POST":
        _figure_import_queue(request, figure_import)
        return redirect("services:figure_import_detail", pk=pk)
    preview = None
    if figure_import.status == FigureImport.Status.PREVIEW:
        preview = actions.figures_check(
            raw=actions.figure_import_read(figure_import),
            default_source=figure_import.default_source,
            actor=request.user,
        )
    template = (
        "services/partials/figureimport_status.html"
        if request.htmx
        else "services/figureimport_detail.html"
    )
    context = {"figure_import": figure_import, "preview": preview}
    return render(request, template, context)
