"""DSGVO: access (Art. 15), erasure (Art. 17), retention, and the legal pages."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessLog
from django.contrib.admin import helpers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperations import actions as cooperation_actions
from cooperations.models import CooperationPartner, DeadlineReminder
from lebenswert.accounts import actions, tasks
from lebenswert.accounts.actions import ANONYMISED_NAME
from lebenswert.accounts.models import User
from lebenswert.audit.actions import change_record
from lebenswert.audit.models import Change
from municipalities.models import Membership
from tests.factories import MembershipFactory, UserFactory

PASSWORD = "correct-horse-42"


@pytest.fixture
def anna(municipality):
    user = UserFactory(
        email="anna.schmidt@eschwege.example",
        full_name="Anna Schmidt",
        job_title="Kämmerin",
        phone="05651 304-0",
    )
    MembershipFactory(user=user, municipality=municipality, role="editor")
    return user


@pytest.fixture
def cooperation(anna, municipality, other_municipality):
    """Anna's cooperation: her upload, and she is the contact of a partner."""
    cooperation = cooperation_actions.cooperation_create(
        actor=anna, title="Gemeinsamer Bauhof", task="Bauhof teilen",
        partners=[municipality, other_municipality], status="exploring",
    )  # fmt: skip
    cooperation_actions.cooperation_document_add(
        cooperation=cooperation,
        uploaded_file=SimpleUploadedFile("vertrag.pdf", b"%PDF-1.7\n%%EOF\n"),
        kind="contract", title="Vertrag", actor=anna,
    )  # fmt: skip
    CooperationPartner.objects.filter(
        cooperation=cooperation, municipality=municipality
    ).update(contact_name="Anna Schmidt", contact_email="Anna.Schmidt@eschwege.example")
    return cooperation


def _download(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:personal_data_download"))
    assert response.status_code == 200
    return response, json.loads(response.content)


# Art. 15: access


def test_personal_data_download_holds_account_roles_and_what_the_person_did(
    client, anna, cooperation
):
    calendar = actions.calendar_token_reset(user=anna)
    response, data = _download(client, anna)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="lebenswert-meine-daten-'
    )
    assert "no-store" in response["Cache-Control"]
    account = data["account"]
    assert account["email"] == "anna.schmidt@eschwege.example"
    assert account["full_name"] == "Anna Schmidt"
    assert account["job_title"] == "Kämmerin"
    assert account["has_calendar_address"] is True
    assert [m["municipality_ags"] for m in data["memberships"]] == ["06636003"]
    assert data["memberships"][0]["role"] == "editor"
    assert data["cooperations_created"][0]["title"] == "Gemeinsamer Bauhof"
    assert data["documents_uploaded"][0]["file_name"] == "vertrag.pdf"
    assert data["documents_uploaded"][0]["size_bytes"] == 15
    assert {c["record"] for c in data["changes_made"]} == {"Gemeinsamer Bauhof"}
    assert data["cooperation_partner_contact"][0]["contact_name"] == "Anna Schmidt"
    # Secrets stay secret: neither the password hash nor the calendar address.
    raw = response.content.decode()
    assert anna.password not in raw and calendar not in raw
    assert "pbkdf2" not in raw and "md5$" not in raw


def test_personal_data_download_holds_only_the_persons_own_data(
    client, anna, cooperation, roles
):
    _response, data = _download(client, roles["viewer"])
    assert data["account"]["email"] == roles["viewer"].email
    assert data["changes_made"] == []
    assert data["cooperations_created"] == []
    assert data["documents_uploaded"] == []
    assert "Anna" not in json.dumps(data)


def test_personal_data_download_takes_the_same_queries_for_one_or_many_rows(
    client, anna, municipality, other_municipality
):
    def queries() -> int:
        client.force_login(anna)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("accounts:personal_data_download")).status_code
        return len(captured)

    def one_more_cooperation(n: int) -> None:
        cooperation = cooperation_actions.cooperation_create(
            actor=anna, title=f"Kooperation {n}", task="Test",
            partners=[municipality, other_municipality], status="exploring",
        )  # fmt: skip
        cooperation_actions.cooperation_document_add(
            cooperation=cooperation,
            uploaded_file=SimpleUploadedFile(f"v{n}.pdf", b"%PDF-1.7\n%%EOF\n"),
            kind="contract", title="", actor=anna,
        )  # fmt: skip

    one_more_cooperation(0)
    few = queries()
    for n in range(1, 6):
        one_more_cooperation(n)
    assert queries() == few


def test_account_page_links_the_download(client, anna):
    client.force_login(anna)
    page = client.get(reverse("accounts:account_detail")).content.decode()
    assert reverse("accounts:personal_data_download") in page


# Art. 17: erasure


