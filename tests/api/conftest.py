import pytest
from rest_framework.test import APIClient

from lebenswert.api import actions
from lebenswert.api.models import Scope
from tests.browser.conftest import (  # noqa: F401 (the live server on plain HTTP)
    _plain_http_for_live_server,
    live_server,
)
from tests.factories import MunicipalityFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def wanfried(kreis):
    return MunicipalityFactory(kreis=kreis, ags="06636015", name="Wanfried, Stadt")


def make_token(municipality, *, scopes=(Scope.FIGURES_WRITE,), name="Kämmerei"):
    """A token made through the action; returns (row, plain token)."""
    return actions.api_token_create(
        municipality=municipality, name=name, scopes=list(scopes), actor=None
    )


@pytest.fixture
def write_token(municipality):
    return make_token(municipality)


@pytest.fixture
def read_token(municipality):
    return make_token(municipality, scopes=(), name="Lesezugriff")


def bearer(plain: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
