"""The 500 page names the request id; the log and the admins' mail carry it too."""

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import path

from lebenswert.urls import handler500  # noqa: F401 (this module is a URLconf)
from lebenswert.urls import urlpatterns as portal_urlpatterns

FAILING = "/test-fehler/500/"


def _fail(request):
    raise RuntimeError("deliberate error")


urlpatterns = [path(FAILING.lstrip("/"), _fail), *portal_urlpatterns]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def browser(db):
    return Client(raise_request_exception=False)


def _error_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


def test_the_500_page_shows_the_request_id_under_which_the_error_is_logged(
    browser, caplog, settings
):
    settings.ADMINS = []
    with caplog.at_level(logging.ERROR):
        response = browser.get(FAILING)

    request_id = response.headers["X-Request-ID"]
    page = response.content.decode()
    assert response.status_code == 500
    assert request_id and request_id in page
    assert "benachrichtigt" not in page  # nobody is, without ADMINS
    [record] = _error_records(caplog)
    assert record.request_id == request_id
    assert record.exc_info[0] is RuntimeError
    assert mail.outbox == []


def test_the_request_id_from_the_proxy_is_the_one_shown_and_logged(browser, caplog):
    with caplog.at_level(logging.ERROR):
        response = browser.get(FAILING, HTTP_X_REQUEST_ID="proxy-4711")
    assert "proxy-4711" in response.content.decode()
    assert [r.request_id for r in _error_records(caplog)] == ["proxy-4711"]


def test_log_lines_name_the_request_id():
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler)
        and "request_id" in handler.formatter._fmt
    )
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, None)
    console.filter(record)
    assert "[-] boom" in console.format(record)  # outside of a request


def test_with_admins_configured_they_get_the_error_by_mail(browser, settings):
    settings.ADMINS = [("IT-Betrieb", "it@kreis.example")]
    response = browser.get(FAILING)

    request_id = response.headers["X-Request-ID"]
    assert "per E-Mail benachrichtigt" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["it@kreis.example"]
    assert FAILING in message.subject
    assert request_id in message.body and "RuntimeError" in message.body


def test_the_500_page_survives_a_broken_template(browser, monkeypatch):
    from lebenswert.core import errors

    def broken(*args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)
    response = browser.get(FAILING, HTTP_X_REQUEST_ID="id-42")
    assert response.status_code == 500
    assert "id-42" in response.content.decode()


def test_admins_come_from_the_environment(tmp_path):
    from tests.core.test_deploy import _manage

    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.ADMINS)",
        DJANGO_ADMINS="IT-Betrieb <it@kreis.example>, anna@kreis.example",
        LEBENSWERT_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == (
        "[('IT-Betrieb', 'it@kreis.example'), ('', 'anna@kreis.example')]"
    ), result.stderr