def test_anonymise_erases_the_person_and_keeps_the_facts(
    client, anna, cooperation, roles
):
    actions.calendar_token_reset(user=anna)
    AccessLog.objects.create(
        username=anna.email, ip_address="10.0.0.1", user_agent="Firefox",
        http_accept="*/*", path_info="/konto/anmelden/",
    )  # fmt: skip
    DeadlineReminder.objects.create(
        cooperation=cooperation, kind="end", deadline=timezone.localdate(),
        lead_days=7, recipient=anna.email,
    )  # fmt: skip
    client.force_login(anna)
    changes_before = Change.objects.filter(actor=anna).count()
    assert changes_before >= 2  # created the cooperation, uploaded a document

    actions.user_anonymise(user=anna, actor=roles["admin"])

    anna.refresh_from_db()
    assert anna.email == f"geloescht-{anna.pk}@anonym.invalid"
    assert anna.full_name == anna.job_title == anna.phone == anna.calendar_token == ""
    assert not anna.is_active and not anna.is_staff
    assert not anna.has_usable_password()
    assert str(anna) == "gelöschte Person"
    assert not Membership.objects.filter(user=anna).exists()
    # The history keeps every change, without the person.
    assert Change.objects.filter(actor=anna).count() == 0
    kept = Change.objects.filter(actor_repr=ANONYMISED_NAME)
    assert kept.count() == changes_before
    assert {c.object_repr for c in kept} == {"Gemeinsamer Bauhof"}
    # No trace of her name or address anywhere in the log.
    log = json.dumps(
        list(Change.objects.values("object_repr", "actor_repr", "changes"))
    )
    assert "Schmidt" not in log and "anna" not in log.lower()
    # Partner contacts with her address are cleared; the partner stays.
    partner = CooperationPartner.objects.get(
        cooperation=cooperation, municipality__ags="06636003"
    )
    assert partner.contact_email == partner.contact_name == ""
    assert not AccessLog.objects.exists()
    assert DeadlineReminder.objects.get().recipient == anna.email
    # The erasure itself is in the log, by the admin, with counts only.
    record = Change.objects.for_object(anna).get(actor=roles["admin"])
    assert record.changes["anonymised"] == [False, True]
    assert record.changes["roles_removed"] == [None, 1]
    assert record.changes["contacts_cleared"] == [None, 1]
    assert record.object_repr == "gelöschte Person"
    # Her open session no longer works.
    assert client.get(reverse("accounts:account_detail")).status_code == 302


def test_anonymise_scrubs_log_entries_about_the_person(anna, roles):
    change_record(
        instance=anna, action=Change.Action.UPDATE, actor=roles["admin"],
        before={"email": "a.schmidt@alt.example", "full_name": "Anna Schmidt"},
        after={"email": anna.email, "full_name": "Anna Schmidt-Berg"},
    )  # fmt: skip
    membership = Membership.objects.get(user=anna)
    change_record(
        instance=membership, action=Change.Action.CREATE, actor=roles["admin"],
        after={"role": "editor"},
    )  # fmt: skip

    actions.user_anonymise(user=anna, actor=roles["admin"])

    about_account = Change.objects.for_object(anna).filter(actor=roles["admin"])
    written = about_account.get(changes__has_key="email")
    assert written.changes["email"] == ["[entfernt]", "[entfernt]"]
    assert written.changes["full_name"] == ["[entfernt]", "[entfernt]"]
    for change in Change.objects.for_object(anna):  # the records of the admin too
        assert "Schmidt" not in json.dumps(change.changes) + change.object_repr
    about_role = Change.objects.filter(
        object_id=str(membership.pk), content_type__model="membership"
    )
    assert all("Anna" not in change.object_repr for change in about_role)
    manual = about_role.get(changes={"role": [None, "editor"]})
    # The admin who made those changes is still named.
    assert manual.actor == roles["admin"]


