"""A „Median im Kreis“ needs at least three values; below that the values are
shown themselves („n = 2: 2,05 und 2,35“), on the pages and in the profile report."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from services import selectors
from services.models import Indicator, IndicatorValue


@pytest.fixture
def price(db):
    return Indicator.objects.get(code="water_price_m3")


def _values(price, places, numbers):
    for place, number in zip(places, numbers, strict=True):
        IndicatorValue.objects.create(
            municipality=place, indicator=price, year=2023,
            value=Decimal(number), source="Test",
        )  # fmt: skip


def _row(municipality, price):
    sections = selectors.municipality_sections(municipality=municipality)
    return next(r for s in sections for r in s.rows if r.indicator == price)


def test_two_values_are_no_median_and_are_shown_as_values(
    client, roles, municipality, other_municipality, price
):
    _values(price, [municipality, other_municipality], ["2.35", "2.05"])
    row = _row(municipality, price)
    assert row.kreis_median is None
    assert row.kreis_values == [Decimal("2.05"), Decimal("2.35")]
    client.force_login(roles["viewer"])
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "n = 2: 2,05 und 2,35" in page
    sector = client.get("/sektoren/wasserversorgung/?kreis=06636")
    assert sector.context["comparison"].medians[price.pk] is None
    assert "n = 2: 2,05 und 2,35" in sector.content.decode()


def test_one_value_is_shown_as_that_value(municipality, price):
    _values(price, [municipality], ["2.79"])
    html = render_to_string(
        "components/kreis_median.html",
        {"median": None, "values": _row(municipality, price).kreis_values,
         "decimals": 2},
    )  # fmt: skip
    assert html.strip() == "n = 1: 2,79"


def test_three_values_give_a_median_with_its_n(
    client, roles, municipality, other_municipality, kreis, price
):
    from tests.factories import MunicipalityFactory

    third = MunicipalityFactory(kreis=kreis, ags="06636013")
    _values(price, [municipality, other_municipality, third], ["2.05", "2.35", "3"])
    row = _row(municipality, price)
    assert row.kreis_median == Decimal("2.35")
    client.force_login(roles["viewer"])
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert '2,35 <span class="muted small">(n = 3)</span>' in page
    assert "n = 3:" not in page


def test_profile_report_shows_the_values_below_three(
    municipality, other_municipality, price
):
    from lebenswert.portal.reports import profile_context

    _values(price, [municipality, other_municipality], ["2.35", "2.05"])
    text = render_to_string(
        "municipalities/report_profile.html",
        profile_context({"ags": municipality.ags}),
    )
    assert "n = 2: 2,05 und 2,35" in text
