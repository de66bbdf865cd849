import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from municipalities import selectors
from tests.factories import (
    KreisFactory,
    LandFactory,
    MembershipFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    RegierungsbezirkFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def oberallgaeu(db):
    bayern = LandFactory(code="09", name="Bayern")
    schwaben = RegierungsbezirkFactory(code="097", land=bayern, name="Schwaben")
    return KreisFactory(
        code="09780", land=bayern, regierungsbezirk=schwaben, name="Oberallgäu"
    )


def test_the_default_kreis_is_the_kreis_of_the_users_municipality(roles, oberallgaeu):
    sonthofen = MunicipalityFactory(kreis=oberallgaeu, ags="09780139")
    user = MembershipFactory(municipality=sonthofen).user
    assert selectors.kreis_default_for_user(user=user) == "09780"
    assert selectors.kreis_default_for_user(user=roles["editor"]) == "06636"


def test_a_planner_without_a_municipality_gets_the_planned_kreis(oberallgaeu):
    planner = PlannerAssignmentFactory(kreis=oberallgaeu).user
    assert selectors.kreis_default_for_user(user=planner) == "09780"


def test_a_planner_of_a_regierungsbezirk_gets_its_first_kreis(oberallgaeu):
    KreisFactory(
        code="09777",
        land=oberallgaeu.land,
        regierungsbezirk=oberallgaeu.regierungsbezirk,
        name="Ostallgäu",
    )
    planner = PlannerAssignmentFactory(
        kreis=None, regierungsbezirk=oberallgaeu.regierungsbezirk
    ).user
    assert selectors.kreis_default_for_user(user=planner) == "09777"


def test_users_without_a_role_have_no_default_kreis(roles):
    assert selectors.kreis_default_for_user(user=roles["admin"]) is None
    assert selectors.kreis_default_for_user(user=UserFactory()) is None
    assert selectors.kreis_default_for_user(user=AnonymousUser()) is None


# The pilot region is data (its loader and the demo), never a default in the code.
PILOT_CODE = re.compile(r"06(636\d{0,3})?")
PILOT_DATA = {"pilot_region.py", "demo.py", "seed_demo.py"}


def test_no_product_code_falls_back_to_the_pilot_region():
    found = []
    for package in ("lebenswert", "municipalities", "services", "cooperations"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name in PILOT_DATA:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and PILOT_CODE.fullmatch(node.value)
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
