"""Every list filter `Model.objects.visible_to(user)` agrees with its rules predicate.

The population is generated: municipalities in four Kreise (two Regierungsbezirke
and a Land without them), users from every role on those places (alone and
combined, active or not, admins, anonymous), and objects for every combination of
partners, visibility and sharing. For each user the QuerySet must list exactly the
objects for which `user.has_perm(perm, obj)` is true.
"""

from itertools import product

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from cooperations.models import (
    Cooperation,
    CooperationDocument,
    CooperationPartner,
    Scenario,
)
from lebenswert.accounts.models import User
from services.models import PartnerOrganisation
from tests.factories import (
    KreisFactory,
    MembershipFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    RegierungsbezirkFactory,
    UserFactory,
)

# Each QuerySet visibility method and the permission it is the list form of.
PAIRS = {
    Cooperation: "cooperations.read_cooperation",
    CooperationDocument: "cooperations.read_document",
    Scenario: "cooperations.read_scenario",
}


@pytest.fixture
def population(db):
    kassel = RegierungsbezirkFactory(code="066", name="Kassel")
    darmstadt = RegierungsbezirkFactory(code="064", name="Darmstadt")
    kreise = {
        "wmk": KreisFactory(code="06636", regierungsbezirk=kassel),
        "sek": KreisFactory(code="06634", regierungsbezirk=kassel, name="SEK"),
        "gg": KreisFactory(code="06433", regierungsbezirk=darmstadt, name="GG"),
        "aö": KreisFactory(
            code="09171", land__code="09", land__name="Bayern",
            regierungsbezirk=None, name="Altötting",
        ),
    }  # fmt: skip
    places = {
        "a1": MunicipalityFactory(kreis=kreise["wmk"], ags="06636001"),
        "a2": MunicipalityFactory(kreis=kreise["wmk"], ags="06636002"),
        "b1": MunicipalityFactory(kreis=kreise["sek"], ags="06634001"),
        "c1": MunicipalityFactory(kreis=kreise["gg"], ags="06433001"),
        "d1": MunicipalityFactory(kreis=kreise["aö"], ags="09171001"),
    }

    # Users: every single role, pairs of roles, and the special accounts.
    single_roles = [("viewer", p) for p in places] + [("editor", p) for p in places]
    single_roles += [("plans_kreis", k) for k in kreise]
    single_roles += [("plans_bezirk", kassel), ("plans_bezirk", darmstadt)]
    grants = [[role] for role in single_roles]
    grants += [
        [("viewer", "a1"), ("editor", "c1")],
        [("plans_bezirk", darmstadt), ("viewer", "b1")],
        [("plans_kreis", "sek"), ("editor", "d1")],
        [("viewer", "a2"), ("plans_kreis", "gg"), ("plans_bezirk", kassel)],
    ]
    users = []
    for roles in grants:
        user = UserFactory()
        for kind, target in roles:
            if kind in ("viewer", "editor"):
                MembershipFactory(user=user, municipality=places[target], role=kind)
            elif kind == "plans_kreis":
                PlannerAssignmentFactory(user=user, kreis=kreise[target])
            else:
                PlannerAssignmentFactory(user=user, kreis=None, regierungsbezirk=target)
        users.append(user)
    inactive_editor = MembershipFactory(
        user=UserFactory(is_active=False), municipality=places["a1"], role="editor"
    ).user
    users += [
        UserFactory(),  # no role
        UserFactory(is_staff=True),
        UserFactory(is_staff=True, is_active=False),
        inactive_editor,
    ]

    # Cooperations for every partner combination, with and without organisations.
    organisation = PartnerOrganisation.objects.create(
        name="Wasserverband", type="zweckverband"
    )
    partner_sets = [
        (), ("a1",), ("a2",), ("a1", "a2"), ("b1",), ("c1",), ("d1",),
        ("a2", "c1"), ("b1", "d1"),
    ]  # fmt: skip
    for number, (partners, with_organisation) in enumerate(
        product(partner_sets, [False, True])
    ):
        cooperation = Cooperation.objects.create(title=f"K{number}", task="Aufgabe")
        for key in partners:
            CooperationPartner.objects.create(
                cooperation=cooperation, municipality=places[key]
            )
        if with_organisation:
            CooperationPartner.objects.create(
                cooperation=cooperation, organisation=organisation
            )
        for visibility in CooperationDocument.Visibility.values:
            CooperationDocument.objects.create(
                cooperation=cooperation, kind="other", title=visibility,
                file=f"cooperation-documents/{number}-{visibility}.pdf",
                original_name="a.pdf", content_type="application/pdf", size=1,
                visibility=visibility,
            )  # fmt: skip

    # Scenarios: owned by different users, shared or not, with partner sets.
    owners = [users[0], users[-6], users[-3]]
    for number, (owner, shared, partners) in enumerate(
        product(owners, [False, True], partner_sets[:6])
    ):
        scenario = Scenario.objects.create(
            name=f"S{number}", owner=owner, params={}, shared=shared
        )
        scenario.partners.set([places[key] for key in partners])

    # Fresh user objects: no role facts cached while the roles were being made.
    fresh = list(User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk"))
    return [AnonymousUser(), *fresh]


def test_every_visible_to_method_has_a_rule_in_the_agreement_test():
    with_method = {
        model
        for model in apps.get_models()
        if hasattr(model._default_manager, "visible_to")
    }
    assert with_method == set(PAIRS)


@pytest.mark.parametrize("model", list(PAIRS), ids=lambda m: m.__name__)
def test_visible_to_agrees_with_its_rule_for_every_user_and_object(population, model):
    perm = PAIRS[model]
    every = list(model.objects.all())
    seen = set()
    for user in population:
        listed = set(model.objects.visible_to(user))
        allowed = {obj for obj in every if user.has_perm(perm, obj)}
        assert listed == allowed, (user, perm)
        seen.add(frozenset(o.pk for o in listed))
    # The population is not trivial: nobody, everything and many parts in between.
    assert frozenset() in seen
    assert frozenset(o.pk for o in every) in seen
    assert len(seen) >= 6
