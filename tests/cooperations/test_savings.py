from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cooperations import actions, selectors
from cooperations.models import FundingProgramme


@pytest.fixture
def cooperation(roles, municipality, other_municipality):
    return actions.cooperation_create(
        actor=None, title="Pool", task="Abwasser", lead=municipality,
        partners=[other_municipality], start_date=date(2025, 1, 1),
    )  # fmt: skip


def _partner(cooperation, municipality):
    return cooperation.partners.get(municipality=municipality)


def test_ledger_warns_where_the_funding_target_is_missed(
    cooperation, municipality, other_municipality, roles
):
    actions.funding_add(
        cooperation=cooperation,
        programme=FundingProgramme.objects.get(code="hessen-ikz"),
        amount=Decimal("50000"), granted_on=date(2025, 3, 1), obligations="",
        actor=roles["editor"],
    )  # fmt: skip
    actions.savings_entry_set(
        partner=_partner(cooperation, municipality), year=2025,
        cost_before=Decimal("100000"), cost_after=Decimal("80000"), source="HH 2025",
        actor=roles["editor"],
    )  # fmt: skip
    actions.savings_entry_set(
        partner=_partner(cooperation, other_municipality), year=2025,
        cost_before=Decimal("50000"), cost_after=Decimal("45000"), source="HH 2025",
        actor=roles["editor"],
    )  # fmt: skip
    cooperation = selectors.cooperation_get(pk=cooperation.pk)
    ledger = selectors.savings_ledger(cooperation=cooperation)
    rows = {
        entry.partner.municipality.ags: (entry, missed)
        for entry, missed in ledger.rows()
    }

    assert ledger.target_pct == Decimal("15")
    assert rows[municipality.ags][0].savings_pct == Decimal("20.0")
    assert rows[municipality.ags][1] is False
    assert rows[other_municipality.ags][0].savings_pct == Decimal("10.0")
    assert rows[other_municipality.ags][1] is True
    assert ledger.total_pct == Decimal("16.7")
    # The funding obligation (5 years) is a deadline.
    kinds = {d.kind: d.date for d in selectors.cooperation_deadlines(
        cooperation=cooperation, today=date(2026, 1, 1))}  # fmt: skip
    assert kinds["funding"] == date(2030, 2, 28)


def test_a_year_is_recorded_once_per_partner_and_corrections_replace_it(
    cooperation, municipality
):
    partner = _partner(cooperation, municipality)
    for after in ("90000", "85000"):
        actions.savings_entry_set(
            partner=partner, year=2025, cost_before=Decimal("100000"),
            cost_after=Decimal(after), source="HH", actor=None,
        )  # fmt: skip
    assert partner.savings.get().cost_after == Decimal("85000")


def test_negative_costs_are_refused(cooperation, municipality):
    with pytest.raises(ValidationError):
        actions.savings_entry_set(
            partner=_partner(cooperation, municipality), year=2025,
            cost_before=Decimal("-1"), cost_after=Decimal("0"), source="x", actor=None,
        )  # fmt: skip


def test_detail_page_shows_the_ledger_and_the_warning(
    client, cooperation, municipality, roles
):
    client.force_login(roles["editor"])
    client.post(
        f"/kooperationen/{cooperation.pk}/foerderung/",
        {"programme": FundingProgramme.objects.get(code="hessen-ikz").pk,
         "amount": "50.000", "granted_on": "2025-03-01"},
    )  # fmt: skip
    client.post(
        f"/kooperationen/{cooperation.pk}/einsparungen/",
        {"partner": _partner(cooperation, municipality).pk, "year": 2025,
         "cost_before": "100.000", "cost_after": "95.000", "source": "HH 2025"},
    )  # fmt: skip
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Ziel verfehlt" in page and "mindestens 15\u202f%" in page
