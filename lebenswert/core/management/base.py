"""The base of the management commands that work on one file named on the line."""

from collections.abc import Iterable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class FileCommand(BaseCommand):
    """A command that reads one file: it must exist, and the errors that mean the
    file cannot be used end the command with a message naming the file.

    Subclasses implement `handle_file`, which returns the lines to print and the
    closing line (printed as success).
    """

    file_argument = "path"  # the name `--help` shows
    file_errors: tuple[type[Exception], ...] = ()
    file_error_message = "{error}"  # may name {path} too

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar=self.file_argument)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: Datei nicht gefunden.")
        try:
            lines, done = self.handle_file(path, **options)
        except self.file_errors as error:
            message = self.file_error_message.format(path=path, error=error)
            raise CommandError(message) from None
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(done))

    def handle_file(self, path: Path, **options) -> tuple[Iterable[str], str]:
        raise NotImplementedError
