"""The query shapes behind the first list and matrix after a change (issue 16):
the same cells and rows as the plain joins, read along the partners' index and
by primary key."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperations import actions, selectors
from cooperations.models import Cooperation, CooperationPartner
from cooperations.selectors import MatrixCell
from services.models import Sector
from tests.factories import KreisFactory, MunicipalityFactory


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
