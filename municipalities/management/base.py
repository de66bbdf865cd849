"""The base of the commands that import an official file (GV100AD, boundaries)."""

from pathlib import Path

from lebenswert.core.management.base import FileCommand
from municipalities.actions import ImportReport
from municipalities.importers import ImportFileError


class ImportCommand(FileCommand):
    """Imports one file in one transaction: a bad file changes nothing.

    Subclasses implement `import_file`, which returns the import's report.
    """

    file_errors = (ImportFileError,)
    file_error_message = "{path}: {error} Es wurde nichts geändert."

    def handle_file(self, path: Path, **options):
        report = self.import_file(path, **options)
        return report.lines(), f"{path.name} importiert."

    def import_file(self, path: Path, **options) -> ImportReport:
        raise NotImplementedError
