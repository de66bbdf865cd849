"""A cooperation's form comes from the law of its lead municipality's Land: the
form list offers that Land's forms, not all 100 of the 13 Länder (issue 14)."""

import pytest

from cooperations.forms import CooperationForm
from cooperations.models import OrganisationalForm
from municipalities.models import Land, Municipality
from tests.factories import (
    KreisFactory,
    MunicipalityFactory,
    RegierungsbezirkFactory,
)

pytestmark = pytest.mark.django_db


def test_the_form_list_holds_the_lands_forms_by_name(municipality):
    form = CooperationForm(
        municipalities=Municipality.objects.filter(pk=municipality.pk)
    )
    offered = list(form.fields["form"].queryset)
    assert offered and {f.land_id for f in offered} == {municipality.kreis.land_id}
    labels = [label for _value, label in form.fields["form"].choices][1:]
    assert "Zweckverband" in labels  # one Land: no Land in the name


def test_a_form_of_another_land_is_refused_with_both_lands_named(municipality):
    bayern = Land.objects.get(code="09")
    bezirk = RegierungsbezirkFactory(code="091", land=bayern)
    MunicipalityFactory(
        ags="09162000",
        kreis=KreisFactory(code="09162", land=bayern, regierungsbezirk=bezirk),
    )
    bavarian = OrganisationalForm.objects.filter(land=bayern).first()
    form = CooperationForm(
        data={
            "title": "Bauhof", "task": "Bauhof", "status": "idea",
            "lead": municipality.pk, "partners": [municipality.pk],
            "form": bavarian.pk,
        },
        municipalities=Municipality.objects.all(),
    )  # fmt: skip
    labels = [label for _value, label in form.fields["form"].choices]
    assert "Zweckverband (Bayern)" in labels and "Zweckverband (Hessen)" in labels
    assert not form.is_valid()
    message = form.errors["form"][0]
    # Offered (the list spans the Länder of all municipalities) but refused.
    assert "Bayern" in message and municipality.short_name in message