def test_anonymise_is_all_or_nothing(anna, cooperation, roles, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(actions, "change_record", broken)
    with pytest.raises(RuntimeError):
        actions.user_anonymise(user=anna, actor=roles["admin"])
    anna.refresh_from_db()
    assert anna.full_name == "Anna Schmidt" and anna.is_active
    assert Membership.objects.filter(user=anna).exists()
    assert Change.objects.filter(actor=anna).exists()


def test_anonymise_twice_changes_nothing_more(anna, roles):
    actions.user_anonymise(user=anna, actor=roles["admin"])
    records = Change.objects.count()
    actions.user_anonymise(user=anna, actor=roles["admin"])
    assert Change.objects.count() == records


def test_anonymised_address_can_log_in_no_more(client, anna):
    actions.user_anonymise(user=anna, actor=None)
    response = client.post(
        reverse("accounts:login"),
        {"username": "anna.schmidt@eschwege.example", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # The address is free again, e.g. for a new account of the same person.
    assert actions.user_create(email="anna.schmidt@eschwege.example").pk != anna.pk


def test_admin_action_asks_first_then_anonymises(client, anna, roles):
    client.force_login(roles["admin"])
    url = reverse("admin:accounts_user_changelist")
    chosen = {"action": "anonymise", helpers.ACTION_CHECKBOX_NAME: [anna.pk]}

    confirmation = client.post(url, chosen)
    assert confirmation.status_code == 200
    assert "endgültig anonymisieren" in confirmation.content.decode()
    anna.refresh_from_db()
    assert anna.full_name == "Anna Schmidt"

    done = client.post(url, {**chosen, "post": "yes"})
    assert done.status_code == 302
    anna.refresh_from_db()
    assert anna.is_anonymised
    assert (
        Change.objects.for_object(anna).get(changes__has_key="anonymised").actor
        == (roles["admin"])
    )


def test_admin_action_refuses_the_admins_own_account(client, roles):
    admin_user = roles["admin"]
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "anonymise", helpers.ACTION_CHECKBOX_NAME: [admin_user.pk],
         "post": "yes"},
        follow=True,
    )  # fmt: skip
    assert "Das eigene Konto kann nicht anonymisiert werden" in (
        response.content.decode()
    )
    admin_user.refresh_from_db()
    assert not admin_user.is_anonymised


def test_anonymise_user_command(anna, capsys):
    call_command("anonymise_user", "Anna.Schmidt@eschwege.example")
    anna.refresh_from_db()
    assert anna.is_anonymised
    assert "anonymisiert" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Kein Konto"):
        call_command("anonymise_user", "niemand@example.org")


# Retention


def test_retention_anonymises_only_accounts_inactive_for_too_long(db, settings):
    now = timezone.now()
    gone = UserFactory(full_name="Lange weg")
    gone.last_login = now - timedelta(days=731)
    never = UserFactory(full_name="Nie angemeldet")
    never.date_joined = now - timedelta(days=800)
    recent = UserFactory(full_name="Kürzlich da")
    recent.last_login = now - timedelta(days=10)
    invited = UserFactory(full_name="Frisch eingeladen")
    for user in (gone, never, recent):
        user.save()
    settings.LEBENSWERT_RETENTION_DAYS = 730

    assert tasks.users_inactive_anonymise() == [gone.pk, never.pk]

    names = dict(User.objects.values_list("pk", "full_name"))
    assert names[gone.pk] == names[never.pk] == ""
    assert names[recent.pk] == "Kürzlich da"
    assert names[invited.pk] == "Frisch eingeladen"
    # The next run finds nothing new.
    assert tasks.users_inactive_anonymise() == []


def test_retention_switched_off_with_zero(db, settings):
    user = UserFactory()
    user.last_login = timezone.now() - timedelta(days=5000)
    user.save()
    settings.LEBENSWERT_RETENTION_DAYS = 0
    assert tasks.users_inactive_anonymise() == []


def test_retention_runs_daily_in_celery_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["anonymise-inactive-accounts"]
    assert schedule["task"] == "lebenswert.accounts.tasks.users_inactive_anonymise"


# Legal pages


def test_privacy_page_says_what_is_stored_how_long_and_the_rights(client, settings):
    settings.LEBENSWERT_RETENTION_DAYS = 730
    page = client.get(reverse("core:privacy")).content.decode()
    assert "730 Tage" in page
    assert "Art. 15" in page and "Art. 17" in page
    assert "Änderungsprotokoll" in page
    assert "Hessische Beauftragte für Datenschutz" in page


@pytest.mark.parametrize(
    "name", ["core:home", "core:privacy", "accounts:login", "accounts:password_reset"]
)
def test_every_page_links_privacy_and_accessibility_statement(client, db, name):
    page = client.get(reverse(name)).content.decode()
    assert f'href="{reverse("core:accessibility")}"' in page
    assert f'href="{reverse("core:privacy")}"' in page


def test_base_template_links_the_accessibility_statement():
    from django.template.loader import get_template

    footer = get_template("includes/footer.html").template.source
    base = get_template("base.html").template.source
    assert '{% include "includes/footer.html" %}' in base
    assert "{% url 'core:accessibility' %}" in footer


def test_accessibility_statement_names_a_feedback_contact(client, db, settings):
    settings.PORTAL_OPERATOR = {
        "name": "Werra-Meißner-Kreis", "address": "Schlossplatz 1, 37269 Eschwege",
        "email": "barrierefreiheit@example.org", "phone": "",
    }  # fmt: skip
    page = client.get(reverse("core:accessibility")).content.decode()
    assert "Barrieren melden" in page
    assert 'href="mailto:barrierefreiheit@example.org"' in page
