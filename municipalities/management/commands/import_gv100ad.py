from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities import actions
from municipalities.importers import ImportFileError
from municipalities.models import CensusBasis


class Command(BaseCommand):
    help = (
        "Import the official Destatis municipality directory (GV100AD fixed-width "
        "file, e.g. GV100AD_30112025.txt). Idempotent; a malformed record stops the "
        "import with its line number and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--population-date",
            type=date.fromisoformat,
            help="Reference date of the population (default: 31.12. of the year "
            "before the Gebietsstand).",
        )
        parser.add_argument(
            "--census-basis",
            choices=CensusBasis.values,
            help="Census basis of the population (default: by reference year).",
        )

    def handle(self, *args, path: Path, population_date, census_basis, **options):
        if not path.is_file():
            raise CommandError(f"{path}: Datei nicht gefunden.")
        try:
            with path.open("rb") as handle:
                report = actions.gv100ad_import(
                    lines=handle,
                    population_date=population_date,
                    census_basis=census_basis,
                )
        except ImportFileError as error:
            raise CommandError(f"{path}: {error} Es wurde nichts geändert.") from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"{path.name} importiert."))
