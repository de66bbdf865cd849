"""Reports on cooperations: the Kooperationsdossier, the Regionalbericht and the
Szenariobericht (a saved option comparison), each with the context it prints."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby
from math import ceil

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lebenswert.core.charts import BarItem, bar_chart
from lebenswert.core.collation import german, german_key
from lebenswert.core.fragments import COOPERATIONS, DIRECTORY, figures_scope
from lebenswert.reports.registry import ReportKind, ReportTarget, register
from lebenswert.reports.renderer import for_print
from municipalities.models import Kreis, Land, Municipality, Regierungsbezirk

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
    _COOPERATION.kind(
        name="kooperation",
        label=gettext_lazy("Kooperationsdossier"),
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

# Beyond twice this many places, the population chart shows the largest and the
# smallest (one chart cannot break across pages); the table lists them all.
RANKED = 15

_KREIS = ReportTarget(
    Kreis,
    param="kreis",
    field="code",
    digits=5,
    malformed="„{raw}“ ist kein Kreisschlüssel: fünf Ziffern, z. B. 06636. Für einen "
    "Regierungsbezirk oder ein Land: die Angabe gebiet, z. B. 066 oder 06.",
    unknown="Kein Kreis mit dem Schlüssel {raw}.",
)


def _area_get(params: dict) -> Land | Regierungsbezirk | None:
    """The Land (two digits) or Regierungsbezirk (three) named by `gebiet`."""
    code = params.get("gebiet", "")
    model = {2: Land, 3: Regierungsbezirk}.get(len(code))
    return model.objects.filter(code=code).first() if model else None


def _region_clean(params: dict) -> dict:
    """A Kreis (`kreis`), or a Land or Regierungsbezirk (`gebiet`; five digits
    there are a Kreis's key), and `beendete=1` only when ended cooperations are
    asked for (the default report keeps its parameters, so its file)."""
    raw = params.get("gebiet", "").strip()
    if params.get("kreis", "").strip() or len(raw) == 5:
        cleaned = _KREIS.clean({"kreis": params.get("kreis", "").strip() or raw})
    elif not raw.isdecimal() or len(raw) not in (2, 3):
        raise ValidationError(
            f"„{raw}“ ist kein Gebietsschlüssel: zwei Ziffern für ein Land (z. B. 06), "
            "drei für einen Regierungsbezirk (z. B. 066)."
        )
    elif _area_get({"gebiet": raw}) is None:
        name = "Land" if len(raw) == 2 else "Regierungsbezirk"
        raise ValidationError(f"Kein {name} mit dem Schlüssel {raw}.")
    else:
        cleaned = {"gebiet": raw}
    if params.get("beendete") in ("1", "on"):
        cleaned["beendete"] = "1"
    return cleaned


def _region_target(params: dict) -> Kreis | Land | Regierungsbezirk | None:
    """What the permission is asked about: the Kreis, Regierungsbezirk or Land."""
    return _KREIS.get(params) if params.get("kreis") else _area_get(params)


def _region_scopes(params: dict) -> list[str]:
    code = params.get("kreis") or params["gebiet"]
    kreise = (
        [code]
        if params.get("kreis")
        else Kreis.objects.filter(code__startswith=code).values_list("code", flat=True)
    )
    return [DIRECTORY, COOPERATIONS, *map(figures_scope, kreise)]


def _region_title(params: dict) -> str:
    if params.get("kreis"):
        name = Kreis.objects.values_list("name", flat=True).get(code=params["kreis"])
    else:
        name = _area_get(params).name
    return _("Regionalbericht %(kreis)s") % {"kreis": name}


def _population_charts(places: list, *, title: str, chart_id: str) -> list:
    """The places' population as bars: all of them, or for many places the
    RANKED largest and the RANKED smallest, each chart with its own scale."""
    counted = sorted(
        (p for p in places if p.population is not None),
        key=lambda p: (-p.population, german_key(p.short_name)),
    )
    if len(counted) <= 2 * RANKED:
        parts = [(title, counted)]
    else:
        parts = [
            (_("%(title)s: die %(n)s größten") % {"title": title, "n": RANKED},
             counted[:RANKED]),
            (_("%(title)s: die %(n)s kleinsten") % {"title": title, "n": RANKED},
             counted[-RANKED:]),
        ]  # fmt: skip
    return [
        for_print(
            bar_chart(
                [BarItem(label=p.short_name, value=p.population) for p in shown],
                chart_id=f"{chart_id}-{index}",
                title=part_title,
                description=_("Balkendiagramm; alle Zahlen stehen in der Tabelle."),
                decimals=0,
            )
        )
        for index, (part_title, shown) in enumerate(parts)
    ]


# Size classes of municipalities (lower bounds of inhabitants).
SIZE_CLASSES = (0, 500, 1_000, 5_000, 20_000)


def _size_classes(places: list) -> list[dict]:
    """Municipalities and inhabitants per size class; empty classes left out."""
    rows = []
    bounds = [*SIZE_CLASSES[1:], None]
    for low, high in zip(SIZE_CLASSES, bounds, strict=True):
        inside = [
            p.population
            for p in places
            if p.population is not None
            and p.population >= low
            and (high is None or p.population < high)
        ]
        if inside:
            rows.append(
                {
                    "low": low,
                    "high": high,
                    "count": len(inside),
                    "population": sum(inside),
                }
            )
    return rows


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
    unincorporated = sum(1 for m in municipalities if m.is_unincorporated)
    return {
        "municipalities": municipalities,
        "town_count": len(municipalities) - unincorporated,
        "unincorporated_count": unincorporated,
        "population": sum(m.population or 0 for m in municipalities),
        "partners": [m for m in municipalities if m.is_lebenswert_partner],
        "population_charts": _population_charts(
            municipalities,
            title=_("Einwohner der Gemeinden im %(kreis)s") % {"kreis": kreis.name},
            chart_id="population-bars",
        ),
        "size_classes": _size_classes(
            [m for m in municipalities if not m.is_unincorporated]
        ),
        "population_date": max(
            (m.population_date for m in municipalities if m.population_date),
            default=None,
        ),
    }


def _matrix_context(matrix) -> dict:
    """Only the sectors and the municipalities with a cooperation: a large Kreis
    has few, and a matrix of dashes says nothing."""
    used = {sector_id for _pk, sector_id in matrix.cells}
    active = [s for s in matrix.sectors if s.pk in used]
    columns = [s.pk for s in active] + ([None] if None in used else [])
    rows = [
        (m, [matrix.cells.get((m.pk, column)) for column in columns])
        for m in matrix.municipalities
        if any((m.pk, column) in matrix.cells for column in columns)
    ]
    return {
        "matrix_sectors": active,
        "matrix_unsectored": None in used,
        "idle_sectors": [s for s in matrix.sectors if s not in active],
        "matrix_rows": rows,
        "place_count": len(matrix.municipalities),
    }


def _gaps_context(gaps: list[tuple], place_count: int) -> dict:
    """Gaps as counts per sector, and every place named once: those with a gap
    in every sector in one list, the others each with its sectors."""
    missing_pks = [(sector, {m.pk for m in missing}) for sector, missing in gaps]
    by_place = {
        place: [sector for sector, pks in missing_pks if place.pk in pks]
        for place in {m.pk: m for _s, missing in gaps for m in missing}.values()
    }
    return {
        "gaps": [
            (sector, len(missing), Decimal(100 * len(missing)) / max(place_count, 1))
            for sector, missing in gaps
            if missing
        ],
        "gapless_sectors": [sector for sector, missing in gaps if not missing],
        "gaps_everywhere": [
            p for p, sectors in by_place.items() if len(sectors) == len(gaps)
        ],
        **_partial_gaps(by_place, [sector for sector, _missing in gaps]),
    }


def _partial_gaps(by_place: dict, sectors: list) -> dict:
    """The places with a gap in some sectors only, each with the shorter of its
    two lists: the sectors with a gap, or those without (the others have one)."""
    partial = sorted(
        ((p, gaps) for p, gaps in by_place.items() if len(gaps) < len(sectors)),
        key=lambda pair: german_key(pair[0].short_name),
    )
    gap_count = sum(len(gaps) for _p, gaps in partial)
    covered = gap_count > len(partial) * len(sectors) / 2
    return {
        "gaps_partial": [
            (p, [s for s in sectors if s not in gaps] if covered else gaps)
            for p, gaps in partial
        ],
        "gaps_partial_covered": covered,
    }


def region_context(params: dict) -> dict:
    if not params.get("kreis"):
        return area_context(params)
    kreis = Kreis.objects.select_related("land", "regierungsbezirk").get(
        code=params["kreis"]
    )
    # The permission was checked for the whole Kreis: every cooperation in it.
    include_ended = params.get("beendete") == "1"
    matrix = selectors.cooperation_matrix(
        user=None,
        kreis_code=kreis.code,
        per_page=ALL_ON_ONE_PAGE,
        include_ended=include_ended,
    )
    network = selectors.cooperation_network(
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
    by_status = Counter(c.get_status_display() for c in cooperations)
    return {
        "title": _region_title(params),
        "subtitle": f"{kreis.name} · {kreis.land.name}",
        "kind_label": _("Regionalbericht"),
        "today": timezone.localdate(),
        "kreis": kreis,
        **_region_places(kreis),
        "include_ended": include_ended,
        **_matrix_context(matrix),
        # Credit the BKG only for outlines that are drawn (none loaded: dots).
        "outlines_shown": bool(network.outlines),
        "network": for_print(network_svg(kreis=kreis, network=network, linked=False)),
        **_gaps_context(gaps, len(matrix.municipalities)),
        "cooperations": cooperations,
        "by_status": sorted(by_status.items()),
        "forms": _forms(kreis.land_id),
        "has_demo": any(c.is_example for c in cooperations),
    }


def _forms(land_code: str) -> list:
    return list(
        OrganisationalForm.objects.filter(land_id=land_code).order_by("position")
    )


def area_context(params: dict) -> dict:
    """The Regionalbericht of a Land or Regierungsbezirk: its Kreise as rows,
    the gaps per sector, its municipalities in an annex."""
    area = _area_get(params)
    land = area if isinstance(area, Land) else area.land
    include_ended = params.get("beendete") == "1"
    summary = selectors.area_summary(area_code=area.code, include_ended=include_ended)
    places = summary.municipalities
    towns = [m for m in places if not m.is_unincorporated]
    kreise = {row.kreis.code: row.kreis for row in summary.rows}
    annex = [
        (kreise[code], list(group))
        for code, group in groupby(places, key=lambda m: m.kreis_id)
    ]
    return {
        "title": _region_title(params),
        "subtitle": (
            _("Land %(name)s") % {"name": land.name}
            if area is land
            else f"{area.name} · {land.name}"
        ),
        "kind_label": _("Regionalbericht"),
        "today": timezone.localdate(),
        "area": area,
        "land": land,
        "summary": summary,
        "town_count": len(towns),
        "unincorporated_count": len(places) - len(towns),
        "population": sum(m.population or 0 for m in places),
        "population_charts": _population_charts(
            [_KreisPlace(row.kreis.name, row.population) for row in summary.rows],
            title=_("Einwohner der Kreise"),
            chart_id="kreis-bars",
        ),
        "size_classes": _size_classes(towns),
        "population_date": max(
            (m.population_date for m in places if m.population_date), default=None
        ),
        "totals": {
            "towns": len(towns),
            "population": sum(row.population for row in summary.rows),
            "cooperating": sum(row.cooperating for row in summary.rows),
            "alone": sum(row.alone for row in summary.rows),
        },
        "gaps": [
            (sector, count, Decimal(100 * count) / max(len(towns), 1))
            for sector, count in summary.gaps
        ],
        "gapless_sectors": summary.gapless,
        "annex": sorted(annex, key=lambda pair: german_key(pair[0].name)),
        "include_ended": include_ended,
        "forms": _forms(land.code),
        "has_demo": False,
    }


@dataclass(frozen=True)
class _KreisPlace:
    """A Kreis as a bar of the population chart."""

    short_name: str
    population: int


REGION = register(
    ReportKind(
        name="region",
        label=gettext_lazy("Regionalbericht"),
        params=("kreis",),
        alternatives=("gebiet",),
        options=("beendete",),
        clean=_region_clean,
        perm="cooperations.read_region",
        perm_object=_region_target,
        scopes=_region_scopes,
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
    """Per partner: its variants as a table and as the page's band chart, with
    the chart's sources, each with the date of its data."""
    blocks = []
    for partner in result.partners:
        if not partner.demography:
            continue
        variants = list(partner.demography.variants.values())
        sources = dict.fromkeys(s for v in variants if v.available for s in v.sources)
        blocks.append(
            {
                "partner": partner,
                "demography": partner.demography,
                "variants": variants,
                "chart": for_print(partner.chart),
                "chart_sources": list(
                    dict.fromkeys((_source_text(s), _source_date(s)) for s in sources)
                ),
            }
        )
    return blocks


def _source_text(source) -> str:
    """A projection by its publisher and title; census figures by their source."""
    if source.release_date:
        return f"{source.publisher}: {source.title}"
    return source.publisher


def _source_date(source) -> date | None:
    """When a source was published; for census figures (no release date) the
    31 December of their last year."""
    if source.release_date or not source.years:
        return source.release_date
    return date(max(source.years), 12, 31)


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
        # The ranked forms' rows, for their names in the report's language.
        "forms": OrganisationalForm.objects.in_bulk(
            [option.form.code for option in result.ranking.options]
            + [exclusion.form.code for exclusion in result.ranking.excluded],
            field_name="code",
        ),
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
    _SCENARIO.kind(
        name="szenario",
        label=gettext_lazy("Optionenvergleich"),
        perm="cooperations.read_scenario",
        scopes=lambda params: [DIRECTORY, COOPERATIONS, scenario_scope(params["pk"])],
        title=_scenario_title,
        selector=scenario_context,
        template="cooperations/report_scenario.html",
    )
)
