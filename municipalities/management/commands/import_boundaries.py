from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities import actions
from municipalities.importers import ImportFileError


class Command(BaseCommand):
    help = (
        "Import municipality outlines from a GeoJSON FeatureCollection (e.g. BKG "
        "VG5000) whose features carry the AGS in the property 'ags'."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--source",
            default="© GeoBasis-DE / BKG (Daten verändert), dl-de/by-2-0",
            help="Attribution stored with each outline.",
        )
        parser.add_argument(
            "--valid-on", type=date.fromisoformat, help="Stand, e.g. 2021-01-01"
        )

    def handle(self, *args, path: Path, source: str, valid_on, **options):
        if not path.is_file():
            raise CommandError(f"{path}: Datei nicht gefunden.")
        try:
            report = actions.boundaries_import(
                raw=path.read_bytes(), source=source, valid_on=valid_on
            )
        except ImportFileError as error:
            raise CommandError(f"{path}: {error} Es wurde nichts geändert.") from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"{path.name} importiert."))
