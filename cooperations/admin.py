from django.contrib import admin

from lebenswert.audit.admin import AuditedAdmin, ReadOnlyAdminMixin

from .models import (
    ChecklistItem,
    Cooperation,
    CooperationPartner,
    FormFact,
    FundingProgramme,
    OrganisationalForm,
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


class CooperationPartnerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CooperationPartner
    extra = 0
    autocomplete_fields = ["municipality", "organisation"]


@admin.register(Cooperation)
class CooperationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: cooperations change on their pages, which keep the history."""

    list_display = ["title", "status", "form", "lead", "is_example", "updated_at"]
    list_filter = ["status", "form", "is_example"]
    search_fields = ["title", "task"]
    list_select_related = ["form", "lead"]
    inlines = [CooperationPartnerInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "phase", "position", "code"]
    list_filter = ["phase"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "shared", "created_at"]
    list_filter = ["shared"]
    filter_horizontal = ["partners"]
