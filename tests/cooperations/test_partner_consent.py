"""Partners consent (issue 15, item 4): a municipality added by another one's editor
is only asked; its own editors confirm or decline, and until then it counts nowhere
as a member."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperations import actions, selectors, tasks
from cooperations.filters import CooperationFilter
from cooperations.models import Cooperation, CooperationPartner
from cooperations.reports import region_context
from lebenswert.audit.models import Change
from services.models import PartnerOrganisation
from tests.factories import (
    KreisFactory,
    MembershipFactory,
    MunicipalityFactory,
    UserFactory,
)

ASKED = CooperationPartner.Consent.REQUESTED


@pytest.fixture
def wanfried(kreis):
    return MunicipalityFactory(kreis=kreis, ags="06636013", name="Wanfried, Stadt")


@pytest.fixture
def wanfried_editor(wanfried):
    return MembershipFactory(
        municipality=wanfried, role="editor", user__email="bauamt@wanfried.invalid"
    ).user


@pytest.fixture
def mails(monkeypatch, django_capture_on_commit_callbacks):
    """Requests as an action queues their e-mail (after the commit) and as the
    worker sends it; the list holds the queued task arguments."""
    queued = []
    monkeypatch.setattr(
        tasks.cooperation_partner_request_send,
        "delay",
        lambda **kwargs: queued.append(kwargs),
    )

    class Mails:
        def capture(self):
            return django_capture_on_commit_callbacks(execute=True)

        def run(self) -> int:
            sent = 0
            while queued:
                sent += tasks.cooperation_partner_request_send(**queued.pop(0))
            return sent

        @property
        def queued(self):
            return queued

    return Mails()


def _create(actor, lead, partners, **fields):
    return actions.cooperation_create(
        actor=actor,
        title=fields.pop("title", "Bauhof Werra"),
        task="Gemeinsamer Winterdienst",
        lead=lead,
        partners=partners,
        status=fields.pop("status", Cooperation.Status.NEGOTIATING),
        **fields,
    )


@pytest.fixture
def asked(roles, municipality, wanfried, wanfried_editor):
    """Eschwege's editor starts a cooperation and adds Wanfried: only asked."""
    cooperation = _create(roles["editor"], municipality, [wanfried])
    return cooperation.partners.get(municipality=wanfried)


def _consents(cooperation) -> dict[str, str]:
    return {str(p): p.consent for p in cooperation.partners.all()}


# Actions


def test_a_municipality_the_editor_does_not_edit_is_only_asked(
    roles, municipality, wanfried
):
    cooperation = _create(roles["editor"], municipality, [wanfried])
    assert _consents(cooperation) == {"Eschwege": "confirmed", "Wanfried": ASKED}
    changes = Change.objects.for_object(cooperation).filter(action="update")
    assert [None, "Wanfried (angefragt)"] in [c.changes["partner"] for c in changes]


def test_own_municipalities_organisations_and_the_system_are_confirmed_at_once(
    roles, municipality, wanfried
):
    MembershipFactory(user=roles["editor"], municipality=wanfried, role="editor")
    both = _create(roles["editor"], municipality, [wanfried])
    assert set(_consents(both).values()) == {"confirmed"}
    organisation = PartnerOrganisation.objects.create(
        name="Werra-Meißner-Kreis", type=PartnerOrganisation.Type.LANDKREIS
    )
    added = actions.cooperation_partner_add(
        cooperation=both,
        actor=roles["editor"],
        expected_version=Cooperation.objects.get(pk=both.pk).version,
        organisation=organisation,
    )
    assert added.consent == "confirmed"
    imported = _create(None, municipality, [wanfried], title="Register")
    assert set(_consents(imported).values()) == {"confirmed"}


def test_a_viewer_role_does_not_confirm_and_a_planner_only_asks(
    roles, municipality, wanfried
):
    MembershipFactory(user=roles["editor"], municipality=wanfried, role="viewer")
    cooperation = _create(roles["editor"], municipality, [wanfried])
    assert cooperation.partners.get(municipality=wanfried).consent == ASKED
    idea = _create(
        roles["planner"], municipality, [wanfried], title="Idee", status="idea"
    )
    assert set(_consents(idea).values()) == {ASKED}


def test_adding_a_partner_later_asks_it_too(roles, municipality, wanfried):
    cooperation = _create(roles["editor"], municipality, [])
    partner = actions.cooperation_partner_add(
        cooperation=cooperation,
        actor=roles["editor"],
        expected_version=cooperation.version,
        municipality=wanfried,
        cost_share_pct=Decimal("40"),
    )
    assert partner.consent == ASKED


