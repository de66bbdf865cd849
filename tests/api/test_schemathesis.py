"""Schemathesis against the live server on the test database (PostgreSQL in CI):
every operation of /api/schema/, anonymous and with a token; no server error, and
every answer conforms to the schema (status, content type, body)."""

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import make_token

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 12  # per operation and client: the whole run stays well under 90 s


@pytest.fixture
def api_data(municipality, wanfried):
    from decimal import Decimal

    from cooperations import actions as cooperation_actions
    from cooperations.models import Cooperation
    from services import actions as service_actions
    from services.models import Indicator

    service_actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2024,
        value=Decimal("2.05"),
        source="Test",
        actor=None,
    )
    cooperation = cooperation_actions.cooperation_create(
        actor=None,
        title="Abwasser-Pool",
        task="Bereitschaft",
        lead=municipality,
        partners=[municipality, wanfried],
        status="exploring",
    )
    Cooperation.objects.filter(pk=cooperation.pk).update(is_published=True)
    return make_token(municipality)[1]


def _examine(operation, *, base_url: str, headers: dict, fixed: dict) -> int:
    """Run the operation's generated cases; returns how many were sent."""
    sent = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(path_parameters=fixed))
    def check(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)
        sent.append(case)

    check()
    return len(sent)


def _run(live_server, headers: dict, path_parameters=None) -> dict[str, int]:
    """Every operation of the schema; the cases sent per operation."""
    config = SchemathesisConfig()
    config.projects.default.generation.update(allow_x00=False)
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/?format=json", config=config
    )
    calls = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        fixed = {
            name: value
            for name, value in (path_parameters or {}).items()
            if f"{{{name}}}" in operation.path
        }
        calls[operation.label] = _examine(
            operation, base_url=live_server.url, headers=headers, fixed=fixed
        )
    return calls


def test_schemathesis_anonymous(live_server, api_data):
    started = time.monotonic()
    calls = _run(live_server, headers={})
    assert len(calls) >= 10 and all(calls.values()), calls
    assert time.monotonic() - started < 90


def test_schemathesis_with_token(live_server, api_data):
    headers = {"Authorization": f"Bearer {api_data}"}
    calls = _run(live_server, headers=headers)
    assert len(calls) >= 10 and all(calls.values()), calls
    # The token's own municipality: writes get past the permission to validation,
    # plausibility, versions (400, 412, 428) and saving.
    calls = _run(live_server, headers=headers, path_parameters={"ags": "06636003"})
    assert all(calls.values()), calls
