from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DOMAIN = "@demo.lebenswert.invalid"


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of a demo account, for trying the "
        "portal without an authenticator app. Only in a demo installation."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if not settings.DEMO_MODE or not email.lower().endswith(DEMO_DOMAIN):
            raise CommandError(
                "Nur für Demo-Zugänge einer Demo-Installation (LEBENSWERT_DEMO=1)."
            )
        device = TOTPDevice.objects.filter(
            user__email__iexact=email, confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{email} hat keinen zweiten Faktor; seed_demo anlegen.")
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits
        )
        self.stdout.write(f"{code:0{device.digits}d}")
