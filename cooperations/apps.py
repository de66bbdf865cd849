from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationsConfig(AppConfig):
    name = "cooperations"
    verbose_name = _("Kooperationen")

    def ready(self):
        from django.core import checks

        from .open_data import check_data_licence

        checks.register(check_data_licence)
