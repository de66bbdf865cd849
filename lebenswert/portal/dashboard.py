"""The dashboard's content: the user's municipalities and their cooperations'
deadlines, and for planners their region at a glance (the page itself is
lebenswert.core.views.dashboard, which finds this function through
settings.LEBENSWERT_DASHBOARD_CONTEXT)."""

from datetime import date
from typing import Any

from cooperations import selectors as cooperation_selectors
from municipalities import selectors as municipality_selectors
from municipalities.roles import role_facts


def dashboard_context(*, user, today: date) -> dict[str, Any]:
    region = None
    if role_facts(user).is_planner:
        region = cooperation_selectors.region_overview(user=user, today=today)
    return {
        "dashboard": municipality_selectors.dashboard_for_user(user=user),
        "deadlines": cooperation_selectors.deadlines_for_user(user=user, today=today),
        "region_overview": region,
    }
