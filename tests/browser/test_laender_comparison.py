"""The option comparison for two municipalities of a Bavarian Landkreis in Chromium:
the Bavarian law, forms and programme, and no axe-core violation."""

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from municipalities.models import Land
from tests.browser.test_pages import assert_no_axe_violations
from tests.factories import (
    KreisFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    RegierungsbezirkFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EBERN, HOFHEIM = "09674134", "09674147"


@pytest.fixture
def bavarian_planner():
    bayern = Land.objects.get(code="09")
    kreis = KreisFactory(
        code="09674",
        land=bayern,
        name="Haßberge",
        regierungsbezirk=RegierungsbezirkFactory(
            code="096", land=bayern, name="Unterfranken"
        ),
    )
    MunicipalityFactory(kreis=kreis, ags=EBERN, name="Ebern, Stadt")
    MunicipalityFactory(kreis=kreis, ags=HOFHEIM, name="Hofheim i.UFr., Stadt")
    planner = UserFactory()
    PlannerAssignmentFactory(user=planner, kreis=kreis)
    return planner


def test_a_bavarian_pair_reads_the_kommzg_and_the_bavarian_programme(
    page, login_as, bavarian_planner
):
    login_as(bavarian_planner)
    query = urlencode(
        {
            "sektor": "abwasser",
            "aufgabe": "specialist_staff",
            "partner": [EBERN, HOFHEIM],
            "laufzeit": "5",
            "buendelung": "20",
            f"kosten_{EBERN}": "400.000",
            f"kosten_{HOFHEIM}": "400.000",
            "einmal_recht": "40.000",
        },
        doseq=True,
    )
    page.goto(f"/vergleich/optionen/?{query}")
    result = page.locator("section.comparison-result")
    expect(result.locator(".land-law")).to_contain_text(
        "Gesetz über die kommunale Zusammenarbeit (KommZG)"
    )
    expect(result.get_by_role("link", name="Zweckverband", exact=True)).to_be_visible()
    funding = result.locator(".funding-land")
    expect(funding).to_contain_text("Die geprüften Bedingungen sind erfüllt.")
    expect(funding).to_contain_text("Regelzuschuss: 34.000 €")
    expect(funding.locator(".unchecked-list")).to_contain_text(
        "Eine Mindestzahl der Partner nennen die Quellen des Programms nicht"
    )
    assert_no_axe_violations(page)
