"""The network map of a Kreis: one line and one table row per pair of places that
cooperate, counting every cooperation the reader may see; each row links to the
register filtered for the pair."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperations import actions, selectors
from cooperations.network import width_step
from tests.factories import KreisFactory, MembershipFactory, MunicipalityFactory

PATH = "/kooperationen/netz/?kreis=06636"


@pytest.fixture
def wanfried(kreis):
    return MunicipalityFactory(kreis=kreis, ags="06636015", name="Wanfried, Stadt")


@pytest.fixture
def three(municipality, other_municipality, wanfried):
    """Eschwege and Witzenhausen share three cooperations, one of them with
    Wanfried; a cooperation of one place draws no line."""
    for title, partners in [
        ("Bauhof", [other_municipality]),
        ("Winterdienst", [other_municipality]),
        ("Kläranlage", [other_municipality, wanfried]),
        ("Eigenes Archiv", []),
    ]:
        actions.cooperation_create(
            actor=None, title=title, task=title, lead=municipality,
            partners=partners, status="exploring",
        )  # fmt: skip


def _pairs(network) -> list[tuple[str, str, int]]:
    return [(p.first.short_name, p.second.short_name, p.count) for p in network.pairs]


def test_each_pair_counts_every_cooperation_both_are_members_of(three, kreis):
    network = selectors.cooperation_network(user=None, kreis_code=kreis.code)
    assert _pairs(network) == [
        ("Eschwege", "Wanfried", 1),
        ("Eschwege", "Witzenhausen", 3),
        ("Wanfried", "Witzenhausen", 1),
    ]
    assert network.cooperations == 3  # the one of a single place has no pair


def test_network_queries_do_not_grow_with_cooperations(
    municipality, other_municipality, kreis
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.cooperation_network(user=None, kreis_code=kreis.code)
        return len(captured)

    actions.cooperation_create(
        actor=None, title="Eins", task="Eins", lead=municipality,
        partners=[other_municipality],
    )  # fmt: skip
    few = queries()
    for number in range(15):
        actions.cooperation_create(
            actor=None, title=f"K{number}", task="K", lead=municipality,
            partners=[MunicipalityFactory(kreis=kreis, ags=f"06636{number + 200}")],
        )  # fmt: skip
    network = selectors.cooperation_network(user=None, kreis_code=kreis.code)
    assert len(network.pairs) == 16
    assert queries() == few <= 5


def test_a_reader_sees_only_the_pairs_of_cooperations_they_may_read(
    three, municipality, other_municipality, kreis
):
    # Kassel's editor reads only the cooperation that has a partner there.
    kassel = KreisFactory(code="06633", name="Landkreis Kassel")
    place = MunicipalityFactory(kreis=kassel, ags="06633001", name="Ahnatal")
    editor = MembershipFactory(municipality=place, role="editor").user
    actions.cooperation_create(
        actor=None, title="Über die Grenze", task="Wasser", lead=municipality,
        partners=[other_municipality, place], status="exploring",
    )  # fmt: skip
    network = selectors.cooperation_network(user=editor, kreis_code=kreis.code)
    assert _pairs(network) == [("Eschwege", "Witzenhausen", 1)]
    everything = selectors.cooperation_network(user=None, kreis_code=kreis.code)
    assert ("Eschwege", "Witzenhausen", 4) in _pairs(everything)


def test_table_lists_each_place_with_its_partners_and_links_its_cooperations(
    client, roles, three
):
    client.force_login(roles["planner"])
    page = client.get(PATH).content.decode()
    rows = re.findall(
        r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>([^<]*)</td>', page
    )
    assert [(place, partners) for _, place, partners in rows] == [
        ("Eschwege", "Witzenhausen (3), Wanfried (1)"),
        ("Wanfried", "Eschwege (1), Witzenhausen (1)"),
        ("Witzenhausen", "Eschwege (3), Wanfried (1)"),
    ]
    assert "aus 3 Kooperationen mit mehreren Gemeinden" in page
    register = client.get(rows[1][0].replace("&amp;", "&"))
    titles = {c.title for c in register.context["page"].object_list}
    assert titles == {"Kläranlage"}  # Wanfried's current cooperations


def test_the_register_leaves_out_ended_cooperations_on_request(
    client, roles, three, municipality
):
    from cooperations.models import Cooperation

    ended = Cooperation.objects.get(title="Bauhof")
    actions.cooperation_status_set(
        cooperation=ended, status="ended", actor=None, expected_version=ended.version
    )
    client.force_login(roles["planner"])
    path = f"/kooperationen/?municipality={municipality.ags}"
    everything = client.get(path).context["page"].paginator.count
    assert everything == 4
    assert client.get(path + "&current=1").context["page"].paginator.count == 3


def test_page_without_pairs_says_so(client, roles, kreis):
    client.force_login(roles["planner"])
    page = client.get(PATH).content.decode()
    assert "Keine Kooperation mit mehreren Gemeinden." in page


@pytest.mark.parametrize(
    "count, step", [(1, 1), (2, 2), (4, 2), (5, 3), (9, 3), (10, 4), (250, 4)]
)
def test_line_width_steps(count, step):
    assert width_step(count) == step
