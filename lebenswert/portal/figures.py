"""The figures on the municipality page: sectors, sparklines and the latest changes
from services (the page itself is municipalities.views.municipality_detail, which
finds this function through settings.LEBENSWERT_MUNICIPALITY_FIGURES)."""

from typing import Any

from lebenswert.core.charts import sparkline
from municipalities.models import Municipality
from services import selectors as service_selectors


def municipality_figures(*, municipality: Municipality) -> dict[str, Any]:
    sections = service_selectors.municipality_sections(municipality=municipality)
    return {
        "sections": sections,
        "recent_changes": service_selectors.change_list_for_municipality(
            municipality=municipality, limit=5
        ),
        "sparklines": {
            row.indicator.pk: sparkline(
                [float(v.value) for v in row.series], label=row.indicator.label
            )
            for section in sections
            for row in section.rows
        },
    }
