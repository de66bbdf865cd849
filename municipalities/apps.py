from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Gemeinden")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the job kind)
