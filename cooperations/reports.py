"""Reports on cooperations: the Kooperationsdossier, the Regionalbericht and the
Szenariobericht (a saved option comparison), each with the context it prints."""

from collections import Counter
from math import ceil

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lebenswert.core.charts import BarItem, bar_chart
from lebenswert.core.collation import german
from lebenswert.core.fragments import COOPERATIONS, DIRECTORY, figures_scope
from lebenswert.reports.registry import ReportKind, ReportTarget, register
from lebenswert.reports.renderer import for_print
from municipalities.models import Kreis, Municipality

from . import selectors
from .comparison.assumptions import assumptions
from .comparison.cost_model import Sensitivity
from .comparison.notes import comparison_method_notes
from .comparison.projection import basis_label
from .comparison.result import ComparisonResult, option_comparison
from .forms import comparison_query
from .models import (
    Cooperation,
    CooperationDocument,
    FormFact,
    OrganisationalForm,
    Scenario,
)
from .network import network_svg
from .rules import Dossier
from .selectors import ALL_ON_ONE_PAGE

# --- Kooperationsdossier -------------------------------------------------------

_COOPERATION = ReportTarget(
    Cooperation,
    malformed="„{raw}“ ist keine Nummer einer Kooperation.",
    unknown="Keine Kooperation mit der Nummer {raw}.",
)


def _dossier_perm_object(params: dict) -> Dossier | None:
    cooperation = _COOPERATION.get(params)
    if cooperation is None:
        return None
    return Dossier(cooperation=cooperation, documents=params.get("documents", ""))


def _dossier_audience(user, params: dict) -> dict:
    """The partners' staff get a dossier naming every document, other readers one
    with the documents open to all readers (rule cooperations.read_document).
    Without documents both are the same and share one file. (Always named: files
    made before documents had a visibility are not reused.)"""
    cooperation = Cooperation.objects.get(pk=params["pk"])
    visibility = CooperationDocument.Visibility
    if (
        user.has_perm("cooperations.read_partner_documents", cooperation)
        and cooperation.documents.exists()
    ):
        return {"documents": visibility.PARTNERS}
    return {"documents": visibility.READERS}


def _dossier_title(params: dict) -> str:
    title = Cooperation.objects.values_list("title", flat=True).get(pk=params["pk"])
    return _("Kooperationsdossier %(title)s") % {"title": title}


def dossier_context(params: dict) -> dict:
    cooperation = selectors.cooperation_get(pk=int(params["pk"]))
    facts = (
        list(FormFact.objects.filter(form=cooperation.form).order_by("criterion", "pk"))
        if cooperation.form_id
        else []
    )
    # Members only: a municipality still asked (or declining) is named apart.
    partners = sorted(
        (p for p in cooperation.partners.all() if p.is_member),
        key=lambda p: (
            p.municipality.short_name if p.municipality else p.organisation.name
        ),
    )
    partner_staff = params.get("documents") == CooperationDocument.Visibility.PARTNERS
    history = selectors.cooperation_history(
        cooperation=cooperation, partner_staff=partner_staff, limit=30
    )
    ledger = selectors.savings_ledger(cooperation=cooperation)
    return {
        "title": _dossier_title(params),
        "subtitle": cooperation.title,
        "kind_label": _("Kooperationsdossier"),
        "today": timezone.localdate(),
        "cooperation": cooperation,
        "partners": partners,
        "asked": [p for p in cooperation.partners.all() if not p.is_member],
        "facts": facts,
        "ledger": ledger,
        "ledger_rows": list(ledger.rows()),
        "deadlines": selectors.cooperation_deadlines(
            cooperation=cooperation, today=timezone.localdate()
        ),
        # Without an audience (other readers, command line): what all readers see.
        "documents": selectors.cooperation_document_list_for_audience(
            cooperation=cooperation, partner_staff=partner_staff
        ),
        "history": history,
        "recent_changes": _recent_changes(history),
        "history_counts": sorted(
            Counter(change.get_action_display() for change in history).items()
        ),
        "has_demo": cooperation.is_example
        or any("Demo" in e.source for e, _missed in ledger.rows()),
    }


def _recent_changes(history: list, limit: int = 10) -> list[tuple]:
    """The latest changes with their readable rows (label, old, new); an update
    that changed nothing shown is left out."""
    shown = []
    for change in history:
        rows = change.readable_changes
        if rows or change.action != change.Action.UPDATE:
            shown.append((change, rows))
    return shown[:limit]


DOSSIER = register(
    ReportKind(
        name="kooperation",
        label=gettext_lazy("Kooperationsdossier"),
        params=("pk",),
        clean=_COOPERATION.clean,
        perm="cooperations.read_dossier",
        perm_object=_dossier_perm_object,
        scopes=lambda params: [DIRECTORY, COOPERATIONS],
        title=_dossier_title,
        selector=dossier_context,
        template="cooperations/report_dossier.html",
        audience=_dossier_audience,
    )
)

