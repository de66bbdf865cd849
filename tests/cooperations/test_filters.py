import pytest
from django.http import QueryDict

from cooperations import actions, selectors
from cooperations.filters import CooperationFilter
from cooperations.models import OrganisationalForm
from services.models import Sector
from tests.factories import KreisFactory, MunicipalityFactory, UserFactory


@pytest.fixture
def register(municipality, other_municipality):
    """Three cooperations: two sectors and two partners of one Kreis on the first."""
    abroad = MunicipalityFactory(
        kreis=KreisFactory(code="06634", name="Schwalm-Eder-Kreis"), ags="06634001"
    )
    sectors = list(Sector.objects.filter(code__in=["abwasser", "wasserversorgung"]))
    assert len(sectors) == 2
    return {
        "water": actions.cooperation_create(
            actor=None, title="Wasserverbund", task="Trinkwasser und Abwasser",
            partners=[municipality, other_municipality], sectors=sectors,
            status="active",
            form=OrganisationalForm.objects.get(code="zweckverband"),
        ),
        "yard": actions.cooperation_create(
            actor=None, title="Bauhof", task="Gemeinsamer Winterdienst",
            partners=[municipality], status="exploring",
        ),
        "abroad": actions.cooperation_create(
            actor=None, title="Standesamt", task="Urkunden", partners=[abroad],
            status="exploring",
        ),
    }  # fmt: skip


def _titles(query: str, user=None) -> list[str]:
    filterset = CooperationFilter(
        QueryDict(query), queryset=selectors.cooperation_list_for_user(user=user)
    )
    assert filterset.is_valid(), filterset.errors
    return [c.title for c in filterset.qs]


def test_partner_and_sector_filters_are_exists_without_duplicates(register):
    filterset = CooperationFilter(
        QueryDict("sector=abwasser&kreis=06636"),
        queryset=selectors.cooperation_list_for_user(user=None),
    )
    sql = str(filterset.qs.query).upper()

    assert [c.title for c in filterset.qs] == ["Wasserverbund"]
    assert sql.count("EXISTS") == 2 and "DISTINCT" not in sql
    assert _titles("kreis=06636") == ["Bauhof", "Wasserverbund"]
    assert _titles("municipality=06636016") == ["Wasserverbund"]
    assert _titles("municipality=06634001") == ["Standesamt"]


def test_cooperation_filter_by_text_status_and_form(register):
    assert _titles("query=winterdienst") == ["Bauhof"]
    assert _titles("query=%20WASSER%20") == ["Wasserverbund"]
    assert _titles("status=exploring") == ["Bauhof", "Standesamt"]
    assert _titles("form=zweckverband") == ["Wasserverbund"]
    assert _titles("") == ["Bauhof", "Standesamt", "Wasserverbund"]


@pytest.mark.parametrize("query", ["status=bogus", "sector=keiner", "kreis=99999"])
def test_cooperation_filter_with_an_unknown_value_finds_nothing(register, query):
    assert _titles(query) == []


@pytest.mark.parametrize("query", ["municipality=abc", "municipality=06636999"])
def test_cooperation_filter_with_an_unknown_municipality_says_so_and_finds_nothing(
    register, query
):
    filterset = CooperationFilter(
        QueryDict(query), queryset=selectors.cooperation_list_for_user(user=None)
    )
    assert not filterset.is_valid() and "municipality" in filterset.errors
    assert list(filterset.qs) == []


def test_cooperation_filter_cuts_long_text_instead_of_failing(register):
    filterset = CooperationFilter(QueryDict("query=" + "B" * 500))
    assert filterset.is_valid()
    assert filterset.form.cleaned_data["query"] == "B" * 100


def test_cooperation_filter_never_widens_what_the_user_sees(register, roles):
    stranger = UserFactory()
    assert _titles("kreis=06634", user=roles["viewer"]) == []
    assert _titles("", user=stranger) == []
    assert _titles("status=exploring", user=roles["viewer"]) == ["Bauhof"]


def test_register_page_shows_the_filtered_values_and_results(client, roles, register):
    client.force_login(roles["planner"])

    page = client.get(
        "/kooperationen/", {"query": " Bau ", "status": "exploring"}
    ).content.decode()

    assert "Bauhof" in page and "Wasserverbund" not in page
    assert 'name="query" value="Bau"' in page
    assert '<option value="exploring" selected>' in page
