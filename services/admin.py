from django.contrib import admin

from lebenswert.audit.admin import AuditedAdmin, ReadOnlyAdmin, TabularInline
from lebenswert.core.forms import NUMBER_FORMFIELDS

from .forms import PartnerOrganisationAdminForm
from .models import (
    FigureImport,
    Indicator,
    IndicatorValue,
    PartnerOrganisation,
    ReferenceValue,
    Sector,
    ServiceProvision,
)


class IndicatorInline(TabularInline):
    model = Indicator
    fields = ["code", "name", "unit", "better", "minimum", "maximum", "position"]
    formfield_overrides = NUMBER_FORMFIELDS


@admin.register(Sector)
class SectorAdmin(AuditedAdmin):
    list_display = ["name", "code", "action_field", "position"]
    list_filter = ["action_field"]
    search_fields = ["name", "name_en", "code"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sector", "unit", "better", "minimum", "maximum"]
    list_filter = ["sector", "better"]
    search_fields = ["name", "name_en", "code"]
    list_select_related = ["sector"]
    formfield_overrides = NUMBER_FORMFIELDS


@admin.register(ReferenceValue)
class ReferenceValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "area", "year", "value", "source"]
    list_filter = ["indicator__sector"]
    search_fields = ["area", "indicator__name", "source"]
    list_select_related = ["indicator"]
    formfield_overrides = NUMBER_FORMFIELDS


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(AuditedAdmin):
    form = PartnerOrganisationAdminForm
    list_display = ["name", "type", "official_key", "contact_name", "contact_email"]
    list_filter = ["type"]
    search_fields = ["name", "official_key", "contact_name"]


# Figures, provisions and imports (below) change only through the portal's pages,
# which keep their history: read-only here.
@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = [
        "municipality",
        "indicator",
        "year",
        "value",
        "is_demo",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["is_demo", "indicator__sector", "year"]
    search_fields = ["municipality__short_name", "municipality__ags", "indicator__code"]
    list_select_related = ["municipality", "indicator", "updated_by"]
    show_full_result_count = False


@admin.register(ServiceProvision)
class ServiceProvisionAdmin(ReadOnlyAdmin):
    list_display = [
        "municipality",
        "sector",
        "provider_type",
        "provider_name",
        "is_demo",
    ]
    list_filter = ["provider_type", "sector", "is_demo"]
    search_fields = ["municipality__short_name", "municipality__ags", "provider_name"]
    list_select_related = ["municipality", "sector"]


@admin.register(FigureImport)
class FigureImportAdmin(ReadOnlyAdmin):
    list_display = [
        "original_name",
        "status",
        "uploaded_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status"]
    list_select_related = ["uploaded_by"]
