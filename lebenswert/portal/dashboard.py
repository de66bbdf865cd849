"""The dashboard's content: the user's municipalities, their cooperations'
deadlines and the requests to take part that the user answers, and for planners
their region at a glance (the page itself is lebenswert.core.views.dashboard,
which finds this function through settings.LEBENSWERT_DASHBOARD_CONTEXT)."""

from datetime import date
from typing import Any

from django.utils.functional import SimpleLazyObject

from cooperations import selectors as cooperation_selectors
from lebenswert.core.fragments import (
    COOPERATIONS,
    DIRECTORY,
    figures_scope,
    fragment_key,
)
from municipalities import selectors as municipality_selectors
from municipalities.roles import role_facts


def dashboard_context(*, user, today: date) -> dict[str, Any]:
    """The overview's parts, each read only when the page's cached copy for this
    user and these data versions is missing (`dashboard_key`, used by
    templates/pages/dashboard.html)."""
    return {
        "dashboard_key": _cache_key(user=user, today=today),
        "dashboard": SimpleLazyObject(
            lambda: municipality_selectors.dashboard_for_user(user=user)
        ),
        "deadlines": SimpleLazyObject(
            lambda: cooperation_selectors.deadlines_for_user(user=user, today=today)
        ),
        # Requests to take part in a cooperation, answered by the user's editors.
        "partner_requests": SimpleLazyObject(
            lambda: cooperation_selectors.partner_request_list_for_user(user=user)
        ),
        "region_overview": SimpleLazyObject(lambda: _region(user=user, today=today)),
    }


def _region(*, user, today: date):
    if not role_facts(user).is_planner:
        return None
    return cooperation_selectors.region_overview(user=user, today=today)


def _cache_key(*, user, today: date) -> str:
    """What the overview shows depends on: the directory, the register (deadlines,
    requests: an answer shows at once), the figures of the region's Kreise (the
    planner's gaps), the day, and the user's name and roles themselves."""
    facts = role_facts(user)
    return fragment_key(
        "dashboard",
        scopes=[
            DIRECTORY,
            COOPERATIONS,
            *map(figures_scope, sorted(facts.region_kreise)),
        ],
        vary=[
            user.pk,
            user.get_short_name(),
            today.isoformat(),
            facts.is_admin,
            sorted(facts.roles.items()),
            sorted(facts.planned_kreise),
            sorted(facts.planned_bezirke),
        ],
    )
