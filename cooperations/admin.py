from django.contrib import admin

from lebenswert.audit.admin import AuditedAdmin, ReadOnlyAdminMixin

from .models import (
    ChecklistItem,
    Cooperation,
    CooperationLaw,
    CooperationPartner,
    CrossBorderRule,
    FormAbsence,
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
    list_display = [
        "name", "code", "land", "family", "level", "law", "position", "certainty"
    ]  # fmt: skip
    list_filter = ["land", "family", "level", "certainty"]
    search_fields = ["name", "name_en", "code"]
    list_select_related = ["land"]
    inlines = [FormFactInline]


@admin.register(CooperationLaw)
class CooperationLawAdmin(AuditedAdmin):
    list_display = [
        "land", "abbreviation", "name", "funding", "funding_as_of", "certainty",
        "source",
    ]  # fmt: skip
    list_filter = ["funding", "certainty"]
    search_fields = ["name", "abbreviation", "land__name"]
    list_select_related = ["land"]


@admin.register(CrossBorderRule)
class CrossBorderRuleAdmin(AuditedAdmin):
    list_display = ["land_a", "land_b", "instrument", "certainty", "source"]
    list_filter = ["certainty"]
    list_select_related = ["land_a", "land_b"]


@admin.register(FormAbsence)
class FormAbsenceAdmin(AuditedAdmin):
    list_display = ["land", "family", "certainty", "source"]
    list_filter = ["land", "family", "certainty"]
    list_select_related = ["land"]


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
