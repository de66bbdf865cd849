"""Request bodies over the limit are refused from their Content-Length, unread."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from cooperations import documents
from municipalities.forms import MAX_IMPORT_SIZE
from services import csv_import

MIB = 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A wsgi.input that fails the test if anything reads from it."""

    def readable(self) -> bool:
        return True

    def read(self, *args):
        raise AssertionError("the request body was read")

    readinto = readline = read


def test_the_limit_admits_the_largest_legitimate_upload(settings):
    largest = max(MAX_IMPORT_SIZE, documents.MAX_BYTES, csv_import.MAX_BYTES)
    assert settings.LEBENSWERT_MAX_REQUEST_BYTES > largest


@pytest.mark.django_db
def test_a_body_over_the_limit_gets_413_before_it_is_read(settings):
    settings.LEBENSWERT_MAX_REQUEST_BYTES = 25 * MIB
    client = Client(enforce_csrf_checks=True)
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        content_type="application/x-www-form-urlencoded",
        **{"CONTENT_LENGTH": str(300 * MIB), "wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Anfrage zu groß" in page and "Request too large" in page
    assert "25 MB" in page
    assert "Traceback" not in page
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_a_body_within_the_limit_reaches_the_view(settings, client):
    settings.LEBENSWERT_MAX_REQUEST_BYTES = 1 * MIB
    response = client.post(
        reverse("accounts:login"),
        {"username": "nobody@example.org", "password": "x" * (512 * 1024)},
    )
    assert response.status_code == 200
    assert "Anmelden" in response.content.decode()
