import pytest

from tests.factories import (
    KreisFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    RegierungsbezirkFactory,
    UserFactory,
)

EDIT = "municipalities.edit_municipality_data"
INTERNAL = "municipalities.view_municipality_internal"


@pytest.mark.parametrize(
    ("role", "can_edit", "can_view_internal"),
    [
        ("other_staff", False, False),
        ("viewer", False, True),
        ("editor", True, True),
        ("planner", False, True),
        ("admin", True, True),
    ],
)
def test_roles_on_own_municipality(
    roles, municipality, role, can_edit, can_view_internal
):
    user = roles[role]
    assert user.has_perm(EDIT, municipality) is can_edit
    assert user.has_perm(INTERNAL, municipality) is can_view_internal


def test_planner_for_a_kreis_does_not_reach_another_kreis(db):
    planner = PlannerAssignmentFactory().user
    elsewhere = MunicipalityFactory(
        kreis=KreisFactory(code="06634", name="Schwalm-Eder-Kreis"), ags="06634001"
    )
    assert not planner.has_perm(INTERNAL, elsewhere)


def test_planner_for_a_regierungsbezirk_reaches_all_its_kreise(db):
    bezirk = RegierungsbezirkFactory()
    planner = PlannerAssignmentFactory(kreis=None, regierungsbezirk=bezirk).user
    inside = MunicipalityFactory(
        kreis=KreisFactory(code="06634", name="Schwalm-Eder-Kreis"), ags="06634001"
    )
    assert planner.has_perm(INTERNAL, inside)
    assert not planner.has_perm(EDIT, inside)


def test_deactivated_admin_has_no_rights(municipality):
    admin = UserFactory(is_staff=True, is_active=False)
    assert not admin.has_perm(EDIT, municipality)
    assert not admin.has_perm("municipalities.import_directory")


def test_staff_admin_without_django_permissions_can_manage_the_directory(client, db):
    admin = UserFactory(is_staff=True, is_superuser=False)
    client.force_login(admin)
    assert client.get("/admin/municipalities/municipality/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/municipalities/membership/add/").status_code == 200
