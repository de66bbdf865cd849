"""A NUL character anywhere in the input is refused with a German message.

PostgreSQL cannot compare text holding NUL: before the check, a search or filter
with "%00" in the address ended in a 500 on eight pages.
"""

import pytest
from django.urls import reverse

from tests.security.test_injection import REFLECTED

PAGES = [
    *[(name, query.format(p="%00")) for name, query in REFLECTED],
    ("cooperations:cooperation_matrix", "?kreis=%00"),
    ("cooperations:cooperation_network", "?kreis=%00"),
    ("cooperations:cooperation_gaps", "?kreis=%00"),
    ("cooperations:cooperation_list", "?%00=1"),
]
MESSAGE = "Die Anfrage enthält ein Nullzeichen (NUL)."


@pytest.mark.parametrize("name,query", PAGES)
def test_nul_in_the_address_is_refused(client, roles, name, query):
    client.force_login(roles["editor"])
    response = client.get(reverse(name) + query)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_nul_in_a_sector_page_address_is_refused(client, roles):
    client.force_login(roles["editor"])
    page = reverse("services:sector_detail", args=["abwasser"]) + "?kreis=%00"
    assert client.get(page).status_code == 400


@pytest.mark.parametrize(
    "name,data",
    [
        ("reports:report_create", {"kind": "gemeinde", "ags": "06636\x00"}),
        ("comparison:scenario_create", {"query": "partner=\x00", "name": "x"}),
        ("set_language", {"language": "en", "next": "/\x00"}),
    ],
)
def test_nul_in_a_form_value_is_refused_and_nothing_written(client, roles, name, data):
    from cooperations.models import Scenario
    from lebenswert.reports.models import ReportJob

    client.force_login(roles["editor"])
    response = client.post(reverse(name), data)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not ReportJob.objects.exists() and not Scenario.objects.exists()


def test_ordinary_input_passes(client, roles):
    client.force_login(roles["editor"])
    response = client.get(reverse("cooperations:cooperation_list") + "?query=M%C3%A4rz")
    assert response.status_code == 200
