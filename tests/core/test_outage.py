"""Redis down: pages are served uncached, sessions come from the database, and
/healthz/ names what is down. Tested against a closed port."""

import json

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.outage import broker_down, cache_down


@pytest.fixture
def no_cache(settings):
    cache_down(settings)


def test_login_works_with_the_cache_down(client, no_cache, db):
    user = UserFactory(email="anna@example.org")
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "correct-horse-42"},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_logged_in_and_cached_pages_work_with_the_cache_down(
    client, no_cache, roles, municipality
):
    client.force_login(roles["viewer"])
    for path in (
        reverse("core:dashboard"),
        f"/gemeinden/{municipality.ags}/",
        "/gemeinden/?q=Esch",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.wsgi_request.user == roles["viewer"]


@pytest.mark.django_db
def test_health_reports_every_dependency(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


@pytest.mark.django_db
def test_health_answers_503_naming_the_cache_when_redis_is_down(client, no_cache):
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["checks"]["cache"] == "error"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_health_answers_503_naming_the_broker_when_it_is_down(client):
    with broker_down():
        response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["broker"] == "error"


@pytest.mark.django_db
def test_health_ignores_a_dependency_that_is_not_required(client, settings):
    settings.LEBENSWERT_HEALTH_REQUIRED = ["database", "cache"]
    with broker_down():
        response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["broker"] == "error"
