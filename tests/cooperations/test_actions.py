from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cooperations import actions, selectors
from cooperations.models import Cooperation
from lebenswert.audit.models import Change
from lebenswert.core.concurrency import EditConflict
from tests.factories import KreisFactory, MembershipFactory, MunicipalityFactory


@pytest.fixture
def cooperation(roles, municipality, other_municipality):
    cooperation = actions.cooperation_create(
        actor=roles["editor"],
        title="Dienstleistungspool Abwasser",
        task="Gemeinsame Rufbereitschaft und Fachpersonal",
        lead=municipality,
        partners=[other_municipality],
        status=Cooperation.Status.EXPLORING,
    )
    # Witzenhausen was only asked (issue 15, item 4); its editor agrees.
    actions.cooperation_partner_confirm(
        partner=cooperation.partners.get(municipality=other_municipality),
        actor=roles["other_staff"],
    )
    cooperation.refresh_from_db()
    return cooperation


def _decidable(cooperation):
    """Every partner's council resolution and a start date: what „beschlossen“
    and „aktiv“ ask for."""
    cooperation.partners.update(
        resolution_date=date(2026, 3, 1), resolution_reference="GV 12/2026"
    )
    Cooperation.objects.filter(pk=cooperation.pk).update(start_date=date(2026, 7, 1))


def _move(cooperation, status, actor=None):
    cooperation.refresh_from_db()
    return actions.cooperation_status_set(
        cooperation=cooperation,
        status=status,
        actor=actor,
        expected_version=cooperation.version,
    )


def test_lead_is_always_a_partner_and_creation_is_recorded(cooperation, municipality):
    partners = {p.municipality for p in cooperation.partners.all()}
    assert municipality in partners and len(partners) == 2
    assert Change.objects.for_object(cooperation).filter(action="create").exists()


@pytest.mark.parametrize(
    "path",
    [
        ["negotiating", "decided", "active", "ended"],
        ["idea", "exploring", "ended"],
        ["negotiating", "exploring", "negotiating", "decided", "negotiating"],
    ],
)
def test_allowed_status_steps(cooperation, path):
    _decidable(cooperation)
    for status in path:
        _move(cooperation, status)
    cooperation.refresh_from_db()
    assert cooperation.status == path[-1]


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], "active"),  # exploring → active skips negotiation and decision
        ([], "decided"),
        (["negotiating", "decided", "active"], "exploring"),
        (["ended"], "idea"),  # ended is final
    ],
)
def test_refused_status_steps_name_the_allowed_ones(cooperation, steps, refused):
    _decidable(cooperation)
    for status in steps:
        _move(cooperation, status)
    before = Cooperation.objects.get(pk=cooperation.pk).status
    with pytest.raises(ValidationError) as error:
        _move(cooperation, refused)
    assert "möglich" in str(error.value)
    assert Cooperation.objects.get(pk=cooperation.pk).status == before


def test_planner_may_only_sketch_cooperations(roles, municipality):
    with pytest.raises(PermissionDenied):
        actions.cooperation_create(
            actor=roles["planner"], title="Zweckverband", task="Wasser",
            partners=[municipality], status=Cooperation.Status.ACTIVE,
        )  # fmt: skip
    sketch = actions.cooperation_create(
        actor=roles["planner"], title="Idee", task="Wasser", partners=[municipality],
    )  # fmt: skip
    assert sketch.status == Cooperation.Status.IDEA


def test_outdated_edit_is_refused(cooperation, roles):
    seen = cooperation.version
    actions.cooperation_update(
        cooperation=cooperation, actor=roles["editor"], expected_version=seen,
        title="Pool Abwasser und Wasser",
    )  # fmt: skip
    with pytest.raises(EditConflict) as conflict:
        actions.cooperation_update(
            cooperation=cooperation, actor=roles["admin"], expected_version=seen,
            title="Überschrieben",
        )  # fmt: skip
    assert conflict.value.last_change.changes["title"][1] == "Pool Abwasser und Wasser"
    cooperation.refresh_from_db()
    assert cooperation.title == "Pool Abwasser und Wasser"


def test_a_municipality_is_partner_only_once(cooperation, municipality, roles):
    with pytest.raises(ValidationError, match="schon Partner"):
        actions.cooperation_partner_add(
            cooperation=cooperation,
            actor=roles["editor"],
            expected_version=cooperation.version,
            municipality=municipality,
        )


