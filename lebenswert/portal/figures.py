"""The figures on the municipality page: sectors, sparklines and the latest changes
from services, and its Land's cooperation law from cooperations (the page itself is
municipalities.views.municipality_detail, which finds these functions through
settings.LEBENSWERT_MUNICIPALITY_FIGURES and LEBENSWERT_MUNICIPALITY_LAND)."""

from typing import Any

from django.urls import reverse

from cooperations import selectors as cooperation_selectors
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


def municipality_land(*, municipality: Municipality) -> dict[str, Any]:
    """The Land's cooperation law and the guide's forms in that Land (none for a
    city state, which has no law of its own on inter-municipal cooperation)."""
    law = cooperation_selectors.cooperation_law_get(
        land_code=municipality.kreis.land_id
    )
    if law is None:
        return {"land_law": None}
    guide = reverse("guide:guide_page", args=["organisationsformen"])
    return {"land_law": law, "land_guide_url": f"{guide}?land={law.land_id}#land"}
