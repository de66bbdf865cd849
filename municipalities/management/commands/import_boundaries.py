from datetime import date
from pathlib import Path

from municipalities import actions
from municipalities.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import municipality outlines from a GeoJSON FeatureCollection (e.g. BKG "
        "VG5000) whose features carry the AGS in the property 'ags'."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_source_argument(
            parser,
            what="each outline",
            default="© GeoBasis-DE / BKG (Daten verändert), dl-de/by-2-0",
        )
        parser.add_argument(
            "--valid-on", type=date.fromisoformat, help="Stand, e.g. 2021-01-01"
        )

    def import_file(self, path: Path, *, source: str, valid_on, **options):
        return actions.boundaries_import(
            raw=path.read_bytes(), source=source, valid_on=valid_on
        )