def test_an_editor_of_the_asked_municipality_confirms(asked, wanfried_editor):
    cooperation = asked.cooperation
    version = Cooperation.objects.get(pk=cooperation.pk).version

    partner = actions.cooperation_partner_confirm(partner=asked, actor=wanfried_editor)

    partner.refresh_from_db()
    assert partner.consent == "confirmed" and partner.is_member
    assert partner.consent_by == wanfried_editor and partner.consent_at is not None
    assert Cooperation.objects.get(pk=cooperation.pk).version == version + 1
    change = Change.objects.for_object(cooperation).latest("at", "id")
    assert change.actor == wanfried_editor
    assert change.changes["partner"] == ["Wanfried (angefragt)", "Wanfried"]
    assert change.municipality_ags == "06636013"


def test_a_decline_keeps_its_reason_in_the_row_and_the_history(asked, wanfried_editor):
    actions.cooperation_partner_decline(
        partner=asked, actor=wanfried_editor, reason="  Eigener Bauhof reicht.  "
    )
    asked.refresh_from_db()
    assert asked.consent == "declined" and not asked.is_member
    assert asked.consent_reason == "Eigener Bauhof reicht."
    change = Change.objects.for_object(asked.cooperation).latest("at", "id")
    assert change.changes["partner"] == [
        "Wanfried (angefragt)",
        "Wanfried (abgelehnt: Eigener Bauhof reicht.)",
    ]


@pytest.mark.parametrize("who", ["editor", "viewer", "planner", "wviewer"])
def test_only_an_editor_of_the_asked_municipality_answers(asked, roles, wanfried, who):
    if who == "wviewer":
        user = MembershipFactory(municipality=wanfried, role="viewer").user
    else:
        user = roles[who]
    before = Change.objects.count()
    with pytest.raises(PermissionDenied):
        actions.cooperation_partner_confirm(partner=asked, actor=user)
    with pytest.raises(PermissionDenied):
        actions.cooperation_partner_decline(partner=asked, actor=user, reason="x")
    asked.refresh_from_db()
    assert asked.consent == ASKED
    assert Change.objects.count() == before


def test_an_answer_is_given_once(asked, wanfried_editor):
    actions.cooperation_partner_decline(partner=asked, actor=wanfried_editor)
    with pytest.raises(ValidationError, match="schon geantwortet"):
        actions.cooperation_partner_confirm(partner=asked, actor=wanfried_editor)
    asked.refresh_from_db()
    assert asked.consent == "declined"


# Not a member until confirmed


def test_the_asked_editor_reads_but_does_not_edit_until_confirmed(
    asked, wanfried_editor
):
    cooperation = Cooperation.objects.get(pk=asked.cooperation_id)
    assert wanfried_editor.has_perm("cooperations.read_cooperation", cooperation)
    assert cooperation in selectors.cooperation_list_for_user(user=wanfried_editor)
    assert not wanfried_editor.has_perm("cooperations.edit_cooperation", cooperation)
    assert not wanfried_editor.has_perm(
        "cooperations.read_partner_documents", cooperation
    )
    actions.cooperation_partner_confirm(partner=asked, actor=wanfried_editor)
    cooperation = Cooperation.objects.get(pk=asked.cooperation_id)
    assert wanfried_editor.has_perm("cooperations.edit_cooperation", cooperation)


