from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lebenswert.audit.models import Change
from lebenswert.core.concurrency import EditConflict
from services import actions
from services.models import Indicator, IndicatorValue, Sector, ServiceProvision


@pytest.fixture
def water_price(db):
    return Indicator.objects.get(code="water_price_m3")


def _set(municipality, indicator, value, *, actor=None, version=None, year=2024):
    return actions.indicator_value_set(
        municipality=municipality, indicator=indicator, year=year, value=Decimal(value),
        source="Gebührensatzung", actor=actor, expected_version=version,
    )  # fmt: skip


def test_indicator_value_set_records_who_and_the_old_and_new_value(
    roles, municipality, water_price
):
    editor = roles["editor"]
    first = _set(municipality, water_price, "2.05", actor=editor)
    _set(municipality, water_price, "2.30", actor=editor, version=first.version)

    changes = list(Change.objects.for_object(first).order_by("at", "id"))
    assert [c.action for c in changes] == ["create", "update"]
    assert changes[1].changes["value"] == ["2.05", "2.3"]
    assert changes[1].actor == editor
    assert changes[1].municipality_ags == municipality.ags


def test_second_editor_with_an_outdated_version_is_refused(
    roles, municipality, water_price
):
    original = _set(municipality, water_price, "2.05", actor=roles["editor"])
    seen_by_both = original.version
    _set(municipality, water_price, "2.30", actor=roles["editor"], version=seen_by_both)

    with pytest.raises(EditConflict) as conflict:
        _set(
            municipality,
            water_price,
            "9.99",
            actor=roles["admin"],
            version=seen_by_both,
        )

    assert conflict.value.last_change.changes["value"] == ["2.05", "2.3"]
    assert IndicatorValue.objects.get().value == Decimal("2.30")


def test_creating_a_value_that_someone_else_just_created_is_a_conflict(
    roles, municipality, water_price
):
    _set(municipality, water_price, "2.05", actor=roles["editor"])
    with pytest.raises(EditConflict):
        _set(municipality, water_price, "2.10", actor=roles["admin"], version=None)
    assert IndicatorValue.objects.get().value == Decimal("2.05")


def test_implausible_value_is_refused_and_nothing_is_written(municipality, water_price):
    with pytest.raises(ValidationError, match="plausiblen Bereichs"):
        _set(municipality, water_price, "150")
    assert not IndicatorValue.objects.exists()
    assert not Change.objects.exists()


def test_plausibility_message_writes_numbers_as_german_pages_do(
    municipality, water_price
):
    water_price.minimum, water_price.maximum = Decimal("0.5"), Decimal("1E+2")
    water_price.save()
    with pytest.raises(ValidationError) as error:
        _set(municipality, water_price, "1234.5")
    [message] = error.value.message_dict["value"]
    assert message.startswith("1.234,5 €/m³ liegt außerhalb")
    assert "Bereichs 0,5–100 €/m³." in message


def test_unchanged_save_records_no_history(municipality, water_price):
    value = _set(municipality, water_price, "2.05")
    _set(municipality, water_price, "2.05", version=value.version)
    assert Change.objects.count() == 1


def test_delete_keeps_the_facts_in_the_history(roles, municipality, water_price):
    value = _set(municipality, water_price, "2.05", actor=roles["editor"])
    actions.indicator_value_delete(
        indicator_value=value, actor=roles["editor"], expected_version=value.version
    )
    assert not IndicatorValue.objects.exists()
    deleted = Change.objects.get(action="delete")
    assert deleted.changes["value"] == ["2.05", None]


def test_provision_set_creates_updates_and_detects_conflicts(roles, municipality):
    sector = Sector.objects.get(code="abwasser")
    provision = actions.provision_set(
        municipality=municipality, sector=sector, actor=roles["editor"],
        provider_type=ServiceProvision.ProviderType.ZWECKVERBAND,
        provider_name="Abwasserverband Wehretal-Sontratal",
    )  # fmt: skip
    actions.provision_set(
        municipality=municipality, sector=sector, actor=roles["editor"],
        expected_version=provision.version, staff_fte=Decimal("3.5"),
    )  # fmt: skip
    with pytest.raises(EditConflict):
        actions.provision_set(
            municipality=municipality, sector=sector, actor=roles["admin"],
            expected_version=provision.version, staff_fte=Decimal("9"),
        )  # fmt: skip
    provision.refresh_from_db()
    assert provision.staff_fte == Decimal("3.5") and provision.version == 2


def test_a_recorded_zweckverband_is_named_as_provider(client, roles, municipality):
    from services.models import PartnerOrganisation

    verband = PartnerOrganisation.objects.create(
        name="Zweckverband Meißner-Verbandswasserwerk",
        type=PartnerOrganisation.Type.ZWECKVERBAND,
    )
    sector = Sector.objects.get(code="wasserversorgung")
    with pytest.raises(ValidationError, match="keinen fremden Träger"):
        actions.provision_set(
            municipality=municipality, sector=sector, actor=roles["editor"],
            provider_type=ServiceProvision.ProviderType.REGIEBETRIEB,
            provider_organisation=verband,
        )  # fmt: skip
    assert not ServiceProvision.objects.exists()
    provision = actions.provision_set(
        municipality=municipality, sector=sector, actor=roles["editor"],
        provider_type=ServiceProvision.ProviderType.ZWECKVERBAND,
        provider_organisation=verband,
    )  # fmt: skip
    assert provision.provider_label == "Zweckverband Meißner-Verbandswasserwerk"
    assert list(verband.service_provisions.all()) == [provision]
    client.force_login(roles["viewer"])
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert "Zweckverband – Zweckverband Meißner-Verbandswasserwerk" in page
