from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm as BaseAdminCreationForm
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lebenswert.audit.admin import AuditedAdmin

from . import actions
from .models import User


class AdminUserCreationForm(BaseAdminCreationForm):
    """E-mail and name; by default no password: the person sets it from the
    invitation (admin action "Einladung per E-Mail senden")."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["usable_password"].initial = "false"


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    """The accounts; municipalities/admin.py registers a subclass that adds the
    roles (memberships and planner assignments are municipalities models)."""

    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "job_title",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["send_invitation", "anonymise"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "job_title", "phone")}),
        (_("Berechtigung"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Zeiten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    add_form = AdminUserCreationForm

    @admin.action(description=_("Einladung per E-Mail senden (Passwort festlegen)"))
    def send_invitation(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:
            actions.user_invite(user=user, base_url=request.build_absolute_uri("/"))
        self.message_user(
            request,
            ngettext("%d Einladung gesendet.", "%d Einladungen gesendet.", len(users))
            % len(users),
            messages.SUCCESS,
        )

    @admin.action(description=_("Personenbezogene Daten löschen (anonymisieren)"))
    def anonymise(self, request, queryset):
        """Art. 17 DSGVO, after a confirmation page; never the admin's own account."""
        people = [person for person in queryset if not person.is_anonymised]
        if any(person.pk == request.user.pk for person in people):
            self.message_user(
                request,
                _("Das eigene Konto kann nicht anonymisiert werden."),
                messages.ERROR,
            )
            return None
        if not people:
            self.message_user(
                request, _("Die gewählten Konten sind bereits anonymisiert.")
            )
            return None
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Personenbezogene Daten löschen"),
                "opts": self.model._meta,
                "queryset": people,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/accounts/user/anonymise_confirmation.html", context
            )
        for person in people:
            actions.user_anonymise(user=person, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%d Person anonymisiert.", "%d Personen anonymisiert.", len(people)
            )
            % len(people),
            messages.SUCCESS,
        )
        return None
