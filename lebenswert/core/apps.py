from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lebenswert.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .collation import register_sqlite_collation

        connection_created.connect(
            register_sqlite_collation, dispatch_uid="german_collation"
        )
