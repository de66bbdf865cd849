from datetime import date
from pathlib import Path

from municipalities import actions
from municipalities.management.base import ImportCommand
from municipalities.models import PopulationProjection


class Command(ImportCommand):
    help = (
        "Import an official population projection from a CSV with the columns "
        "Schlüssel (Kreisschlüssel, 5 digits, or AGS, 8 digits); Jahr; Einwohner. "
        "One series per area; a series of the same publisher and release date is "
        "replaced. A bad line changes nothing."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--publisher", required=True, help="Herausgeber")
        parser.add_argument("--title", required=True, help="Titel der Veröffentlichung")
        parser.add_argument(
            "--release-date",
            required=True,
            type=date.fromisoformat,
            help="Veröffentlicht am, e.g. 2023-04-03",
        )
        parser.add_argument(
            "--base-year",
            type=int,
            help="Basisjahr (default: the first year of each area in the file).",
        )
        self.add_census_basis_argument(parser, what="the base year", default="")
        parser.add_argument(
            "--certainty",
            choices=PopulationProjection.Certainty.values,
            default=PopulationProjection.Certainty.SOURCE,
            help="'source': from the release itself; 'reported': from a report on it.",
        )
        parser.add_argument("--notes", default="", help="Anmerkungen")
        parser.add_argument("--source-url", default="", help="Fundstelle (URL)")

    def import_file(self, path: Path, **options):
        return actions.population_projection_import(
            raw=path.read_bytes(),
            publisher=options["publisher"],
            title=options["title"],
            release_date=options["release_date"],
            base_year=options["base_year"],
            basis=options["census_basis"],
            certainty=options["certainty"],
            notes=options["notes"],
            source_url=options["source_url"],
        )
