"""What the API shows of each row: public data only (never contact persons)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperations.models import (
    Cooperation,
    CooperationPartner,
    FundingProgramme,
    OrganisationalForm,
)
from municipalities.models import Municipality, PopulationFigure
from services.models import Indicator, IndicatorValue


class LandSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class KreisSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PopulationSerializer(serializers.Serializer):
    """An official population figure with its reference date, census basis and
    source."""

    value = serializers.IntegerField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    basis = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)


class PopulationFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = PopulationFigure
        fields = ["date", "population", "basis", "source"]


class MunicipalitySerializer(serializers.ModelSerializer):
    kreis = KreisSerializer()
    land = LandSerializer(source="kreis.land")
    type_label = serializers.CharField()
    population = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = [
            "ags", "ars", "name", "short_name", "type", "type_label", "kreis",
            "land", "population", "area_km2", "area_date", "source", "url",
        ]  # fmt: skip

    @extend_schema_field(PopulationSerializer)
    def get_population(self, municipality: Municipality) -> dict:
        return {
            "value": municipality.population,
            "date": municipality.population_date,
            "basis": municipality.population_basis,
            "source": municipality.source,
        }

    def get_url(self, municipality: Municipality) -> str:
        return reverse("api:municipality_detail", args=[municipality.ags])


class MunicipalityDetailSerializer(MunicipalitySerializer):
    population_figures = PopulationFigureSerializer(many=True)

    class Meta(MunicipalitySerializer.Meta):
        fields = [
            *MunicipalitySerializer.Meta.fields,
            "latitude", "longitude", "territory_date", "population_figures",
        ]  # fmt: skip


class SectorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class IndicatorSerializer(serializers.ModelSerializer):
    sector = SectorSerializer()

    class Meta:
        model = Indicator
        fields = [
            "code", "name", "name_en", "unit", "sector", "better", "decimals",
            "minimum", "maximum", "description", "usual_source",
        ]  # fmt: skip


class IndicatorValueSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.ags")
    indicator = serializers.CharField(source="indicator.code")
    is_demo = serializers.BooleanField(
        help_text="Erfundener Beispielwert einer Demo-Installation, kein echter Wert."
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "municipality", "indicator", "year", "value", "source", "note",
            "is_demo", "version", "updated_at",
        ]  # fmt: skip


class FigureWriteSerializer(serializers.Serializer):
    """One value to write (PUT: the value of the address)."""

    value = serializers.DecimalField(max_digits=14, decimal_places=4)
    source = serializers.CharField(max_length=300)
    note = serializers.CharField(max_length=2_000, required=False, default="")


class FigureBatchItemSerializer(FigureWriteSerializer):
    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all()
    )
    year = serializers.IntegerField(min_value=1950, max_value=32767)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Die Version des Werts, die das System kennt; leer für einen "
        "neuen Wert.",
    )


class FigureBatchSerializer(serializers.Serializer):
    values = FigureBatchItemSerializer(many=True, allow_empty=False, max_length=1000)


class FormSerializer(serializers.ModelSerializer):
    land = serializers.CharField(source="land_id")
    status = serializers.CharField()

    class Meta:
        model = OrganisationalForm
        fields = [
            "code", "name", "name_en", "land", "level", "family", "law", "summary",
            "certainty", "status", "source",
        ]  # fmt: skip


class FundingProgrammeSerializer(serializers.ModelSerializer):
    land = serializers.CharField(source="land_id")
    status = serializers.CharField()

    class Meta:
        model = FundingProgramme
        fields = [
            "code", "name", "land", "version", "body", "criteria_complete",
            "min_partners", "min_partners_exception", "min_partners_cross_border",
            "min_years", "savings_target_pct", "service_improvement_counts",
            "fees_excluded", "grants", "grant_per_further_partner", "max_grant",
            "max_rate_pct", "conditions", "valid_until", "certainty", "status",
            "source",
        ]  # fmt: skip


class RegisterFormSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    land = serializers.CharField(source="land_id")
    law = serializers.CharField()


class PartnerSerializer(serializers.ModelSerializer):
    """A confirmed partner: the municipality or organisation, never a contact."""

    ags = serializers.CharField(source="municipality.ags", allow_null=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = CooperationPartner
        fields = ["ags", "name", "role"]

    def get_name(self, partner: CooperationPartner) -> str:
        if partner.municipality_id:
            return partner.municipality.name
        return partner.organisation.name


class CooperationSerializer(serializers.ModelSerializer):
    form = RegisterFormSerializer(allow_null=True)
    lead = serializers.CharField(source="lead.ags", allow_null=True)
    sectors = SectorSerializer(many=True)
    partners = PartnerSerializer(many=True, source="public_partners")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Cooperation
        fields = [
            "id", "title", "task", "status", "form", "lead", "partners", "sectors",
            "start_date", "published_at", "url",
        ]  # fmt: skip

    def get_url(self, cooperation: Cooperation) -> str:
        return reverse("api:cooperation_detail", args=[cooperation.pk])