# --- Regionalbericht -------------------------------------------------------------


_KREIS = ReportTarget(
    Kreis,
    param="kreis",
    field="code",
    digits=5,
    malformed="„{raw}“ ist kein Kreisschlüssel: fünf Ziffern, z. B. 06636.",
    unknown="Kein Kreis mit dem Schlüssel {raw}.",
)


def _region_clean(params: dict) -> dict:
    """The Kreis, and `beendete=1` only when ended cooperations are asked for (the
    default report keeps its parameters, so its file)."""
    cleaned = _KREIS.clean(params)
    if params.get("beendete") in ("1", "on"):
        cleaned["beendete"] = "1"
    return cleaned


def _region_title(params: dict) -> str:
    name = Kreis.objects.values_list("name", flat=True).get(code=params["kreis"])
    return _("Regionalbericht %(kreis)s") % {"kreis": name}


def _region_places(kreis: Kreis) -> dict:
    """The Kreis's towns and municipalities, counted and charted; a gemeindefreies
    Gebiet (a forest, a lake) is listed but counted apart."""
    municipalities = list(
        Municipality.objects.in_kreis(kreis.code)
        .only(
            "ags", "name", "short_name", "type", "population", "population_date",
            "area_km2", "is_lebenswert_partner", "kreis_id",
        )
        .order_by(german("short_name"))
    )  # fmt: skip
    population_chart = bar_chart(
        [BarItem(label=m.short_name, value=m.population) for m in municipalities],
        chart_id="population-bars",
        title=_("Einwohner der Gemeinden im %(kreis)s") % {"kreis": kreis.name},
        description=_("Balkendiagramm; die Zahlen stehen in der Tabelle davor."),
        decimals=0,
    )
    unincorporated = sum(1 for m in municipalities if m.is_unincorporated)
    return {
        "municipalities": municipalities,
        "town_count": len(municipalities) - unincorporated,
        "unincorporated_count": unincorporated,
        "population": sum(m.population or 0 for m in municipalities),
        "partners": [m for m in municipalities if m.is_lebenswert_partner],
        "population_chart": for_print(population_chart),
        "population_date": max(
            (m.population_date for m in municipalities if m.population_date),
            default=None,
        ),
    }


def region_context(params: dict) -> dict:
    kreis = Kreis.objects.select_related("land", "regierungsbezirk").get(
        code=params["kreis"]
    )
    places_context = _region_places(kreis)
    # The permission was checked for the whole Kreis: every cooperation in it.
    include_ended = params.get("beendete") == "1"
    matrix = selectors.cooperation_matrix(
        user=None,
        kreis_code=kreis.code,
        per_page=ALL_ON_ONE_PAGE,
        include_ended=include_ended,
    )
    places, outlines, linked = selectors.cooperation_network(
        user=None, kreis_code=kreis.code, include_ended=include_ended
    )
    gaps = selectors.cooperation_gaps(
        user=None, kreis_code=kreis.code, include_ended=include_ended
    )
    cooperations = list(
        selectors.current_unless(
            selectors.cooperation_list_for_user(user=None, kreis=kreis.code),
            include_ended=include_ended,
        )
    )
    forms = list(
        OrganisationalForm.objects.filter(land_id=kreis.land_id).order_by("position")
    )
    used = {sector_id for _pk, sector_id in matrix.cells}
    active = [s for s in matrix.sectors if s.pk in used]
    by_status = Counter(c.get_status_display() for c in cooperations)
    return {
        "title": _region_title(params),
        "subtitle": f"{kreis.name} · {kreis.land.name}",
        "kind_label": _("Regionalbericht"),
        "today": timezone.localdate(),
        "kreis": kreis,
        **places_context,
        "include_ended": include_ended,
        # Only sectors with a cooperation get a column; A4 has room for few.
        "matrix_sectors": active,
        "idle_sectors": [s for s in matrix.sectors if s not in active],
        "matrix_rows": [
            (
                m,
                [matrix.cells.get((m.pk, s.pk)) for s in active]
                + [matrix.cells.get((m.pk, None))],
            )
            for m in matrix.municipalities
        ],
        # Credit the BKG only for outlines that are drawn (none loaded: dots).
        "outlines_shown": bool(outlines),
        "network": for_print(
            network_svg(
                kreis=kreis,
                municipalities=places,
                outlines=outlines,
                cooperations=linked,
                linked=False,
            )
        ),
        "gaps": gaps,
        "cooperations": cooperations,
        "by_status": sorted(by_status.items()),
        "forms": forms,
        "has_demo": any(c.is_example for c in cooperations),
    }


REGION = register(
    ReportKind(
        name="region",
        label=gettext_lazy("Regionalbericht"),
        params=("kreis",),
        options=("beendete",),
        clean=_region_clean,
        perm="cooperations.read_region",
        perm_object=_KREIS.get,
        scopes=lambda params: [
            DIRECTORY,
            figures_scope(params["kreis"]),
            COOPERATIONS,
        ],
        title=_region_title,
        selector=region_context,
        template="cooperations/report_region.html",
    )
)

