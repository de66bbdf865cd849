from django.contrib import admin

from lebenswert.audit.admin import AuditedAdmin

from .models import (
    FigureImport,
    Indicator,
    IndicatorValue,
    ReferenceValue,
    Sector,
    ServiceProvision,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Figures change only through the portal's pages, which keep their history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "name", "unit", "better", "minimum", "maximum", "position"]


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


@admin.register(ReferenceValue)
class ReferenceValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "area", "year", "value", "source"]
    list_filter = ["indicator__sector"]
    search_fields = ["area", "indicator__name", "source"]
    list_select_related = ["indicator"]


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
        "imported_at",
    ]
    list_filter = ["status"]
    list_select_related = ["uploaded_by"]
