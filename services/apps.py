from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Daseinsvorsorge")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the job kind)
