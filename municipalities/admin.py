from django.contrib import admin

from lebenswert.audit.admin import AuditedAdmin

from .models import (
    Boundary,
    DirectoryImport,
    Gemeindeverband,
    Kreis,
    Land,
    Membership,
    Municipality,
    PlannerAssignment,
    PopulationFigure,
    Regierungsbezirk,
)


@admin.register(Land)
class LandAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "seat"]
    search_fields = ["code", "name"]


@admin.register(Regierungsbezirk)
class RegierungsbezirkAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "land"]
    list_filter = ["land"]
    search_fields = ["code", "name"]


@admin.register(Kreis)
class KreisAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "land", "regierungsbezirk"]
    list_filter = ["type", "land"]
    search_fields = ["code", "name"]
    list_select_related = ["land", "regierungsbezirk"]


@admin.register(Gemeindeverband)
class GemeindeverbandAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "kreis"]
    list_filter = ["type", "kreis__land"]
    search_fields = ["code", "name"]
    list_select_related = ["kreis"]
    autocomplete_fields = ["kreis"]


class PopulationFigureInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = [
        "ags",
        "name",
        "type",
        "kreis",
        "population",
        "is_lebenswert_partner",
    ]
    list_filter = ["is_lebenswert_partner", "type", "kreis__land"]
    search_fields = ["ags", "ars", "name", "short_name", "postcode"]
    list_select_related = ["kreis"]
    autocomplete_fields = ["kreis", "verband"]
    inlines = [PopulationFigureInline, MembershipInline]
    show_full_result_count = False


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "municipality", "role", "created_at"]
    list_filter = ["role", "municipality__kreis"]
    search_fields = [
        "user__email",
        "user__full_name",
        "municipality__short_name",
        "municipality__ags",
    ]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = ["user", "municipality"]


@admin.register(PlannerAssignment)
class PlannerAssignmentAdmin(AuditedAdmin):
    list_display = ["user", "kreis", "regierungsbezirk", "created_at"]
    list_filter = ["regierungsbezirk"]
    search_fields = ["user__email", "kreis__name", "regierungsbezirk__name"]
    list_select_related = ["user", "kreis", "regierungsbezirk"]
    autocomplete_fields = ["user", "kreis", "regierungsbezirk"]


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ["municipality", "source", "valid_on"]
    search_fields = ["municipality__short_name", "municipality__ags"]
    list_select_related = ["municipality"]
    raw_id_fields = ["municipality"]


@admin.register(DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "status", "requested_by", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in DirectoryImport._meta.fields]

    def has_add_permission(self, request):
        # Uploads go through /gemeinden/import/, which queues the worker job.
        return False
