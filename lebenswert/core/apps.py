from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lebenswert.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self):
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created

        from .checks import check_mail_is_delivered, check_public_url_is_set
        from .collation import register_sqlite_collation
        from .fragments import request_versions_end, request_versions_start

        checks.register(check_mail_is_delivered, checks.Tags.security, deploy=True)
        checks.register(check_public_url_is_set, checks.Tags.security, deploy=True)

        connection_created.connect(
            register_sqlite_collation, dispatch_uid="german_collation"
        )
        # Data versions are read once per request (lebenswert.core.fragments).
        request_started.connect(request_versions_start, dispatch_uid="versions")
        request_finished.connect(request_versions_end, dispatch_uid="versions")
