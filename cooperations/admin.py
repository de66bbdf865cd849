from django.contrib import admin

from lebenswert.audit.admin import AuditedAdmin

from .models import (
    ChecklistItem,
    Cooperation,
    CooperationPartner,
    FormFact,
    FundingProgramme,
    OrganisationalForm,
    PartnerOrganisation,
    Scenario,
)


class FormFactInline(admin.TabularInline):
    model = FormFact
    extra = 0


@admin.register(OrganisationalForm)
class OrganisationalFormAdmin(AuditedAdmin):
    list_display = ["name", "code", "land", "level", "law", "position"]
    list_filter = ["land", "level"]
    search_fields = ["name", "name_en", "code"]
    inlines = [FormFactInline]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(AuditedAdmin):
    list_display = ["name", "land", "min_partners", "min_years", "savings_target_pct"]
    list_filter = ["land"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(AuditedAdmin):
    list_display = ["name", "type", "official_key", "contact_name", "contact_email"]
    list_filter = ["type"]
    search_fields = ["name", "official_key", "contact_name"]


class CooperationPartnerInline(admin.TabularInline):
    model = CooperationPartner
    extra = 0
    autocomplete_fields = ["municipality", "organisation"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cooperation)
class CooperationAdmin(admin.ModelAdmin):
    """Read-only: cooperations change on their pages, which keep the history."""

    list_display = ["title", "status", "form", "lead", "is_example", "updated_at"]
    list_filter = ["status", "form", "is_example"]
    search_fields = ["title", "task"]
    list_select_related = ["form", "lead"]
    inlines = [CooperationPartnerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "phase", "position", "code"]
    list_filter = ["phase"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "shared", "created_at"]
    list_filter = ["shared"]
    filter_horizontal = ["partners"]
