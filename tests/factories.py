"""Test data, built through the same models and actions the product uses."""

import factory

from lebenswert.accounts.models import User
from municipalities.models import (
    CensusBasis,
    Gemeindeverband,
    Kreis,
    Land,
    Membership,
    Municipality,
    PlannerAssignment,
    PopulationFigure,
    Regierungsbezirk,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class LandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Land
        django_get_or_create = ["code"]

    code = "06"
    name = "Hessen"


class RegierungsbezirkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regierungsbezirk
        django_get_or_create = ["code"]

    code = "066"
    land = factory.SubFactory(LandFactory)
    name = "Reg.-Bez. Kassel"


class KreisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kreis
        django_get_or_create = ["code"]

    code = "06636"
    land = factory.SubFactory(LandFactory)
    regierungsbezirk = factory.SubFactory(RegierungsbezirkFactory)
    name = "Werra-Meißner-Kreis"
    type = Kreis.Type.LANDKREIS


class GemeindeverbandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeindeverband
        django_get_or_create = ["code"]

    kreis = factory.SubFactory(KreisFactory)
    code = factory.Sequence(lambda n: f"06636{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Verband {n}")
    type = Gemeindeverband.Type.VERBANDSFREI


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    kreis = factory.SubFactory(KreisFactory)
    ags = factory.Sequence(lambda n: f"{'06636'}{(n % 899) + 100:03d}")
    verband = factory.LazyAttribute(
        lambda o: GemeindeverbandFactory(
            kreis=o.kreis, code=f"{o.kreis.code}0{o.ags[5:]}"
        )
    )
    ars = factory.LazyAttribute(lambda o: f"{o.kreis.code}0{o.ags[5:]}{o.ags[5:]}")
    name = factory.Sequence(lambda n: f"Testgemeinde {n}, Stadt")
    short_name = factory.LazyAttribute(lambda o: o.name.split(",")[0])
    type = Municipality.Type.STADT
    population = 5000
    population_basis = CensusBasis.ZENSUS_2022
    area_km2 = 50
    source = "Testdaten"


class PopulationFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    municipality = factory.SubFactory(MunicipalityFactory)
    population = 5000
    basis = CensusBasis.ZENSUS_2022
    source = "Testdaten"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Membership.Role.VIEWER


class PlannerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannerAssignment

    user = factory.SubFactory(UserFactory)
    kreis = factory.SubFactory(KreisFactory)
