"""Parts of the comparison's result page kept as HTML by the data they show
(`lebenswert.core.fragments.cached_pieces`): after a change elsewhere in the
register, or with other inputs for the same partners, only the parts whose data
changed are drawn anew."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from lebenswert.core.fragments import cached_pieces

if TYPE_CHECKING:
    from .result import ComparisonResult

DEMOGRAPHY_TEMPLATE = "cooperations/comparison/partials/demography_partner.html"


def demography_sections(result: ComparisonResult) -> list[SafeString]:
    """Each partner's demography section (chart, table, method and sources). Its
    key holds the partner's name and its whole `PartnerDemography` (values, band,
    methods, sources, flags), from which the chart and the table are drawn."""
    context = {"basis_labels": result.basis_labels}
    return cached_pieces(
        "comparison_demography",
        [
            (
                (p.municipality.ags, p.municipality.short_name, p.demography),
                partial(
                    render_to_string, DEMOGRAPHY_TEMPLATE, {**context, "partner": p}
                ),
            )
            for p in result.partners
        ],
    )


COSTS_TEMPLATE = "cooperations/comparison/partials/cost_partner.html"
POOLED_TEMPLATE = "cooperations/comparison/partials/cost_pooled.html"


def cost_sections(result: ComparisonResult) -> tuple[list[SafeString], SafeString]:
    """Each partner's cost table with its chart, and the pooled table. The model's
    rows follow from its input alone (`CostComparison.inputs`: every partner's
    cost, populations and fixed share, the bundling effect, key, set-up costs and
    grant), so the keys hold that input, a partner's own cost and its source, and
    the variants' names; the rows are computed (`cost_tables`,
    `printed_pooled_tables`) only for a piece not kept."""
    costs = result.costs
    if costs is None:
        return [], SafeString("")
    shown = (costs.inputs, result.variant_labels)

    def render(index: int) -> str:
        table = result.cost_tables[index]
        context = {"table": table, "last_year": costs.years[-1]}
        return render_to_string(COSTS_TEMPLATE, context)

    def render_pooled() -> str:
        return render_to_string(
            POOLED_TEMPLATE, {"tables": result.printed_pooled_tables}
        )

    *partners, pooled = cached_pieces(
        "comparison_costs",
        [
            *(
                (
                    (
                        p.municipality.ags,
                        p.municipality.short_name,
                        p.yearly_cost,
                        p.cost_source,
                        p.cost_is_demo,
                        *shown,
                    ),
                    partial(render, index),
                )
                for index, p in enumerate(result.partners)
            ),
            (("pooled", *shown), render_pooled),
        ],
    )
    return partners, pooled
