"""The audit log: accounts and roles changed in the admin are recorded with actor,
time and request id; admins browse and filter; nobody alters the log."""

import pytest
from django.urls import reverse

from lebenswert.audit.models import Change
from municipalities.models import Membership


@pytest.fixture
def admin_client(client, roles):
    client.force_login(roles["admin"])
    return client


def test_a_role_given_in_the_admin_is_recorded_with_actor_and_request_id(
    admin_client, roles, other_municipality
):
    municipality = other_municipality
    viewer = roles["viewer"]
    response = admin_client.post(
        reverse("admin:municipalities_membership_add"),
        {"user": viewer.pk, "municipality": municipality.pk, "role": "editor"},
        HTTP_X_REQUEST_ID="req-4711",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=viewer, role="editor")
    change = Change.objects.for_object(membership).get()
    assert change.action == "create" and change.actor == roles["admin"]
    assert change.request_id == "req-4711"
    assert change.changes["role"] == [None, "editor"]
    assert change.municipality == municipality


def test_deactivating_and_deleting_accounts_are_recorded(admin_client, roles):
    user = roles["viewer"]
    user.is_active = False
    user.save()
    change = Change.objects.for_object(user).get(action="update")
    assert change.changes == {"is_active": [True, False]}
    pk = user.pk
    user.delete()
    deleted = Change.objects.get(
        content_type__model="user", object_id=str(pk), action="delete"
    )
    assert deleted.changes["email"][0] == user.email


def test_a_login_records_no_change(client, roles):
    user = roles["viewer"]
    user.set_password("ein-langes-Passwort-2026")
    user.save()
    before = Change.objects.count()
    client.post(
        "/konto/anmelden/",
        {"username": user.email, "password": "ein-langes-Passwort-2026"},
    )
    assert Change.objects.count() == before


def test_admins_filter_the_log_and_nobody_alters_it(admin_client, roles):
    roles["viewer"].full_name = "Vera Viewer"
    roles["viewer"].save()
    change = Change.objects.latest("at")
    listing = admin_client.get(
        reverse("admin:audit_change_changelist") + "?action__exact=update&q=Vera"
    )
    assert listing.status_code == 200 and "Vera Viewer" in listing.content.decode()
    edit = admin_client.post(
        reverse("admin:audit_change_change", args=[change.pk]), {"action": "delete"}
    )
    assert edit.status_code == 403
    delete = admin_client.post(
        reverse("admin:audit_change_delete", args=[change.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Change.objects.filter(pk=change.pk, action="update").exists()
