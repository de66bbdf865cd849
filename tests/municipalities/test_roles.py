import pytest
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


@pytest.fixture
def real_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "role-facts-test",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
    # Without a cache: the versions, the memberships with the planner assignments,
    # and the Kreise of the planned Bezirk, once.
    assert len(queries) == 3


def _facts_of(user) -> tuple[object, int]:
    """The role facts of a fresh user object (as in the next request) and how many
    queries reading them took."""
    fresh = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        facts = role_facts(fresh)
        facts.region_key()
        facts.region_kreise  # noqa: B018 (loads the Bezirk's Kreise, if any)
    return facts, len(queries)


def test_role_facts_are_kept_across_requests(real_cache, municipality):
    user = MembershipFactory(municipality=municipality, role="editor").user
    PlannerAssignmentFactory(user=user, kreis=None, regierungsbezirk_id="066")
    first, cold = _facts_of(user)
    again, warm = _facts_of(user)
    assert (again.edited, again.planned_bezirke) == ({municipality.pk}, {"066"})
    assert again.region_kreise == first.region_kreise
    assert municipality.kreis_id in again.region_kreise
    # From the cache: only the data versions are read.
    assert (cold, warm) == (3, 1)


def test_a_role_change_is_visible_on_the_next_request(
    real_cache, municipality, other_municipality, kreis
):
    from lebenswert.audit.actions import record_deleted
    from municipalities import actions

    user = MembershipFactory(municipality=municipality, role="viewer").user
    assert _facts_of(user)[0].edited == frozenset()

    actions.membership_set(user=user, municipality=municipality, role="editor")
    assert _facts_of(user)[0].edited == {municipality.pk}

    actions.membership_set(user=user, municipality=other_municipality, role="viewer")
    assert _facts_of(user)[0].viewed == {municipality.pk, other_municipality.pk}

    assignment = actions.planner_assignment_set(user=user, kreis=kreis)
    assert _facts_of(user)[0].planned_kreise == {kreis.code}

    # Removed in the admin (AuditedAdmin.delete_model records the deletion).
    record_deleted(instance=assignment, actor=None)
    assignment.delete()
    assert _facts_of(user)[0].planned_kreise == frozenset()


def test_an_admin_flag_is_read_from_the_account_not_the_cache(real_cache, municipality):
    user = MembershipFactory(municipality=municipality, role="viewer").user
    assert not _facts_of(user)[0].is_admin
    User.objects.filter(pk=user.pk).update(is_staff=True)
    assert _facts_of(user)[0].is_admin
    assert _facts_of(user)[0].region_key() == ("all",)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not _facts_of(user)[0].is_active


def test_two_users_never_share_role_facts(
    real_cache, municipality, other_municipality, kreis
):
    editor = MembershipFactory(municipality=municipality, role="editor").user
    viewer = MembershipFactory(municipality=other_municipality, role="viewer").user
    planner = PlannerAssignmentFactory(kreis=kreis).user
    for _ in range(2):  # the second round comes from the cache
        facts = [_facts_of(user)[0] for user in (editor, viewer, planner)]
        assert [f.edited for f in facts] == [{municipality.pk}, set(), set()]
        assert [f.viewed for f in facts] == [
            {municipality.pk},
            {other_municipality.pk},
            set(),
        ]
        assert [f.planned_kreise for f in facts] == [set(), set(), {kreis.code}]


def test_a_directory_change_moves_the_cached_member_kreise(real_cache, db):
    from lebenswert.core.fragments import DIRECTORY, bump
    from municipalities.models import Municipality

    place = MunicipalityFactory(kreis=KreisFactory(code="06634"), ags="06634001")
    user = MembershipFactory(municipality=place, role="viewer").user
    assert _facts_of(user)[0].member_kreise == {"06634"}
    new_kreis = KreisFactory(code="06635", name="Waldeck-Frankenberg")
    Municipality.objects.filter(pk=place.pk).update(kreis=new_kreis)
    bump(DIRECTORY)  # as the directory import does
    assert _facts_of(user)[0].member_kreise == {"06635"}


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
