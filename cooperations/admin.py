from django.contrib import admin

from lebenswert.audit.admin import (
    AuditedAdmin,
    ReadOnlyAdmin,
    ReadOnlyAdminMixin,
    TabularInline,
)

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


class SourcedFactAdmin(AuditedAdmin):
    """The admin of a SourcedFact model: every list shows how the fact is known
    (certainty, source) and filters by certainty."""

    def get_list_display(self, request):
        return [*super().get_list_display(request), "certainty", "source"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "certainty"]


class FormFactInline(TabularInline):
    model = FormFact


@admin.register(OrganisationalForm)
class OrganisationalFormAdmin(SourcedFactAdmin):
    list_display = ["name", "code", "land", "family", "level", "law", "position"]
    list_filter = ["land", "family", "level"]
    search_fields = ["name", "name_en", "code"]
    list_select_related = ["land"]
    inlines = [FormFactInline]


@admin.register(CooperationLaw)
class CooperationLawAdmin(SourcedFactAdmin):
    list_display = ["land", "abbreviation", "name", "funding", "funding_as_of"]
    list_filter = ["funding"]
    search_fields = ["name", "abbreviation", "land__name"]
    list_select_related = ["land"]


@admin.register(CrossBorderRule)
class CrossBorderRuleAdmin(SourcedFactAdmin):
    list_display = ["land_a", "land_b", "instrument"]
    list_select_related = ["land_a", "land_b"]


@admin.register(FormAbsence)
class FormAbsenceAdmin(SourcedFactAdmin):
    list_display = ["land", "family"]
    list_filter = ["land", "family"]
    list_select_related = ["land"]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(SourcedFactAdmin):
    list_display = ["name", "land", "min_partners", "min_years", "savings_target_pct"]
    list_filter = ["land"]


class CooperationPartnerInline(ReadOnlyAdminMixin, TabularInline):
    model = CooperationPartner
    autocomplete_fields = ["municipality", "organisation"]


@admin.register(Cooperation)
class CooperationAdmin(ReadOnlyAdmin):
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
