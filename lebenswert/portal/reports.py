"""The Gemeindesteckbrief: a municipality's profile as a PDF report. It combines
the municipality's directory data, services and cooperations, so it sits in the
top layer (registered through settings.REPORT_KIND_MODULES)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperations.recommendations import Situation, recommendations_for
from cooperations.selectors import (
    FUNDINGS,
    cooperation_deadlines,
    cooperation_list_for_user,
)
from lebenswert.core.fragments import COOPERATIONS, DIRECTORY, figures_scope
from lebenswert.reports.registry import ReportTarget, register
from lebenswert.reports.renderer import for_print
from municipalities import charts, selectors
from municipalities.models import Municipality
from services.selectors import municipality_sections


def _municipality(params: dict) -> Municipality:
    return Municipality.objects.only("ags", "short_name", "kreis_id").get(
        ags=params["ags"]
    )


_MUNICIPALITY = ReportTarget(
    Municipality,
    param="ags",
    field="ags",
    digits=8,
    malformed="„{raw}“ ist kein Gemeindeschlüssel (AGS): acht Ziffern, z. B. 06636003.",
    unknown="Keine Gemeinde mit dem Schlüssel {raw}.",
)


def _scopes(params: dict) -> list[str]:
    return [DIRECTORY, figures_scope(_municipality(params).kreis_id), COOPERATIONS]


def _title(params: dict) -> str:
    return _("Gemeindesteckbrief %(name)s") % {"name": _municipality(params).short_name}


def _population_trend(series) -> tuple[int, int] | None:
    """The two newest figures of the newest census basis (comparable)."""
    if not series:
        return None
    newest = [f for f in series if f.basis == series[-1].basis]
    if len(newest) < 2:
        return None
    return newest[-2].population, newest[-1].population


def profile_context(params: dict) -> dict:
    detail = selectors.municipality_detail(ags=params["ags"])
    municipality = detail.municipality
    sections = municipality_sections(municipality=municipality)
    today = timezone.localdate()
    cooperations = list(
        cooperation_list_for_user(user=None, municipality=municipality.ags)
        .prefetch_related(FUNDINGS)
        .select_related("form")
    )
    deadlines = sorted(
        (
            (deadline, cooperation)
            for cooperation in cooperations
            for deadline in cooperation_deadlines(cooperation=cooperation, today=today)
        ),
        key=lambda pair: (pair[0].date, pair[1].title),
    )
    figures = {
        row.indicator.code: (row.latest.value, row.kreis_median)
        for section in sections
        for row in section.rows
        if row.latest is not None and row.kreis_median is not None
    }
    situation = Situation(
        figures=figures,
        cooperating_in=frozenset(
            sector.code
            for cooperation in cooperations
            if cooperation.status != "ended"
            for sector in cooperation.sectors.all()
        ),
        population_trend=_population_trend(detail.population_series),
        decimals={
            row.indicator.code: row.indicator.decimals
            for section in sections
            for row in section.rows
        },
    )
    shown = [s for s in sections if s.has_content]
    has_demo = any(
        (s.provision and s.provision.is_demo)
        or any(r.latest and r.latest.is_demo for r in s.rows)
        for s in shown
    ) or any(c.is_example for c in cooperations)
    return {
        "title": _title(params),
        "subtitle": f"{municipality.name} · {municipality.kreis.name}",
        "kind_label": _("Gemeindesteckbrief"),
        "today": today,
        "municipality": municipality,
        "detail": detail,
        "population_chart": for_print(charts.population_chart(detail)),
        "kreis_map": for_print(charts.kreis_map(detail, linked=False)),
        "sections": shown,
        "cooperations": cooperations,
        "deadlines": deadlines,
        "recommendations": recommendations_for(situation),
        "has_demo": has_demo,
        "boundary_source": detail.kreis_boundaries[0].source
        if detail.kreis_boundaries
        else "",
        **_chart_sources(detail),
    }


def _chart_sources(detail) -> dict:
    """Each chart's source and the date of its data (its caption names both)."""
    series = detail.population_series
    sources = list(dict.fromkeys(f.source for f in series if f.source))
    newest = sources[-1] if sources else _("Statistisches Bundesamt (Destatis)")
    if len(sources) > 1:  # each figure's own source stands in the table below
        newest = _("%(newest)s; frühere Werte: Quellen in der Tabelle") % {
            "newest": newest
        }
    return {
        "population_source": newest,
        "population_as_of": max((f.date for f in series), default=None),
        "boundary_as_of": max(
            (b.valid_on for b in detail.kreis_boundaries if b.valid_on), default=None
        ),
    }


PROFILE = register(
    _MUNICIPALITY.kind(
        name="gemeinde",
        label=gettext_lazy("Gemeindesteckbrief"),
        perm="municipalities.view_municipality_internal",
        scopes=_scopes,
        title=_title,
        selector=profile_context,
        template="municipalities/report_profile.html",
    )
)
