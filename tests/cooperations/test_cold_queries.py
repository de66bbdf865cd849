"""The query shapes behind the first list and matrix after a change (issue 16):
the same cells and rows as the plain joins, read along the partners' index and
by primary key."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from cooperations import actions, selectors
from cooperations.filters import CooperationFilter
from cooperations.models import Cooperation, CooperationPartner
from cooperations.selectors import MatrixCell
from municipalities.models import Kreis
from services.models import Sector
from tests.factories import (
    KreisFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    UserFactory,
)


def _joined_cells(kreis_code: str, *, user, include_ended: bool) -> dict:
    """The matrix as one join of (place, sector, cooperation) ordered by title:
    the shape the selector had before, as the reference."""
    members = CooperationPartner.objects.members().filter(
        municipality__kreis_id=kreis_code
    )
    if not include_ended:
        members = members.exclude(cooperation__status=Cooperation.Status.ENDED)
    if user is not None:
        members = members.filter(
            cooperation__in=Cooperation.objects.visible_to(user).values("pk")
        )
    cells: dict = {}
    for place, sector, pk, title in members.values_list(
        "municipality_id",
        "cooperation__sectors",
        "cooperation_id",
        "cooperation__title",
    ).order_by("cooperation__title", "cooperation_id"):
        cell = cells.setdefault((place, sector), MatrixCell(sector=None, titles=[]))
        cell.total += 1
        if len(cell.titles) < selectors.MATRIX_CELL_TITLES:
            cell.titles.append((pk, title))
    return {key: (cell.total, cell.titles) for key, cell in cells.items()}


@pytest.fixture
def register(kreis, municipality, other_municipality):
    water, waste = Sector.objects.order_by("position")[:2]
    neighbour = KreisFactory(code="06611", name="Kassel")
    outside = MunicipalityFactory(kreis=neighbour, ags="06611000")
    both = [municipality, other_municipality]
    for title, partners, sectors, status in [
        ("Zweckverband Wasser", both, [water, waste], "active"),
        ("Bauhof", [municipality], [], "exploring"),
        ("Alter Verband", [municipality], [water], "ended"),
        ("Abwasser", [municipality, outside], [water], "active"),
        ("Äpfel und Wasser", both, [water], "active"),
        ("Nur gefragt", [municipality], [waste], "active"),
        ("Draußen", [outside], [water], "active"),
    ]:
        cooperation = actions.cooperation_create(
            actor=None, title=title, task="Aufgabe", partners=partners,
            sectors=sectors, status=status,
        )  # fmt: skip
    # The last Kreis cooperation's partner was only asked: no member, no cell.
    CooperationPartner.objects.filter(cooperation__title="Nur gefragt").update(
        consent=CooperationPartner.Consent.REQUESTED
    )
    return cooperation


@pytest.mark.parametrize("include_ended", [False, True])
@pytest.mark.parametrize("who", [None, "planner", "editor", "other_staff"])
def test_matrix_cells_are_those_of_the_plain_join(
    register, roles, kreis, who, include_ended
):
    user = roles[who] if who else None
    matrix = selectors.cooperation_matrix(
        user=user, kreis_code=kreis.code, include_ended=include_ended
    )
    cells = {
        (place, cell.sector.pk if cell.sector else None): (cell.total, cell.titles)
        for (place, _), cell in matrix.cells.items()
    }
    expected = _joined_cells(kreis.code, user=user, include_ended=include_ended)
    assert cells == expected
    assert len(cells) >= 4  # water, waste and "ohne Sektor" cells are all there


def test_matrix_reads_cooperations_by_primary_key_not_by_a_join(register, kreis):
    with CaptureQueriesContext(connection) as queries:
        selectors.cooperation_matrix(user=None, kreis_code=kreis.code)
    partners, cooperations = (
        next(q["sql"] for q in queries if q["sql"].startswith(f'SELECT "{table}"'))
        for table in ("cooperations_cooperationpartner", "cooperations_cooperation")
    )
    assert "JOIN" not in partners
    assert '"cooperations_cooperation"."id" = ANY(' in cooperations
    assert "cooperations_cooperationpartner" not in cooperations
    assert "JOIN" not in cooperations  # sectors per cooperation, not hashed


def test_a_kreis_without_cooperations_has_an_empty_matrix(register):
    empty = KreisFactory(code="06634", name="Schwalm-Eder-Kreis")
    MunicipalityFactory(kreis=empty, ags="06634001")
    matrix = selectors.cooperation_matrix(user=None, kreis_code=empty.code)
    assert matrix.cells == {} and len(matrix.municipalities) == 1


def test_list_rows_show_what_the_full_list_loads(
    register, municipality, django_assert_num_queries
):
    pks = list(Cooperation.objects.values_list("pk", flat=True))
    full = selectors.cooperation_list_for_user(user=None).filter(pk__in=pks)
    # The page's rows, their sectors and members: no read per row.
    with django_assert_num_queries(3):
        shown = [
            selectors.cooperation_row_shown(row)
            for row in selectors.cooperation_list_rows(pks=pks)
        ]
    assert shown == [selectors.cooperation_row_shown(c) for c in full]
    assert [row[1] for row in shown].count("Abwasser") == 1
    assert sum(municipality.short_name in row[-1] for row in shown) == 5


def test_the_partners_index_covers_members_by_place(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, CooperationPartner._meta.db_table
        )
    index = constraints["partner_member_place"]
    assert index["columns"] == ["municipality_id", "cooperation_id"]
    assert index["index"] and not index["unique"]


KREIS_FILTERS = [
    {},
    {"status": "active"},
    {"query": "wasser"},
    {"sector": "water"},
    {"current": "1"},
    {"municipality": "06636016"},
    {"municipality": "Nirgendwo"},
]


@pytest.mark.parametrize("filters", KREIS_FILTERS)
@pytest.mark.parametrize("who", [None, "planner", "editor", "neighbour"])
def test_a_kreis_order_is_that_of_the_register_filter(
    register, roles, kreis, who, filters
):
    """The Kreis's list read by primary keys shows what the register's Kreis filter
    (a join to the municipalities) finds, in the same order, for the same reader."""
    roles["neighbour"] = PlannerAssignmentFactory(
        kreis=Kreis.objects.get(code="06611")
    ).user
    user = roles[who] if who else None
    if filters.get("sector") == "water":
        filters = {"sector": Sector.objects.order_by("position")[0].code}
    data = QueryDict(mutable=True)
    data.update({"kreis": kreis.code, **filters})
    expected = list(
        CooperationFilter(
            data, queryset=selectors.cooperation_list_for_user(user=user)
        ).qs.values_list("pk", flat=True)
    )
    order = selectors.cooperation_order_in_kreis(
        user=user, kreis_code=kreis.code, filters=data
    )
    assert order == expected
    assert data["kreis"] == kreis.code  # the address is left as it was


def test_the_kreis_order_has_the_kreis_members_and_no_one_else(register, kreis):
    titles = dict(Cooperation.objects.values_list("pk", "title"))
    order = selectors.cooperation_order_in_kreis(
        user=None, kreis_code=kreis.code, filters={"kreis": kreis.code}
    )
    # German order (Ä with A), ended ones too; not the one only asked, not the
    # one wholly outside the Kreis.
    assert [titles[pk] for pk in order] == [
        "Abwasser", "Alter Verband", "Äpfel und Wasser", "Bauhof",
        "Zweckverband Wasser",
    ]  # fmt: skip


def test_the_kreis_order_is_one_query_by_primary_key(register, kreis):
    with CaptureQueriesContext(connection) as queries:
        selectors.cooperation_order_in_kreis(
            user=None, kreis_code=kreis.code, filters={"kreis": kreis.code}
        )
    (sql,) = (q["sql"] for q in queries)
    assert '"cooperations_cooperation"."id" = ANY((ARRAY(SELECT' in sql
    assert "JOIN" not in sql  # no hash of every partner with the municipalities


@pytest.mark.parametrize("filters", KREIS_FILTERS)
@pytest.mark.parametrize("who", ["planner", "editor", "other_staff", "neighbour"])
def test_a_region_order_is_that_of_the_visible_register(register, roles, who, filters):
    """The register without a Kreis, read by primary keys for everyone but admins:
    what Cooperation.objects.visible_to and the filters find, in the same order."""
    roles["neighbour"] = PlannerAssignmentFactory(
        kreis=Kreis.objects.get(code="06611")
    ).user
    if filters.get("sector") == "water":
        filters = {"sector": Sector.objects.order_by("position")[0].code}
    data = QueryDict(mutable=True)
    data.update(filters)
    expected = list(
        CooperationFilter(
            data, queryset=selectors.cooperation_list_for_user(user=roles[who])
        ).qs.values_list("pk", flat=True)
    )
    order = selectors.cooperation_order_in_region(user=roles[who], filters=data)
    assert order == expected


def test_the_region_order_counts_partners_not_only_members(register, roles):
    # "Nur gefragt" only asked a municipality of the Kreis: its planner reads it
    # (cooperations.read_cooperation), though it is in no Kreis list.
    order = selectors.cooperation_order_in_region(user=roles["planner"], filters={})
    titles = set(
        Cooperation.objects.filter(pk__in=order).values_list("title", flat=True)
    )
    assert "Nur gefragt" in titles and "Draußen" not in titles


def test_the_region_order_is_none_for_admins_and_empty_for_the_inactive(
    register, roles
):
    assert (
        selectors.cooperation_order_in_region(user=roles["admin"], filters={}) is None
    )
    planner = roles["planner"]
    planner.is_active = False
    planner.save()
    planner = type(planner).objects.get(pk=planner.pk)
    assert selectors.cooperation_order_in_region(user=planner, filters={}) == []
    # Without a role there is no region: nothing to read, and no error.
    assert selectors.cooperation_order_in_region(user=UserFactory(), filters={}) == []


def test_the_register_order_has_an_index(db):
    # An admin's page of the whole register reads 50 entries along it.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["cooperation_title_german"],
        )
        (definition,) = cursor.fetchone()
    assert definition.endswith('(title COLLATE "de-DE-x-icu", id)')
