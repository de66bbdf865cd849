from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationsConfig(AppConfig):
    name = "cooperations"
    verbose_name = _("Kooperationen")