def test_staff_of_another_kreis_neither_sees_nor_reads_it(cooperation, roles):
    elsewhere = MunicipalityFactory(
        kreis=KreisFactory(code="06634", name="Schwalm-Eder-Kreis"), ags="06634001"
    )
    stranger = MembershipFactory(municipality=elsewhere, role="editor").user
    assert not stranger.has_perm("cooperations.read_cooperation", cooperation)
    assert cooperation not in selectors.cooperation_list_for_user(user=stranger)
    assert roles["other_staff"].has_perm("cooperations.read_cooperation", cooperation)
    assert roles["other_staff"].has_perm("cooperations.edit_cooperation", cooperation)
    assert not roles["viewer"].has_perm("cooperations.edit_cooperation", cooperation)
    assert not roles["planner"].has_perm("cooperations.edit_cooperation", cooperation)
    assert roles["planner"].has_perm("cooperations.read_cooperation", cooperation)


def test_dashboard_shows_the_notice_deadline_of_my_cooperation(
    client, cooperation, roles
):
    from datetime import date

    actions.cooperation_update(
        cooperation=cooperation, actor=roles["editor"],
        expected_version=cooperation.version, start_date=date(2025, 1, 1),
        minimum_term_months=60, notice_period_months=6,
    )  # fmt: skip
    client.force_login(roles["editor"])
    page = client.get("/uebersicht/").content.decode()
    assert "30.06.2029" in page and "Kündigungsfrist" in page
    assert cooperation.title in page


def test_demo_cooperations_are_recorded_once_and_the_example_is_marked(db):
    from cooperations.demo import demo_cooperations_load
    from municipalities import actions as municipality_actions

    municipality_actions.pilot_region_load()
    assert demo_cooperations_load() == 4
    assert demo_cooperations_load() == 0
    water = Cooperation.objects.get(title="Meißner-Verbandswasserwerk")
    assert water.form.code == "zweckverband" and water.status == "active"
    assert {p.municipality.ags for p in water.partners.all() if p.municipality} == {
        "06636003", "06636014", "06636008",
    }  # fmt: skip
    assert Cooperation.objects.filter(is_example=True).count() == 1


def test_decided_needs_every_partners_resolution_or_a_reason(
    cooperation, other_municipality
):
    """Issue 15, item 3: the refusal names who is missing; a recorded reason
    (audited like any partner field) stands in for a resolution."""
    _move(cooperation, "negotiating")
    cooperation.partners.exclude(municipality=other_municipality).update(
        resolution_date=date(2026, 3, 1), resolution_reference="StVV 7/2026"
    )
    with pytest.raises(ValidationError) as error:
        _move(cooperation, "decided")
    message = str(error.value)
    assert "Ratsbeschluss" in message and other_municipality.short_name in message
    assert Cooperation.objects.get(pk=cooperation.pk).status == "negotiating"

    partner = cooperation.partners.get(municipality=other_municipality)
    cooperation.refresh_from_db()
    actions.cooperation_partner_update(
        partner=partner,
        actor=None,
        expected_version=cooperation.version,
        resolution_missing_reason="Bürgermeister entscheidet nach § 70 HGO",
    )
    _move(cooperation, "decided")
    assert Cooperation.objects.get(pk=cooperation.pk).status == "decided"
    assert (
        Change.objects.for_object(cooperation)
        .filter(changes__icontains="§ 70 HGO")
        .exists()
    )


def test_active_needs_a_start_date(cooperation):
    cooperation.partners.update(resolution_missing_reason="Test")
    for status in ("negotiating", "decided"):
        _move(cooperation, status)
    with pytest.raises(ValidationError) as error:
        _move(cooperation, "active")
    assert "Beginn" in str(error.value)


@pytest.mark.parametrize("status", ["decided", "active", "ended"])
def test_people_start_a_cooperation_before_the_decision(roles, municipality, status):
    with pytest.raises(ValidationError) as error:
        actions.cooperation_create(
            actor=roles["editor"], title="Bauhof", task="Bauhof",
            lead=municipality, partners=[], status=status,
        )  # fmt: skip
    assert "beginnt als Idee" in str(error.value)
    assert not Cooperation.objects.exists()
