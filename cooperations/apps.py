from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _register_changed(**kwargs) -> None:
    """Reference data edited in the admin shows on cached cooperation pages."""
    from lebenswert.core.fragments import COOPERATIONS, bump

    bump(COOPERATIONS)


class CooperationsConfig(AppConfig):
    name = "cooperations"
    verbose_name = _("Kooperationen")

    def ready(self):
        # Cooperations themselves change only through actions, which raise the
        # version; these models are maintained in the admin.
        for name in (
            "OrganisationalForm", "FormFact", "FundingProgramme", "PartnerOrganisation",
        ):  # fmt: skip
            model = self.get_model(name)
            post_save.connect(_register_changed, sender=model, dispatch_uid=name)
            post_delete.connect(_register_changed, sender=model, dispatch_uid=name)
        sector = self.apps.get_model("services", "Sector")
        post_save.connect(_register_changed, sender=sector, dispatch_uid="Sector")
        post_delete.connect(_register_changed, sender=sector, dispatch_uid="Sector")
