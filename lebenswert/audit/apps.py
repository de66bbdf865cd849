from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lebenswert.audit"
    label = "audit"
    verbose_name = _("Änderungsprotokoll")

    def ready(self):
        from django.apps import apps

        from .tracking import track

        track(
            apps.get_model("accounts", "User"),
            [
                "email",
                "full_name",
                "job_title",
                "is_active",
                "is_staff",
                "is_superuser",
            ],
        )
        track(
            apps.get_model("municipalities", "Membership"),
            ["user", "municipality", "role"],
            municipality=lambda membership: membership.municipality,
        )
        track(
            apps.get_model("municipalities", "PlannerAssignment"),
            ["user", "kreis", "regierungsbezirk"],
        )
        track(
            apps.get_model("cooperations", "PartnerOrganisation"),
            ["name", "type", "official_key", "address", "contact_name",
             "contact_email", "contact_phone"],
        )  # fmt: skip
