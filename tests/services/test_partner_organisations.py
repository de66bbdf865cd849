"""A second entry of the same partner organisation is caught (issue 15, item 16)."""

import pytest
from django.urls import reverse

from services.forms import PartnerOrganisationAdminForm
from services.models import PartnerOrganisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def verband():
    return PartnerOrganisation.objects.create(
        name="Zweckverband Meißner-Verbandswasserwerk",
        type=PartnerOrganisation.Type.ZWECKVERBAND,
        address="Am Wasserwerk 1\n37269 Eschwege",
    )


def _form(**data):
    fields = {"name": "", "type": "zweckverband", "address": "", **data}
    return PartnerOrganisationAdminForm(data=fields)


@pytest.mark.parametrize(
    "name, address",
    [
        ("Zweckverband Meißner-Verbandswasserwerk", "Postfach 12\n37269 Eschwege"),
        ("zweckverband  meißner verbandswasserwerk", "37269 ESCHWEGE"),
        ("Zweckverband Meißner-Verbandswasserwerk", ""),  # place unknown
    ],
)
def test_same_name_and_place_is_refused_with_the_existing_entry_named(
    verband, name, address
):
    form = _form(name=name, address=address)
    assert not form.is_valid()
    message = form.non_field_errors()[0]
    assert "gibt es vielleicht schon" in message
    assert "„Zweckverband Meißner-Verbandswasserwerk“ (Am Wasserwerk 1)" in message


def test_confirming_saves_the_other_organisation(verband):
    form = _form(name=verband.name, address="37269 Eschwege", confirm_duplicate="on")
    assert form.is_valid(), form.errors
    form.save()
    assert PartnerOrganisation.objects.filter(name=verband.name).count() == 2


def test_same_name_elsewhere_and_other_names_pass(verband):
    assert _form(name=verband.name, address="36205 Sontra").is_valid()
    assert _form(name="Stadtwerke Eschwege", address="37269 Eschwege").is_valid()


def test_editing_the_organisation_itself_is_no_duplicate(verband):
    form = PartnerOrganisationAdminForm(
        instance=verband,
        data={"name": verband.name, "type": verband.type, "address": verband.address},
    )
    assert form.is_valid(), form.errors


def test_the_admin_shows_the_warning_and_saves_nothing(client, roles, verband):
    client.force_login(roles["admin"])
    response = client.post(
        reverse("admin:services_partnerorganisation_add"),
        {"name": verband.name, "type": "zweckverband", "address": "37269 Eschwege"},
    )
    assert response.status_code == 200
    assert "gibt es vielleicht schon" in response.content.decode()
    assert PartnerOrganisation.objects.count() == 1