def test_partner_documents_list_agrees_with_the_rule_for_asked_staff(
    asked, wanfried, private_folder
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cooperations.models import CooperationDocument

    document = actions.cooperation_document_add(
        cooperation=asked.cooperation,
        uploaded_file=SimpleUploadedFile("entwurf.pdf", b"%PDF-1.7\n%%EOF\n"),
        kind="contract",
        title="Entwurf",
        actor=None,
    )
    staff = MembershipFactory(municipality=wanfried, role="viewer").user
    assert not staff.has_perm("cooperations.read_document", document)
    assert document not in CooperationDocument.objects.visible_to(staff)


def test_requests_for_agrees_with_the_consent_rule(asked, roles, wanfried, kreis):
    elsewhere = MunicipalityFactory(kreis=KreisFactory(code="06634"), ags="06634001")
    other = _create(None, elsewhere, [], title="Fremd")
    actions.cooperation_partner_add(
        cooperation=other,
        actor=MembershipFactory(municipality=elsewhere, role="editor").user,
        expected_version=other.version,
        municipality=wanfried,
    )
    users = [
        *roles.values(),
        *[m.user for m in wanfried.memberships.all()],
        UserFactory(is_active=False),
    ]
    for user in filter(None, users):
        listed = set(CooperationPartner.objects.requests_for(user))
        allowed = {
            p
            for p in CooperationPartner.objects.requested()
            if user.has_perm("cooperations.consent_for", p.municipality)
        }
        assert listed == allowed, user


def test_an_asked_municipality_is_not_in_shares_matrix_network_or_filters(
    roles, municipality, other_municipality, wanfried, wanfried_editor
):
    cooperation = _create(None, municipality, [other_municipality], title="Pool")
    version = Cooperation.objects.get(pk=cooperation.pk).version
    actions.cooperation_partner_update(
        partner=cooperation.partners.get(municipality=municipality),
        actor=None,
        expected_version=version,
        cost_share_pct=Decimal("60"),
    )
    partner = actions.cooperation_partner_add(
        cooperation=cooperation,
        actor=roles["editor"],
        expected_version=version + 1,
        municipality=wanfried,
        cost_share_pct=Decimal("40"),
    )
    assert partner.consent == ASKED

    shares = selectors.cost_share_total(
        cooperation=selectors.cooperation_get(pk=cooperation.pk)
    )
    assert (shares.total, shares.recorded, shares.missing, shares.asked) == (
        Decimal("60"), 1, 1, 1,
    )  # fmt: skip
    matrix = selectors.cooperation_matrix(user=None, kreis_code="06636")
    assert {place for place, _sector in matrix.cells} == {
        municipality.pk,
        other_municipality.pk,
    }
    network = selectors.cooperation_network(user=None, kreis_code="06636")
    assert [(p.first, p.second, p.count) for p in network.pairs] == [
        (municipality, other_municipality, 1)
    ]
    found = CooperationFilter(
        {"municipality": wanfried.ags}, queryset=Cooperation.objects.all()
    ).qs
    assert not found.exists()

    actions.cooperation_partner_confirm(partner=partner, actor=wanfried_editor)
    shares = selectors.cost_share_total(
        cooperation=selectors.cooperation_get(pk=cooperation.pk)
    )
    assert (shares.total, shares.asked) == (Decimal("100"), 0)
    matrix = selectors.cooperation_matrix(user=None, kreis_code="06636")
    assert wanfried.pk in {place for place, _sector in matrix.cells}
    assert found.all().exists()


def test_the_regional_report_leaves_out_a_cooperation_only_asked_in_the_kreis(
    roles, wanfried, wanfried_editor
):
    elsewhere = MunicipalityFactory(kreis=KreisFactory(code="06634"), ags="06634001")
    editor = MembershipFactory(municipality=elsewhere, role="editor").user
    cooperation = _create(editor, elsewhere, [wanfried], title="Über die Grenze")

    context = region_context({"kreis": "06636"})
    assert cooperation not in context["cooperations"]
    assert all(not any(cells) for _m, cells in context["matrix_rows"])

    actions.cooperation_partner_confirm(
        partner=cooperation.partners.get(municipality=wanfried), actor=wanfried_editor
    )
    context = region_context({"kreis": "06636"})
    assert cooperation in context["cooperations"]


def test_deadlines_and_the_calendar_count_members_only(
    roles, municipality, wanfried, wanfried_editor
):
    cooperation = _create(
        roles["editor"], municipality, [wanfried], start_date=date(2026, 1, 1),
        minimum_term_months=60, notice_period_months=6,
    )  # fmt: skip
    today = date(2026, 12, 5)
    assert selectors.deadlines_for_user(user=wanfried_editor, today=today) == []
    actions.cooperation_partner_confirm(
        partner=cooperation.partners.get(municipality=wanfried), actor=wanfried_editor
    )
    deadlines = selectors.deadlines_for_user(user=wanfried_editor, today=today)
    assert {c.pk for c, _d in deadlines} == {cooperation.pk}


def test_the_dossier_names_asked_partners_apart(asked):
    from cooperations.reports import dossier_context

    context = dossier_context({"pk": asked.cooperation_id, "documents": "readers"})
    assert [str(p) for p in context["partners"]] == ["Eschwege"]
    assert [str(p) for p in context["asked"]] == ["Wanfried"]


def test_removing_keeps_a_member_municipality(asked, roles, municipality):
    cooperation = Cooperation.objects.get(pk=asked.cooperation_id)
    actions.cooperation_partner_remove(
        partner=asked, actor=roles["editor"], expected_version=cooperation.version
    )
    assert list(cooperation.partners.values_list("municipality", flat=True)) == [
        municipality.pk
    ]


# E-mail


def test_the_request_mails_the_asked_municipality_editors_only(
    mails, roles, municipality, wanfried, wanfried_editor
):
    second = MembershipFactory(
        municipality=wanfried, role="editor", user__email="hauptamt@wanfried.invalid"
    ).user
    MembershipFactory(
        municipality=wanfried, role="viewer", user__email="lesen@wanfried.invalid"
    )
    MembershipFactory(
        municipality=wanfried,
        role="editor",
        user__email="alt@wanfried.invalid",
        user__is_active=False,
    )
    with mails.capture():
        cooperation = _create(roles["editor"], municipality, [wanfried])
    assert len(mails.queued) == 1
    assert mail.outbox == []  # sent by the worker, not in the request

    assert mails.run() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [wanfried_editor.email, second.email]
    )
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert "Wanfried" in message.subject and cooperation.title in message.subject
    assert "/uebersicht/" in message.body
    assert cooperation.get_absolute_url() in message.body