# --- Szenariobericht (saved option comparison) -----------------------------------


def scenario_scope(pk) -> str:
    """Raised when the scenario is deleted, so a reused number never finds its file."""
    return f"scenario:{pk}"


_SCENARIO = ReportTarget(
    Scenario,
    malformed="„{raw}“ ist keine Nummer eines Szenarios.",
    unknown="Kein Szenario mit der Nummer {raw}.",
)


def _scenario_title(params: dict) -> str:
    name = Scenario.objects.values_list("name", flat=True).get(pk=params["pk"])
    return _("Optionenvergleich %(name)s") % {"name": name}


def scenario_report_context(scenario: Scenario) -> dict:
    """All a print template needs for one saved scenario (the scenario's page and
    the comparison of scenarios show the same)."""
    result = option_comparison(params=scenario.params)
    return {
        "scenario": scenario,
        "result": result,
        "partners": [p.municipality for p in result.partners],
        "top": result.ranking.options[:3],
        "query": comparison_query(scenario.params),
        "generated_at": timezone.now(),
        "method_notes": comparison_method_notes(),
    }


# The sensitivity table names the partners in columns; beyond this many a landscape
# A4 page has no room, so the columns are split over several tables.
SENSITIVITY_COLUMNS = 6


def _demography_blocks(result: ComparisonResult) -> list[dict]:
    """Per partner: its variants as a table and as the page's band chart."""
    return [
        {
            "partner": partner,
            "demography": partner.demography,
            "variants": list(partner.demography.variants.values()),
            "chart": for_print(partner.chart),
        }
        for partner in result.partners
        if partner.demography
    ]


def _population_sources(blocks: list[dict]) -> list:
    """Every source of the partners' variants, each once, in the order met, with
    its census basis named."""
    sources = dict.fromkeys(
        source
        for block in blocks
        for variant in block["variants"]
        for source in variant.sources
    )
    return [(source, basis_label(source.basis)) for source in sources]


def _sensitivity_tables(
    table: Sensitivity, labels: dict[str, str], partners
) -> list[dict]:
    """The sensitivity table, its partner columns split to fit a landscape page."""
    columns = [(p.ags, p.name) for p in partners]
    # As many tables as needed, the partners spread evenly over them.
    size = ceil(len(columns) / ceil(len(columns) / SENSITIVITY_COLUMNS))
    tables = []
    for start in range(0, len(columns), size):
        chunk = columns[start : start + size]
        rows = []
        for level in table.levels:
            for variant in table.variants:
                for year in table.years:
                    cell = table.cell(level, variant, year)
                    rows.append(
                        {
                            "level": level,
                            "variant": labels.get(variant, variant),
                            "year": year,
                            "cell": cell,
                            "savings": [
                                (cell.partner_saving[ags], ags in cell.losers)
                                for ags, _name in chunk
                            ],
                        }
                    )
        tables.append(
            {
                "partners": chunk,
                "rows": rows,
                "with_total": start + size >= len(columns),
            }
        )
    return tables


def _scenario_print(result: ComparisonResult) -> dict:
    """What the PDF prints beyond the page: every table in full, on A4, and the
    charts with their styles inside."""
    blocks = _demography_blocks(result)
    costs, table = result.costs, result.sensitivity
    return {
        "costs": costs,
        "cost_charts": {
            t.partner.municipality.ags: for_print(t.chart) for t in result.cost_tables
        },
        "sensitivity": table,
        "sensitivity_tables": (
            _sensitivity_tables(table, result.variant_labels, costs.inputs.partners)
            if table and costs
            else []
        ),
        "verdict": result.funding_verdict,
        "demography_blocks": blocks,
        "population_sources": _population_sources(blocks),
        "assumptions": assumptions(result),
    }


def scenario_context(params: dict) -> dict:
    scenario = selectors.scenario_get(pk=int(params["pk"]))
    context = scenario_report_context(scenario)
    result = context["result"]
    return {
        **context,
        **_scenario_print(result),
        "title": _scenario_title(params),
        "subtitle": ", ".join(p.short_name for p in context["partners"]),
        "kind_label": _("Optionenvergleich"),
        "today": timezone.localdate(),
        "has_demo": any(partner.cost_is_demo for partner in result.partners),
    }


SCENARIO = register(
    ReportKind(
        name="szenario",
        label=gettext_lazy("Optionenvergleich"),
        params=("pk",),
        clean=_SCENARIO.clean,
        perm="cooperations.read_scenario",
        perm_object=_SCENARIO.get,
        scopes=lambda params: [DIRECTORY, COOPERATIONS, scenario_scope(params["pk"])],
        title=_scenario_title,
        selector=scenario_context,
        template="cooperations/report_scenario.html",
    )
)
