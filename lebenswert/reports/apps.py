from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lebenswert.reports"
    label = "reports"
    verbose_name = _("Berichte")

    def ready(self) -> None:
        from . import registry, tasks  # noqa: F401  (tasks: registers the job kind)

        registry.load_kinds()