def test_confirmed_partners_send_no_mail_and_an_answered_request_none_later(
    mails, roles, municipality, asked, wanfried_editor
):
    with mails.capture():
        _create(roles["editor"], municipality, [], title="Allein")
    assert mails.queued == []
    actions.cooperation_partner_confirm(partner=asked, actor=wanfried_editor)
    sent = tasks.cooperation_partner_request_send(partner_id=asked.pk)
    assert sent == 0 and mail.outbox == []


def test_a_request_stays_when_the_broker_is_down(
    roles,
    municipality,
    wanfried,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    from kombu.exceptions import OperationalError

    def broker_down(**kwargs):
        raise OperationalError("down")

    monkeypatch.setattr(tasks.cooperation_partner_request_send, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        cooperation = _create(roles["editor"], municipality, [wanfried])
    assert cooperation.partners.get(municipality=wanfried).consent == ASKED
    assert "cooperation_partner_request_send could not be queued" in caplog.text


# Pages


def _answer_url(partner, answer):
    return reverse(
        f"cooperations:cooperation_partner_{answer}",
        args=[partner.cooperation_id, partner.pk],
    )


def test_the_overview_lists_the_request_and_the_editor_confirms(
    client, asked, wanfried_editor
):
    client.force_login(wanfried_editor)
    overview = client.get(reverse("core:dashboard")).content.decode()
    assert "Anfragen zur Teilnahme" in overview
    assert _answer_url(asked, "confirm") in overview

    page = client.get(_answer_url(asked, "confirm"))
    assert page.status_code == 200
    assert "Macht Wanfried bei „Bauhof Werra“ mit?" in page.content.decode()

    response = client.post(_answer_url(asked, "confirm"))
    assert response.status_code == 302
    assert response.url == asked.cooperation.get_absolute_url()
    asked.refresh_from_db()
    assert asked.consent == "confirmed"
    overview = client.get(reverse("core:dashboard")).content.decode()
    assert "Anfragen zur Teilnahme" not in overview


def test_a_decline_with_reason_shows_on_the_cooperation_page(
    client, asked, wanfried_editor, roles
):
    client.force_login(wanfried_editor)
    detail = client.get(asked.cooperation.get_absolute_url()).content.decode()
    assert "Anfrage an Ihre Gemeinde" in detail
    response = client.post(
        _answer_url(asked, "decline"), {"reason": "Wir haben einen eigenen Bauhof."}
    )
    assert response.status_code == 302
    client.force_login(roles["editor"])
    detail = client.get(asked.cooperation.get_absolute_url()).content.decode()
    assert "abgelehnt" in detail
    assert "Wir haben einen eigenen Bauhof." in detail
    assert "Anfrage an Ihre Gemeinde" not in detail


def test_answering_twice_says_so_instead_of_failing_silently(
    client, asked, wanfried_editor
):
    client.force_login(wanfried_editor)
    client.post(_answer_url(asked, "confirm"))
    again = client.post(_answer_url(asked, "decline"), {"reason": ""})
    assert again.status_code == 400
    assert "schon geantwortet" in again.content.decode()


def test_the_partners_page_marks_the_asked_partner_and_leaves_its_share_out(
    client, roles, asked
):
    client.force_login(roles["editor"])
    page = client.get(
        reverse("cooperations:cooperation_partners", args=[asked.cooperation_id])
    ).content.decode()
    assert "angefragt" in page and "ohne angefragte Gemeinden" in page


def test_the_planner_overview_lists_open_requests_of_the_region(client, roles, asked):
    overview = selectors.region_overview(user=roles["planner"], today=date.today())
    assert overview.requests == [asked]
    client.force_login(roles["planner"])
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Offene Anfragen zur Teilnahme" in page
    assert "Wanfried" in page
    # The planner sees the request but does not answer it.
    assert _answer_url(asked, "confirm") not in page


QUERY_BUDGET_DASHBOARD = 14


def _dashboard_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:dashboard")).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_requests(
    client, roles, wanfried, wanfried_editor
):
    def ask(number):
        elsewhere = MunicipalityFactory(
            kreis=KreisFactory(code="06634"), ags=f"0663400{number}"
        )
        editor = MembershipFactory(municipality=elsewhere, role="editor").user
        _create(editor, elsewhere, [wanfried], title=f"Anfrage {number}")

    ask(1)
    one = _dashboard_queries(client, wanfried_editor)
    for number in range(2, 7):
        ask(number)
    six = _dashboard_queries(client, wanfried_editor)
    assert six == one
    assert six <= QUERY_BUDGET_DASHBOARD


# Measured: 8 for the page, 21 for the answer (lock, version, full_clean's
# checks, data versions, history row); a query per partner would exceed them.
QUERY_BUDGET_PAGE, QUERY_BUDGET_ANSWER = 10, 22


@pytest.mark.parametrize("answer", ["confirm", "decline"])
def test_answer_pages_keep_to_a_query_budget(client, asked, wanfried_editor, answer):
    client.force_login(wanfried_editor)
    with CaptureQueriesContext(connection) as page:
        assert client.get(_answer_url(asked, answer)).status_code == 200
    with CaptureQueriesContext(connection) as post:
        assert client.post(_answer_url(asked, answer)).status_code == 302
    assert len(page) <= QUERY_BUDGET_PAGE, len(page)
    assert len(post) <= QUERY_BUDGET_ANSWER, len(post)


def test_decided_waits_for_every_asked_municipality(asked, roles, wanfried_editor):
    cooperation = Cooperation.objects.get(pk=asked.cooperation_id)
    cooperation.partners.update(resolution_missing_reason="Test")
    with pytest.raises(ValidationError, match="Noch offen: Wanfried"):
        actions.cooperation_status_set(
            cooperation=cooperation, status="decided", actor=roles["editor"],
            expected_version=cooperation.version,
        )  # fmt: skip
    actions.cooperation_partner_decline(partner=asked, actor=wanfried_editor)
    cooperation.refresh_from_db()
    actions.cooperation_status_set(
        cooperation=cooperation, status="decided", actor=roles["editor"],
        expected_version=cooperation.version,
    )  # fmt: skip
    assert Cooperation.objects.get(pk=cooperation.pk).status == "decided"


def test_the_demo_has_one_open_request_for_witzenhausen(db, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from lebenswert.accounts.models import User

    monkeypatch.delenv("GV100AD_FILE", raising=False)
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent
    witzenhausen = User.objects.get(email="witzenhausen@demo.lebenswert.invalid")
    [request] = selectors.partner_request_list_for_user(user=witzenhausen)
    assert request.cooperation.is_example
    assert request.cooperation.lead.ags == "06636003"


def test_shares_of_asked_partners_are_kept_free_until_they_decline(
    roles, municipality, asked, wanfried_editor
):
    cooperation = Cooperation.objects.get(pk=asked.cooperation_id)
    actions.cooperation_partner_update(
        partner=asked, actor=roles["editor"], expected_version=cooperation.version,
        cost_share_pct=Decimal("40"),
    )  # fmt: skip
    own = cooperation.partners.get(municipality=municipality)
    cooperation.refresh_from_db()
    with pytest.raises(ValidationError, match="mehr als 100"):
        actions.cooperation_partner_update(
            partner=own, actor=roles["editor"], expected_version=cooperation.version,
            cost_share_pct=Decimal("100"),
        )  # fmt: skip
    actions.cooperation_partner_decline(partner=asked, actor=wanfried_editor)
    cooperation.refresh_from_db()
    actions.cooperation_partner_update(
        partner=own, actor=roles["editor"], expected_version=cooperation.version,
        cost_share_pct=Decimal("100"),
    )  # fmt: skip
    shares = selectors.cost_share_total(
        cooperation=selectors.cooperation_get(pk=cooperation.pk)
    )
    assert shares.complete
