"""The dashboard's content: the user's municipalities and their cooperations'
deadlines (the page itself is lebenswert.core.views.dashboard, which finds this
function through settings.LEBENSWERT_DASHBOARD_CONTEXT)."""

from datetime import date
from typing import Any

from cooperations import selectors as cooperation_selectors
from municipalities import selectors as municipality_selectors


def dashboard_context(*, user, today: date) -> dict[str, Any]:
    return {
        "dashboard": municipality_selectors.dashboard_for_user(user=user),
        "deadlines": cooperation_selectors.deadlines_for_user(user=user, today=today),
    }
