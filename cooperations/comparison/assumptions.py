"""The assumptions behind a comparison result, as text, to set scenarios side by side.

Every input a planner can set is one row; the scenario comparison marks the rows
whose values differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lebenswert.core.numbers import format_money, format_number, format_percent

from .cost_model import fixed_share_default
from .cost_split import KEYS
from .options import CRITERIA, TASK_KINDS
from .result import ComparisonResult


@dataclass(frozen=True)
class AssumptionRow:
    key: str
    label: str
    values: list[str]  # one per result, in the order given

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


def _criteria(params: dict) -> str:
    chosen = [
        _("%(label)s: %(weight)s") % {"label": CRITERIA[c], "weight": weight}
        + (" " + _("(Muss)") if must else "")
        for c, (weight, must) in params.get("requirements", {}).items()
        if c in CRITERIA and (weight or must)
    ]
    return "; ".join(chosen) or _("keine")


def _key(result: ComparisonResult) -> str:
    key = result.params.get("key") or "population"
    text = str(KEYS.get(key, key))
    if key == "mix":
        weights = [
            f"{KEYS[base]} {weight}"
            for base, weight in (result.params.get("mix") or {}).items()
            if weight and base in KEYS
        ]
        text += " (" + ", ".join(weights) + ")"
    return text


def _cost(partner) -> str:
    if partner.yearly_cost is None:
        return _("fehlt")
    text = format_money(partner.yearly_cost)
    if partner.cost_source == "recorded":
        text += " " + _("(erfasst)")
    return text


def assumptions(result: ComparisonResult) -> list[tuple[str, str, str]]:
    """(key, label, value) for every input behind `result`, in the form's order."""
    return _plan_rows(result) + _partner_rows(result)


def _plan_rows(result: ComparisonResult) -> list[tuple[str, str, str]]:
    """The inputs that hold for the whole plan."""
    params = result.params
    override = result.savings_override_pct
    setup = result.setup
    return [
        ("sector", _("Sektor"), str(result.sector.label)),
        (
            "task",
            _("Art der Aufgabe"),
            str(TASK_KINDS.get(params["task_kind"], params["task_kind"])),
        ),
        (
            "partners",
            _("Partner"),
            ", ".join(p.municipality.short_name for p in result.partners),
        ),
        ("criteria", _("Gewichte und Muss-Kriterien"), _criteria(params)),
        (
            "years",
            _("geplante Laufzeit"),
            _("%(n)s Jahre") % {"n": params["years"]}
            if params.get("years")
            else _("keine (Einmalkosten über %(n)s Jahre)") % {"n": result.term_years},
        ),
        (
            "savings",
            _("Einsparung für die Förderprüfung"),
            _("berechnet")
            if override is None
            else _("%(pct)s (angenommen)") % {"pct": format_percent(override)},
        ),
        (
            "exception",
            _("begründete Ausnahme (zwei Partner)"),
            _("ja") if params.get("exception") else _("nein"),
        ),
        (
            "service_improvement",
            _("wesentliche Leistungsverbesserung"),
            _("ja") if params.get("service_improvement") else _("nein"),
        ),
        (
            "fees_charged",
            _("Gebühren oder Beiträge für die Einrichtung"),
            _("ja") if params.get("fees_charged") else _("nein"),
        ),
        ("key", _("Kostenschlüssel"), _key(result)),
        ("bundling", _("Bündelungseffekt"), format_percent(result.bundling_pct)),
        (
            "stress",
            _("Stress-Variante je Jahr"),
            format_percent(result.stress_pct, signed=True),
        ),
        (
            "setup",
            _("Einmalkosten"),
            _(
                "%(total)s (Rechtsberatung %(legal)s, Verträge %(contracts)s, IT "
                "%(it)s, Personal %(staff)s)"
            )
            % {
                "total": format_money(setup.total, 0),
                "legal": format_money(setup.legal, 0),
                "contracts": format_money(setup.contracts, 0),
                "it": format_money(setup.it, 0),
                "staff": format_money(setup.staff, 0),
            },
        ),
        (
            "total",
            _("fester Gesamtbetrag zur Aufteilung"),
            format_money(result.split_total) if result.split_total is not None else "–",
        ),
    ]


def _partner_rows(result: ComparisonResult) -> list[tuple[str, str, str]]:
    """Each partner's own cost, fixed-cost share and usage."""
    default_fixed = fixed_share_default(result.sector.code).pct
    rows = []
    for partner in result.partners:
        ags, name = partner.municipality.ags, partner.municipality.short_name
        names = {"name": name}
        fixed = partner.fixed_share_pct
        rows += [
            (
                f"cost:{ags}",
                _("Kosten heute allein: %(name)s") % names,
                _cost(partner),
            ),
            (
                f"fixed:{ags}",
                _("Fixkostenanteil: %(name)s") % names,
                format_percent(default_fixed) + " " + _("(Vorgabe)")
                if fixed is None
                else format_percent(fixed),
            ),
            (
                f"usage:{ags}",
                _("Nutzung: %(name)s") % names,
                "–" if partner.usage is None else format_number(partner.usage),
            ),
        ]
    return rows


def assumption_rows(results: list[ComparisonResult]) -> list[AssumptionRow]:
    """One row per assumption over all `results` ("–" where a result lacks it)."""
    by_result = [
        {key: (label, value) for key, label, value in assumptions(r)} for r in results
    ]
    keys = list(dict.fromkeys(key for rows in by_result for key in rows))
    return [
        AssumptionRow(
            key=key,
            label=next(rows[key][0] for rows in by_result if key in rows),
            values=[rows[key][1] if key in rows else "–" for rows in by_result],
        )
        for key in keys
    ]
