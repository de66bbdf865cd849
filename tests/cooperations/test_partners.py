"""Managing a cooperation's partners: shares, contacts, resolutions, removal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperations import actions
from cooperations.models import Cooperation, CooperationPartner
from lebenswert.audit.models import Change
from lebenswert.core.concurrency import EditConflict
from services.models import PartnerOrganisation
from tests.factories import MunicipalityFactory


@pytest.fixture
def cooperation(roles, municipality):
    return actions.cooperation_create(
        actor=roles["editor"],
        title="Bauhof-Kooperation",
        task="Gemeinsamer Winterdienst",
        lead=municipality,
        partners=[],
        status=Cooperation.Status.NEGOTIATING,
    )


@pytest.fixture
def wanfried(kreis):
    return MunicipalityFactory(kreis=kreis, ags="06636013", name="Wanfried, Stadt")


def _page(cooperation):
    return reverse("cooperations:cooperation_partners", args=[cooperation.pk])


def test_an_editor_adds_a_partner_with_share_contact_and_resolution(
    client, roles, cooperation, wanfried
):
    client.force_login(roles["editor"])
    response = client.post(
        _page(cooperation),
        {
            "version": cooperation.version, "municipality": wanfried.ags,
            "role": "Bauhof", "cost_share_pct": "37,5",
            "contact_name": "Frau Beispiel", "contact_email": "bauhof@wanfried.invalid",
            "resolution_date": "2026-03-12", "resolution_reference": "StVV 12/2026",
        },
    )  # fmt: skip
    assert response.status_code == 302
    partner = cooperation.partners.get(municipality=wanfried)
    assert partner.cost_share_pct == Decimal("37.5")
    assert partner.resolution_date == date(2026, 3, 12)
    page = client.get(_page(cooperation)).content.decode()
    assert "bauhof@wanfried.invalid" in page and "StVV 12/2026" in page
    assert "12.03.2026" in page
    change = Change.objects.for_object(cooperation).first()
    assert "Wanfried" in change.changes["partner"][1]
    assert "37,5\u202f%" in change.changes["partner"][1]
    cooperation.refresh_from_db()
    assert cooperation.version == 2


def test_a_partner_organisation_joins_and_a_choice_of_both_is_refused(
    client, roles, cooperation, wanfried
):
    kreis = PartnerOrganisation.objects.create(
        name="Werra-Meißner-Kreis", type=PartnerOrganisation.Type.LANDKREIS
    )
    client.force_login(roles["editor"])
    both = client.post(
        _page(cooperation),
        {"version": 1, "municipality": wanfried.ags, "organisation": kreis.pk},
    )
    assert both.status_code == 200
    assert "entweder eine Gemeinde oder eine Partnerorganisation" in (
        both.content.decode()
    )
    assert cooperation.partners.count() == 1
    client.post(_page(cooperation), {"version": 1, "organisation": kreis.pk})
    assert cooperation.partners.filter(organisation=kreis).exists()


def test_cost_shares_above_100_percent_are_refused_and_nothing_is_written(
    roles, cooperation, wanfried
):
    lead = cooperation.partners.get()
    actions.cooperation_partner_update(
        partner=lead, actor=roles["editor"], expected_version=1,
        cost_share_pct=Decimal("70"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="zusammen 110 %"):
        actions.cooperation_partner_add(
            cooperation=cooperation, actor=roles["editor"], expected_version=2,
            municipality=wanfried, cost_share_pct=Decimal("40"),
        )  # fmt: skip
    assert not cooperation.partners.filter(municipality=wanfried).exists()
    cooperation.refresh_from_db()
    assert cooperation.version == 2


def test_an_outdated_partner_form_is_a_conflict_not_an_overwrite(
    client, roles, cooperation
):
    lead = cooperation.partners.get()
    url = reverse(
        "cooperations:cooperation_partner_update", args=[cooperation.pk, lead.pk]
    )
    client.force_login(roles["editor"])
    # Someone else saved the share after this form was opened at version 1.
    actions.cooperation_partner_update(
        partner=lead, actor=roles["admin"], expected_version=1,
        cost_share_pct=Decimal("100"),
    )  # fmt: skip
    response = client.post(url, {"version": 1, "cost_share_pct": "50"})
    assert response.status_code == 409
    assert "wurde nicht gespeichert" in response.content.decode()
    lead.refresh_from_db()
    assert lead.cost_share_pct == Decimal("100")


def test_removing_keeps_the_lead_and_partners_with_savings(
    client, roles, cooperation, wanfried
):
    other = actions.cooperation_partner_add(
        cooperation=cooperation, actor=None, expected_version=1, municipality=wanfried
    )
    lead = cooperation.partners.get(municipality=cooperation.lead)
    client.force_login(roles["editor"])

    def remove(partner):
        cooperation.refresh_from_db()
        url = reverse(
            "cooperations:cooperation_partner_remove",
            args=[cooperation.pk, partner.pk],
        )
        response = client.post(url, {"version": cooperation.version}, follow=True)
        return response.content.decode()

    assert "federführende Gemeinde bleibt Partner" in remove(lead)
    actions.savings_entry_set(
        partner=other, year=2025, cost_before=Decimal(100), cost_after=Decimal(80),
        source="HH 2025", actor=None,
    )  # fmt: skip
    assert "Einsparungen eingetragen" in remove(other)
    assert cooperation.partners.count() == 2
    other.savings.all().delete()
    assert "ist nicht mehr Partner" in remove(other)
    assert list(cooperation.partners.all()) == [lead]
    removal = Change.objects.for_object(cooperation).first()
    assert removal.changes["partner"] == ["Wanfried", None]


def test_partner_page_query_count_does_not_grow_with_partners(
    client, roles, cooperation, kreis
):
    client.force_login(roles["editor"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(_page(cooperation)).status_code == 200
    for number in range(25):
        CooperationPartner.objects.create(
            cooperation=cooperation,
            municipality=MunicipalityFactory(kreis=kreis, ags=f"06636{number + 200}"),
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(_page(cooperation)).status_code == 200
    assert len(many) == len(few)


def test_partners_may_come_from_a_neighbouring_kreis(client, roles, cooperation):
    from tests.factories import KreisFactory

    neighbour = MunicipalityFactory(
        kreis=KreisFactory(code="06634", name="Schwalm-Eder-Kreis"), ags="06634001"
    )
    client.force_login(roles["editor"])
    # Typed by name (or AGS), not picked from a list of the user's Kreise.
    response = client.post(
        _page(cooperation), {"version": 1, "municipality": neighbour.short_name}
    )
    assert response.status_code == 302
    assert cooperation.partners.filter(municipality=neighbour).exists()


def test_a_partner_update_with_an_outdated_version_raises(roles, cooperation):
    lead = cooperation.partners.get()
    with pytest.raises(EditConflict):
        actions.cooperation_partner_update(
            partner=lead, actor=None, expected_version=7, role="Kasse"
        )
