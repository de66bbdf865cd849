from django.core.management.base import BaseCommand, CommandError

from lebenswert.accounts import actions
from lebenswert.accounts.models import User


class Command(BaseCommand):
    help = (
        "Anonymise a person (Art. 17 GDPR): name, address, password, roles and "
        "contacts go; the audit log keeps the facts without the person."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's e-mail address.")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Kein Konto mit der E-Mail-Adresse {email}.")
        if user.is_anonymised:
            raise CommandError(f"{email} ist bereits anonymisiert.")
        user = actions.user_anonymise(user=user, actor=None)
        self.stdout.write(
            self.style.SUCCESS(f"{email} anonymisiert (Konto {user.pk}: {user.email}).")
        )
