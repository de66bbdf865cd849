import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cooperations import actions as cooperation_actions
from cooperations.demo import demo_cooperations_load
from cooperations.models import Cooperation, CooperationPartner
from lebenswert.accounts.models import User
from municipalities import actions
from municipalities.importers import ImportFileError
from municipalities.models import Kreis, Membership, Municipality
from services.demo import demo_figures_load

DEMO_PASSWORD = "lebenswert-demo"
# email, name, job, staff, (ags, role) or ("kreis", code)
DEMO_USERS = [
    ("admin@demo.lebenswert.invalid", "Demo Admin", "Administration", True, None),
    (
        "eschwege@demo.lebenswert.invalid",
        "Demo Bauamt Eschwege",
        "Bauamt",
        False,
        ("06636003", Membership.Role.EDITOR),
    ),
    (
        "witzenhausen@demo.lebenswert.invalid",
        "Demo Kämmerei Witzenhausen",
        "Kämmerei",
        False,
        ("06636016", Membership.Role.EDITOR),
    ),
    (
        "sontra@demo.lebenswert.invalid",
        "Demo Hauptamt Sontra",
        "Hauptamt",
        False,
        ("06636011", Membership.Role.VIEWER),
    ),
    (
        "planung@demo.lebenswert.invalid",
        "Demo Regionalplanung Werra-Meißner",
        "Regionalmanagement",
        False,
        ("kreis", "06636"),
    ),
]


class Command(BaseCommand):
    help = (
        "Load the pilot region (Werra-Meißner-Kreis) and the demo logins; with "
        "GV100AD_FILE set, import the full official directory first. Idempotent."
    )

    def handle(self, *args, **options):
        gv100ad = os.environ.get("GV100AD_FILE")
        if gv100ad:
            path = Path(gv100ad)
            if not path.is_file():
                raise CommandError(f"GV100AD_FILE={gv100ad}: Datei nicht gefunden.")
            try:
                with path.open("rb") as handle:
                    report = actions.gv100ad_import(lines=handle)
            except ImportFileError as error:
                raise CommandError(f"{path}: {error}") from None
            self.stdout.write(
                f"Gemeindeverzeichnis {path.name}: " + "; ".join(report.lines())
            )
        report = actions.pilot_region_load()
        self.stdout.write(
            "Pilotregion Werra-Meißner-Kreis: " + "; ".join(report.lines())
        )
        for email, name, job, staff, role in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=name,
                    job_title=job,
                    is_staff=staff,
                    is_superuser=staff,
                )
            if role and role[0] == "kreis":
                actions.planner_assignment_set(
                    user=user, kreis=Kreis.objects.get(code=role[1])
                )
            elif role:
                actions.membership_set(
                    user=user,
                    municipality=Municipality.objects.get(ags=role[0]),
                    role=role[1],
                )
        figures = demo_figures_load()
        cooperations = demo_cooperations_load() + self._partner_request()
        self.stdout.write(f"Kooperationen: {cooperations} neu eingetragen.")
        published = self._register()
        self.stdout.write(
            f"Öffentliches Register: {published} "
            + ("Beispiel" if published == 1 else "Beispiele")
            + " veröffentlicht."
        )
        self.stdout.write(
            f"Kennzahlen: {figures} Werte (Demowerte sind als solche markiert)."
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD}):")
        )
        for email, name, *_ in DEMO_USERS:
            self.stdout.write(f"  {email:40} {name}")
        self._second_factors()

    def _partner_request(self) -> int:
        """An open partner request (issue 15): Eschwege's demo editor asks
        Witzenhausen, whose demo editor sees it on the overview. An example."""
        title = "Gemeinsamer Bauhof Eschwege–Witzenhausen (Beispiel)"
        if Cooperation.objects.filter(title=title).exists():
            return 0
        cooperation_actions.cooperation_create(
            actor=User.objects.get(email=DEMO_USERS[1][0]),
            title=title,
            task="Winterdienst und Grünpflege mit gemeinsamen Geräten (Demodaten).",
            lead=Municipality.objects.get(ags="06636003"),
            partners=list(Municipality.objects.filter(ags="06636016")),
            status=Cooperation.Status.EXPLORING,
            notes="Demodaten: zeigt eine offene Anfrage an Witzenhausen.",
            is_example=True,
        )
        return 1

    def _register(self) -> int:
        """The public register shows the pilot region's examples (marked as
        examples there); the open request stays internal. Only while nothing is
        published: the operator's own choices are left alone."""
        if Cooperation.objects.published().exists():
            return 0
        examples = (
            Cooperation.objects.filter(is_example=True)
            .exclude(partners__consent=CooperationPartner.Consent.REQUESTED)
            .distinct()
        )
        for cooperation in examples:
            cooperation_actions.cooperation_publish(
                cooperation=cooperation,
                actor=None,
                expected_version=cooperation.version,
            )
        return len(examples)

    def _second_factors(self) -> None:
        """Editors, planners and admins need an authenticator app: the demo accounts
        get one each, whose key can be typed into any TOTP app."""
        import base64

        from django_otp.plugins.otp_totp.models import TOTPDevice

        from lebenswert.accounts.mfa import needs_second_factor

        lines = []
        for email, *_ in DEMO_USERS:
            user = User.objects.get(email=email)
            if not needs_second_factor(user):
                continue
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(
                    user=user, name="Demo-App", confirmed=True
                )
            secret = base64.b32encode(device.bin_key).decode()
            lines.append(f"  {email:40} {secret}")
        self.stdout.write(
            self.style.SUCCESS(
                "Zweiter Faktor der Demo-Zugänge (Schlüssel für eine "
                "Authenticator-App; ohne App: manage.py demo_code E-MAIL):"
            )
        )
        for line in lines:
            self.stdout.write(line)
