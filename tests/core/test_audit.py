"""The audit log: accounts and roles changed in the admin are recorded with actor,
time and request id; admins browse and filter; nobody alters the log."""

import pytest
from django.urls import reverse

from lebenswert.audit.models import Change
from municipalities.models import Membership
from tests.admin_forms import admin_form_data


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
    assert change.municipality_ags == municipality.ags


def test_the_history_admin_names_the_municipality_of_a_change(
    admin_client, roles, municipality, other_municipality
):
    """Changes are filed under the AGS; the admin list shows and finds the name."""
    from lebenswert.audit.actions import change_record

    for where in (municipality, other_municipality):
        change_record(
            instance=roles["viewer"],
            action=Change.Action.UPDATE,
            actor=roles["admin"],
            before={"job_title": ""},
            after={"job_title": where.short_name},
            municipality=where,
        )
    changelist = reverse("admin:audit_change_changelist")
    page = admin_client.get(changelist)
    assert page.status_code == 200
    assert municipality.name in page.content.decode()
    found = admin_client.get(changelist, {"q": other_municipality.name})
    assert [c.municipality_ags for c in found.context["cl"].result_list] == [
        other_municipality.ags
    ]


def _admin_change(admin_client, model: str, obj, **changes):
    path = reverse(f"admin:{model}_change", args=[obj.pk])
    data = {**admin_form_data(admin_client.get(path)), **changes}
    data = {key: value for key, value in data.items() if value is not None}
    response = admin_client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_deactivating_and_deleting_accounts_are_recorded(admin_client, roles):
    user = roles["viewer"]
    _admin_change(admin_client, "accounts_user", user, is_active=None)
    change = Change.objects.for_object(user).get(action="update")
    assert change.changes == {"is_active": [True, False]}
    assert change.actor == roles["admin"]
    pk = user.pk
    memberships = list(user.memberships.values_list("pk", flat=True))
    response = admin_client.post(
        reverse("admin:accounts_user_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    deleted = Change.objects.get(
        content_type__model="user", object_id=str(pk), action="delete"
    )
    assert deleted.changes["email"][0] == user.email
    # The roles deleted with the account are in the history too.
    assert memberships and set(
        Change.objects.filter(
            content_type__model="membership", action="delete"
        ).values_list("object_id", flat=True)
    ) == {str(membership) for membership in memberships}


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
    _admin_change(
        admin_client, "accounts_user", roles["viewer"], full_name="Vera Viewer"
    )
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


def test_roles_given_by_an_action_are_recorded_without_signals(
    roles, other_municipality, kreis
):
    from municipalities import actions

    viewer = roles["viewer"]
    membership = actions.membership_set(
        user=viewer, municipality=other_municipality, role="viewer"
    )
    actions.membership_set(user=viewer, municipality=other_municipality, role="editor")
    changes = Change.objects.for_object(membership).order_by("id")
    assert [c.action for c in changes] == ["create", "update"]
    assert changes[1].changes == {"role": ["viewer", "editor"]}
    assert changes[1].municipality_ags == other_municipality.ags
    assignment = actions.planner_assignment_set(user=viewer, kreis=kreis)
    assert Change.objects.for_object(assignment).get().action == "create"
    # A plain save records nothing: there is no signal path any more.
    viewer.full_name = "Vera"
    viewer.save()
    assert not Change.objects.for_object(viewer).exists()
