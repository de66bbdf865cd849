from pathlib import Path

from municipalities import actions
from municipalities.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import annual population figures per municipality from a CSV with the "
        "columns AGS; Jahr (or Stichtag); Einwohner; Zensusbasis (e.g. the "
        "statistical office's municipal population table, 2011–2024). Existing "
        "figures of the same date are replaced; a bad line changes nothing."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        self.add_source_argument(
            parser,
            what="each figure, e.g. 'Hessisches Statistisches Landesamt, "
            "Bevölkerung der Gemeinden'",
            required=True,
        )
        self.add_census_basis_argument(
            parser, what="rows whose Zensusbasis cell is missing", default=""
        )
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="Skip (and list) AGS that are not in the directory instead of "
            "refusing the file.",
        )

    def import_file(self, path: Path, *, source, census_basis, skip_unknown, **options):
        return actions.population_series_import(
            raw=path.read_bytes(),
            source=source,
            default_basis=census_basis,
            skip_unknown=skip_unknown,
        )
