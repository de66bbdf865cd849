"""Query counts of the figure history (with its restore buttons) and of the CSV
template download do not grow with the data (issue 15, items 1 and 7)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services import actions
from services.models import Indicator
from tests.factories import MembershipFactory, MunicipalityFactory


def _queries(client, path: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    return len(queries)


def _history(municipality, editor, indicators: list[Indicator], year: int) -> None:
    """Per indicator a value set, overwritten and deleted: three changes, one
    restorable update and one restorable deletion."""
    for indicator in indicators:
        value = actions.indicator_value_set(
            municipality=municipality,
            indicator=indicator,
            year=year,
            value=indicator.minimum,
            source="Satzung",
            actor=editor,
        )
        value = actions.indicator_value_set(
            municipality=municipality,
            indicator=indicator,
            year=year,
            value=indicator.minimum + Decimal(1),
            source="Satzung",
            actor=editor,
            expected_version=value.version,
        )
        actions.indicator_value_delete(
            indicator_value=value, actor=editor, expected_version=value.version
        )


def test_figure_history_query_count_is_the_same_for_6_and_60_changes(
    client, roles, municipality
):
    editor = roles["editor"]
    indicators = list(Indicator.objects.order_by("code"))
    assert len(indicators) >= 20
    path = reverse("services:municipality_history", args=[municipality.ags])
    client.force_login(editor)

    _history(municipality, editor, indicators[:2], 2020)
    small = _queries(client, path)
    page = client.get(path).content.decode()
    assert page.count(">wiederherstellen<") >= 2  # the restore buttons are there

    _history(municipality, editor, indicators[2:20], 2020)
    large = _queries(client, path)
    # Session, user, the data versions and roles (role facts are cached across
    # requests by the ROLES version; the tests' dummy cache always misses),
    # municipality, changes, and the two restore checks.
    assert large == small <= 8, (small, large)


def test_a_reader_sees_the_history_with_the_same_bounded_queries(
    client, roles, municipality
):
    indicators = list(Indicator.objects.order_by("code"))
    path = reverse("services:municipality_history", args=[municipality.ags])
    client.force_login(roles["viewer"])
    _history(municipality, roles["editor"], indicators[:2], 2021)
    small = _queries(client, path)
    _history(municipality, roles["editor"], indicators[2:20], 2021)
    # Session, user, data versions, roles, municipality, changes.
    assert _queries(client, path) == small <= 6


@pytest.mark.parametrize("own", [True, False], ids=["own", "kreis"])
def test_csv_template_query_count_is_the_same_for_2_and_60_municipalities(
    client, roles, municipality, own
):
    """The template for the editor's own municipalities and for a Kreis asked for
    by ?kreis= (an admin's, who edits none)."""
    kreis = municipality.kreis
    user = roles["editor"] if own else roles["admin"]
    params = {} if own else {"kreis": kreis.code}
    path = reverse("services:figure_import_template")
    client.force_login(user)

    small = _queries(client, path, params)
    small_lines = client.get(path, params).content.decode("utf-8-sig").splitlines()
    for number in range(60):
        extra = MunicipalityFactory(kreis=kreis, ags=f"{kreis.code}{number + 300:03d}")
        if own:
            MembershipFactory(municipality=extra, user=user, role="editor")
    large = _queries(client, path, params)
    large_lines = client.get(path, params).content.decode("utf-8-sig").splitlines()

    assert len(large_lines) == len(small_lines) + 60
    # Session, user, data versions, roles (see above), the municipalities, figures.
    assert large == small <= 6, (small, large)
