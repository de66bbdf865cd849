from django.contrib import admin
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from lebenswert.accounts.admin import UserAdmin
from lebenswert.accounts.models import User
from lebenswert.audit.admin import AuditedAdmin, ChangeAdmin, TabularInline
from lebenswert.audit.models import Change

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
    PopulationProjection,
    PopulationProjectionValue,
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


class PopulationFigureInline(TabularInline):
    model = PopulationFigure


class MembershipInline(TabularInline):
    model = Membership
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


class PopulationProjectionValueInline(TabularInline):
    model = PopulationProjectionValue


@admin.register(PopulationProjection)
class PopulationProjectionAdmin(AuditedAdmin):
    list_display = [
        "__str__",
        "title",
        "base_year",
        "release_date",
        "certainty",
    ]
    list_filter = ["certainty", "publisher", "kreis__land"]
    search_fields = [
        "publisher",
        "title",
        "kreis__name",
        "kreis__code",
        "municipality__short_name",
        "municipality__ags",
    ]
    list_select_related = ["kreis", "municipality"]
    autocomplete_fields = ["kreis", "municipality"]
    inlines = [PopulationProjectionValueInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


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


class UserMembershipInline(TabularInline):
    model = Membership
    autocomplete_fields = ["municipality"]


class UserPlannerAssignmentInline(TabularInline):
    model = PlannerAssignment
    autocomplete_fields = ["kreis"]


# The accounts admin with the account's roles: they are models of this app, which
# lebenswert.accounts (the lower layer) does not import.
admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    list_filter = [*UserAdmin.list_filter, "memberships__role"]
    search_fields = [*UserAdmin.search_fields, "memberships__municipality__short_name"]
    inlines = [UserMembershipInline, UserPlannerAssignmentInline]


# The change history with the municipality's name: audit files a change under the
# municipality's AGS only, as it knows no model of this app.
admin.site.unregister(Change)


@admin.register(Change)
class ChangeWithMunicipalityAdmin(ChangeAdmin):
    list_display = [
        "municipality" if name == "municipality_ags" else name
        for name in ChangeAdmin.list_display
    ]
    search_fields = [
        "municipality_name" if name == "municipality_ags" else name
        for name in ChangeAdmin.search_fields
    ]

    def get_queryset(self, request):
        names = Municipality.objects.filter(ags=OuterRef("municipality_ags"))
        return (
            super()
            .get_queryset(request)
            .annotate(municipality_name=Subquery(names.values("name")[:1]))
        )

    @admin.display(description=_("Gemeinde"), ordering="municipality_name")
    def municipality(self, change: Change) -> str | None:
        return change.municipality_name
