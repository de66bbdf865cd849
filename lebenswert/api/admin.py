"""API tokens in the admin: made through the same action as on /konto/api-tokens/
(the plain token is shown once, on the page after saving), revoked by an action."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from lebenswert.audit.admin import AuditedAdmin

from . import actions
from .models import ApiToken, Scope


class ApiTokenAdminForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Rechte"),
        choices=Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ApiToken
        fields = ["name", "municipality", "scopes"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    form = ApiTokenAdminForm
    list_display = [
        "name", "municipality", "prefix", "created_at", "last_used_at", "revoked_at",
    ]  # fmt: skip
    list_select_related = ["municipality"]
    search_fields = ["name", "prefix", "municipality__short_name", "municipality__ags"]
    autocomplete_fields = ["municipality"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["prefix"]
        return [
            "name", "municipality", "scopes", "prefix", "created_by", "created_at",
            "last_used_at", "revoked_at",
        ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing is changed by hand; revoking is an action
        token, plain = actions.api_token_create(
            municipality=form.cleaned_data["municipality"],
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            actor=request.user,
        )
        obj.pk, obj.prefix, obj.created_at = token.pk, token.prefix, token.created_at
        request.api_token_plain = plain

    def response_add(self, request, obj, post_url_continue=None):
        """The new token, once: on this page, not in a message (kept in the
        session) nor anywhere else."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "plain": request.api_token_plain,
            "title": _("Neuer API-Schlüssel"),
        }
        return TemplateResponse(request, "admin/api/apitoken/created.html", context)

    @admin.action(description=_("Ausgewählte Schlüssel widerrufen"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            actions.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("Die Schlüssel sind widerrufen."))
