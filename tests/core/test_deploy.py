import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x7!" + "k" * 20 + "Qz9#" + "v" * 30,
        DJANGO_REQUIRE_SECRET_KEY="true",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        EMAIL_HOST="smtp.example.org",
        LEBENSWERT_PUBLIC_URL="https://portal.example.org",
        LEBENSWERT_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_production_mail_would_go_to_the_console(tmp_path):
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x7!" + "k" * 20 + "Qz9#" + "v" * 30,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        EMAIL_HOST="",
        LEBENSWERT_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode != 0
    assert "lebenswert.W001" in result.stderr


def test_mail_check_warns_without_a_mail_server(settings):
    from lebenswert.core.checks import check_mail_is_delivered

    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    [warning] = check_mail_is_delivered()
    assert warning.id == "lebenswert.W001" and "EMAIL_HOST" in warning.hint


def test_mail_check_is_silent_with_a_mail_server_or_in_development(settings):
    from lebenswert.core.checks import check_mail_is_delivered

    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_mail_is_delivered() == []
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert check_mail_is_delivered() == []


def test_mail_check_runs_with_check_deploy_only():
    from django.core import checks

    from lebenswert.core.checks import check_mail_is_delivered

    assert check_mail_is_delivered in checks.registry.registry.get_checks(
        include_deployment_checks=True
    )
    assert check_mail_is_delivered not in checks.registry.registry.get_checks()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_REQUIRE_SECRET_KEY="true",
        LEBENSWERT_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)",
        LEBENSWERT_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_security_headers_on_every_page(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_authenticated_pages_are_not_cached(client, roles):
    client.force_login(roles["viewer"])
    response = client.get("/uebersicht/")
    assert "no-store" in response.headers["Cache-Control"]


def test_german_by_default_english_when_chosen(client, db):
    browser_english = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert "Datenquellen" in client.get("/", **browser_english).content.decode()
    response = client.post("/sprache/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Data sources" in page


def test_dates_and_numbers_follow_the_chosen_language(client, roles):
    from datetime import date

    from cooperations import actions
    from municipalities.actions import pilot_region_load

    pilot_region_load()
    cooperation = actions.cooperation_create(
        actor=None, title="Bauhof", task="Winterdienst", lead=roles["editor"]
        .memberships.get().municipality, partners=[], start_date=date(2026, 3, 12),
    )  # fmt: skip
    client.force_login(roles["viewer"])
    german = client.get("/gemeinden/06636003/").content.decode()
    assert "18.743" in german
    assert "12.03.2026" in client.get(cooperation.get_absolute_url()).content.decode()
    client.post("/sprache/", {"language": "en", "next": "/"})
    english = client.get("/gemeinden/06636003/").content.decode()
    assert "18,743" in english and "18.743" not in english
    assert "12 Mar 2026" in client.get(cooperation.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "https://localhost", "http://portal.example.org"]
)
def test_public_url_check_warns_unless_an_https_address_is_set(settings, url):
    from lebenswert.core.checks import check_public_url_is_set

    settings.DEBUG = False
    settings.LEBENSWERT_PUBLIC_URL = url
    [warning] = check_public_url_is_set()
    assert warning.id == "lebenswert.W002" and url in warning.msg


def test_public_url_check_is_silent_with_the_portal_address_or_in_development(
    settings,
):
    from lebenswert.core.checks import check_public_url_is_set

    settings.DEBUG = False
    settings.LEBENSWERT_PUBLIC_URL = "https://lebenswert.werra-meissner-kreis.de"
    assert check_public_url_is_set() == []
    settings.DEBUG = True
    settings.LEBENSWERT_PUBLIC_URL = "http://127.0.0.1:8000"
    assert check_public_url_is_set() == []
