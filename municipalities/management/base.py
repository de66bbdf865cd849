"""The base of the commands that import an official file (GV100AD, boundaries,
population series and projections)."""

from pathlib import Path

from lebenswert.core.management.base import FileCommand
from municipalities.actions import ImportReport
from municipalities.importers import ImportFileError
from municipalities.models import CensusBasis


class ImportCommand(FileCommand):
    """Imports one file in one transaction: a bad file changes nothing.

    Subclasses implement `import_file`, which returns the import's report, and
    add the options their file does not state; the ones several imports share are
    `add_source_argument` and `add_census_basis_argument`.
    """

    # The system checks load every URL and admin (about a second at start-up)
    # and check nothing an import needs; `manage.py check` runs them on deploy.
    requires_system_checks = []
    file_errors = (ImportFileError,)
    file_error_message = "{path}: {error} Es wurde nichts geändert."

    def handle_file(self, path: Path, **options):
        report = self.import_file(path, **options)
        return report.lines(), f"{path.name} importiert."

    def import_file(self, path: Path, **options) -> ImportReport:
        raise NotImplementedError

    @staticmethod
    def add_source_argument(parser, *, what: str, **kwargs) -> None:
        """`--source`: the attribution stored with each imported row."""
        parser.add_argument(
            "--source", help=f"Attribution stored with {what}.", **kwargs
        )

    @staticmethod
    def add_census_basis_argument(parser, *, what: str, default=None) -> None:
        """`--census-basis`: one of CensusBasis, for what the file leaves open."""
        parser.add_argument(
            "--census-basis",
            choices=CensusBasis.values,
            default=default,
            help=f"Census basis of {what}.",
        )
