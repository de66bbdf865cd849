import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from cooperations import actions
from cooperations.models import Cooperation
from tests.factories import MunicipalityFactory


def _cooperations(kreis, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        partner = MunicipalityFactory(
            kreis=kreis, ags=f"{kreis.code}{number + 100:03d}"
        )
        actions.cooperation_create(
            actor=None, title=f"Kooperation {number:03d}", task="Wasser",
            partners=[partner], status="exploring",
        )  # fmt: skip


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(
    "path", ["/kooperationen/", "/kooperationen/?status=exploring"]
)
def test_list_query_count_does_not_grow_with_cooperations(client, roles, kreis, path):
    _cooperations(kreis, 3)
    client.force_login(roles["planner"])
    small = _queries(client, path)
    _cooperations(kreis, 40, start=3)
    assert _queries(client, path) == small <= 12


def test_detail_query_count_does_not_grow_with_partners(client, roles, kreis):
    partners = [
        MunicipalityFactory(kreis=kreis, ags=f"{kreis.code}{n + 100:03d}")
        for n in range(30)
    ]
    few = actions.cooperation_create(
        actor=None, title="Wenige", task="Wasser", partners=partners[:2]
    )
    many = actions.cooperation_create(
        actor=None, title="Viele", task="Wasser", partners=partners
    )
    client.force_login(roles["planner"])
    assert _queries(client, few.get_absolute_url()) == _queries(
        client, many.get_absolute_url()
    )


def test_create_form_refuses_an_end_before_the_start(client, roles, municipality):
    client.force_login(roles["editor"])
    response = client.post(
        reverse("cooperations:cooperation_create"),
        {
            "title": "Bauhof", "task": "Gemeinsamer Bauhof", "status": "idea",
            "lead": municipality.pk, "partners": [municipality.pk],
            "start_date": "2026-05-01", "end_date": "2026-01-01",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen" in response.content.decode()
    assert not Cooperation.objects.exists()


def test_editor_creates_a_cooperation_and_activates_it_step_by_step(
    client, roles, municipality, other_municipality
):
    client.force_login(roles["editor"])
    response = client.post(
        reverse("cooperations:cooperation_create"),
        {
            "title": "Dienstleistungspool Abwasser", "task": "Rufbereitschaft",
            "status": "negotiating", "lead": municipality.pk,
            "partners": [other_municipality.pk], "start_date": "2026-01-01",
            "minimum_term_months": 60, "notice_period_months": 6,
        },
    )  # fmt: skip
    cooperation = Cooperation.objects.get()
    assert response.url == cooperation.get_absolute_url()
    # Witzenhausen was only asked (issue 15, item 4): its editor agrees.
    asked = cooperation.partners.get(municipality=other_municipality)
    client.force_login(roles["other_staff"])
    client.post(
        reverse(
            "cooperations:cooperation_partner_confirm", args=[cooperation.pk, asked.pk]
        )
    )
    client.force_login(roles["editor"])
    status_url = reverse("cooperations:cooperation_status_set", args=[cooperation.pk])
    # The councils decide: each partner's resolution is entered, then the steps.
    for partner in cooperation.partners.all():
        cooperation.refresh_from_db()
        client.post(
            reverse(
                "cooperations:cooperation_partner_update",
                args=[cooperation.pk, partner.pk],
            ),
            {
                "resolution_date": "2025-11-20",
                "resolution_reference": "StVV 41/2025",
                "version": cooperation.version,
            },
        )
    for status in ("decided", "active"):
        cooperation.refresh_from_db()
        client.post(status_url, {"status": status, "version": cooperation.version})
    cooperation.refresh_from_db()
    assert cooperation.status == "active"
    # An outdated form (the old version) is refused, the status stays.
    client.post(
        status_url,
        {"status": "ended", "confirmed": "on", "version": cooperation.version - 1},
    )
    cooperation.refresh_from_db()
    assert cooperation.status == "active"
    assert cooperation.end_date is None and cooperation.start_date == date(2026, 1, 1)


def test_ending_a_cooperation_asks_first_and_nothing_is_preselected(
    client, roles, municipality, other_municipality
):
    """Issue 15, item 1: one click no longer ends an active cooperation."""
    cooperation = actions.cooperation_create(
        actor=None, title="Bauhof", task="Bauhof", lead=municipality,
        partners=[other_municipality], status="active",
        start_date=date(2026, 1, 1),
    )  # fmt: skip
    client.force_login(roles["editor"])
    detail = client.get(cooperation.get_absolute_url()).content.decode()
    select = re.search(r'<select name="status".*?</select>', detail, re.S).group()
    assert "selected" in select.split("</option>")[0]  # the empty choice
    assert 'value="ended" selected' not in select

    url = reverse("cooperations:cooperation_status_set", args=[cooperation.pk])
    question = client.post(url, {"status": "ended", "version": cooperation.version})

    assert question.status_code == 200
    page = question.content.decode()
    assert "„Bauhof“ beenden?" in page and "nicht zurücknehmen" in page
    cooperation.refresh_from_db()
    assert cooperation.status == "active"

    client.post(
        url, {"status": "ended", "confirmed": "on", "version": cooperation.version}
    )
    cooperation.refresh_from_db()
    assert cooperation.status == "ended"


def test_matrix_query_count_does_not_grow_and_cells_name_cooperations(
    client, roles, kreis
):
    _cooperations(kreis, 3)
    client.force_login(roles["planner"])
    path = "/kooperationen/matrix/?kreis=06636"
    small = _queries(client, path)
    _cooperations(kreis, 40, start=3)
    assert _queries(client, path) == small <= 12
    page = client.get(path).content.decode()
    assert "Kooperation 042" in page and "ohne Sektor" in page


def test_calendar_feed_lists_my_deadlines_and_a_new_address_revokes_the_old(
    client, roles, municipality
):
    from lebenswert.accounts.actions import calendar_token_reset

    actions.cooperation_create(
        actor=roles["editor"], title="Bauhof; gemeinsam, mit Wanfried",
        task="Bauhof", partners=[municipality], start_date=date(2030, 1, 1),
        minimum_term_months=60, notice_period_months=6,
    )  # fmt: skip
    old = calendar_token_reset(user=roles["editor"])
    response = client.get(f"/kooperationen/kalender/{old}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=900"
    assert (
        response["Content-Disposition"] == 'inline; filename="lebenswert-fristen.ics"'
    )
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    events = {
        event.start: str(event["SUMMARY"]) for event in Calendar.from_ical(body).events
    }
    # Notice for the end of 2034, then the end of the minimum term itself.
    assert events[date(2034, 6, 30)].endswith(": Bauhof; gemeinsam, mit Wanfried")
    assert events[date(2034, 12, 31)].endswith(": Bauhof; gemeinsam, mit Wanfried")

    new = calendar_token_reset(user=roles["editor"])
    assert client.get(f"/kooperationen/kalender/{old}.ics").status_code == 404
    assert client.get(f"/kooperationen/kalender/{new}.ics").status_code == 200


def test_calendar_feed_query_count_does_not_grow_with_deadlines(
    client, roles, municipality
):
    from lebenswert.accounts.actions import calendar_token_reset

    def create(count: int, start: int = 0) -> None:
        for number in range(start, start + count):
            actions.cooperation_create(
                actor=roles["editor"], title=f"Kooperation {number:03d}",
                task="Bauhof", partners=[municipality], start_date=date(2030, 1, 1),
                minimum_term_months=60, notice_period_months=6,
            )  # fmt: skip

    path = reverse(
        "cooperations:calendar_feed", args=[calendar_token_reset(user=roles["editor"])]
    )
    create(2)
    small = _queries(client, path)
    create(30, start=2)
    # The account, the data versions and its roles (from the cache in production,
    # none here), the cooperations, their fundings.
    assert _queries(client, path) == small <= 5
    assert len(Calendar.from_ical(client.get(path).content).events) == 64


def test_gaps_leave_out_cooperating_and_externally_served_municipalities(
    client, roles, municipality, other_municipality, kreis
):
    from services import actions as service_actions
    from services.models import Sector

    water = Sector.objects.get(code="wasserversorgung")
    third = MunicipalityFactory(kreis=kreis, ags="06636013", name="Wanfried, Stadt")
    actions.cooperation_create(
        actor=None, title="Wasser", task="Wasser", partners=[municipality],
        sectors=[water],
    )  # fmt: skip
    service_actions.provision_set(
        municipality=other_municipality, sector=water, actor=None,
        provider_type="zweckverband", provider_name="Verband",
    )  # fmt: skip
    client.force_login(roles["planner"])
    path = "/kooperationen/luecken/?kreis=06636"
    gaps = dict(client.get(path).context["gaps"])
    assert [m.ags for m in gaps[water]] == [third.ags]
    assert _queries(client, path) <= 12


def test_network_map_draws_a_line_per_pair_and_a_link_per_place(
    client, roles, municipality, other_municipality, kreis
):
    from decimal import Decimal

    for place, (lat, lon) in (
        (municipality, ("51.185804", "10.057981")),
        (other_municipality, ("51.341392", "9.858869")),
    ):
        place.latitude, place.longitude = Decimal(lat), Decimal(lon)
        place.save()
    for title in ["Bauhof", "Winterdienst"]:
        actions.cooperation_create(
            actor=None, title=title, task=title, lead=municipality,
            partners=[other_municipality],
        )  # fmt: skip
    _cooperations(kreis, 20)
    client.force_login(roles["planner"])
    path = "/kooperationen/netz/?kreis=06636"
    page = client.get(path).content.decode()
    assert page.count('class="network-link') == 1
    assert 'class="network-link network-other network-w2"' in page
    assert 'aria-label="' + municipality.short_name + '"' in page
    assert "<title>Eschwege – Witzenhausen: 2 Kooperationen</title>" in page
    assert _queries(client, path) <= 12


@pytest.mark.parametrize("page", ["matrix", "luecken", "netz"])
def test_kreis_pages_ask_a_user_without_a_kreis_to_choose_one(
    client, roles, municipality, page
):
    client.force_login(roles["admin"])
    response = client.get(f"/kooperationen/{page}/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "pages/kreis_choice.html"
    assert '<option value="06636">Werra-Meißner-Kreis</option>' in (
        response.content.decode()
    )
    chosen = client.get(f"/kooperationen/{page}/?kreis=06636")
    assert chosen.status_code == 200 and chosen.context["kreis"].code == "06636"


def test_partner_suggestions_ask_a_user_without_a_kreis_to_choose_one(
    client, roles, municipality
):
    client.force_login(roles["admin"])
    response = client.get("/vergleich/partner/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "pages/kreis_choice.html"
    chosen = client.get("/vergleich/partner/?kreis=06636&sektor=abwasser")
    assert chosen.status_code == 200
    assert chosen.context["suggestions"].municipality == municipality


def test_register_and_matrix_link_each_cooperation_to_its_page(
    client, roles, municipality, other_municipality
):
    """The list and the matrix build the links from the register's address (one
    reverse() a page): they must equal the cooperation's own address."""
    cooperation = actions.cooperation_create(
        actor=None, title="Winterdienst", task="Bauhof", lead=municipality,
        partners=[other_municipality], status="exploring",
    )  # fmt: skip
    link = f'href="{cooperation.get_absolute_url()}"'
    client.force_login(roles["planner"])
    for path in ["/kooperationen/", "/kooperationen/matrix/?kreis=06636"]:
        assert link in client.get(path).content.decode(), path
