from django.db import connection
from django.test.utils import CaptureQueriesContext

from lebenswert.accounts.models import User
from municipalities.roles import role_facts
from tests.factories import (
    KreisFactory,
    MembershipFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    RegierungsbezirkFactory,
)


def test_role_facts_are_loaded_once_per_user_object(municipality, other_municipality):
    user = MembershipFactory(municipality=municipality, role="editor").user
    PlannerAssignmentFactory(user=user, kreis=None, regierungsbezirk_id="066")
    user = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        for place in [municipality, other_municipality] * 3:
            user.has_perm("municipalities.edit_municipality_data", place)
            user.has_perm("municipalities.view_municipality_internal", place)
        facts = role_facts(user)
        assert facts.edited == {municipality.pk}
        assert facts.planned_bezirke == {"066"}
    # One query for the memberships, one for the planner assignments.
    assert len(queries) == 2


def test_region_is_the_member_kreise_and_the_planned_kreise_and_bezirke(db):
    kassel = RegierungsbezirkFactory(code="066")
    darmstadt = RegierungsbezirkFactory(code="064", name="Darmstadt")
    sek = KreisFactory(code="06634", regierungsbezirk=kassel, name="SEK")
    gg = KreisFactory(code="06433", regierungsbezirk=darmstadt, name="GG")
    viewer = MembershipFactory(
        municipality=MunicipalityFactory(kreis=sek, ags="06634001")
    ).user
    PlannerAssignmentFactory(user=viewer, kreis=None, regierungsbezirk=darmstadt)
    facts = role_facts(User.objects.get(pk=viewer.pk))

    assert facts.kreise == {"06634"}
    assert [facts.in_region(code) for code in ["06634", "06433", "06636"]] == [
        True,
        True,
        False,
    ]
    assert not facts.plans("06634") and facts.plans(gg.code)
    assert facts.region_key() == (("06634",), ("064",))
