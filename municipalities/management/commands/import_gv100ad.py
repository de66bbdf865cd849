from datetime import date
from pathlib import Path

from municipalities import actions
from municipalities.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the official Destatis municipality directory (GV100AD fixed-width "
        "file, e.g. GV100AD_30112025.txt). Idempotent; a malformed record stops the "
        "import with its line number and changes nothing."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--population-date",
            type=date.fromisoformat,
            help="Reference date of the population (default: 31.12. of the year "
            "before the Gebietsstand).",
        )
        self.add_census_basis_argument(
            parser, what="the population (default: by reference year)"
        )

    def import_file(self, path: Path, *, population_date, census_basis, **options):
        with path.open("rb") as handle:
            return actions.gv100ad_import(
                lines=handle, population_date=population_date, census_basis=census_basis
            )
