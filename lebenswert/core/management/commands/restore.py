from pathlib import Path

from django.db import connections

from lebenswert.core.backup import BackupError, backup_restore
from lebenswert.core.management.base import FileCommand


class Command(FileCommand):
    help = (
        "Restore a backup made by `backup` into an empty database; --force drops "
        "the tables of a non-empty one first."
    )
    file_argument = "archive"
    file_errors = (BackupError,)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that already has tables.",
        )
        parser.add_argument("--database", default="default")

    def handle_file(self, path: Path, *, force: bool, database: str, **options):
        manifest = backup_restore(
            archive=path, database=connections[database].settings_dict, force=force
        )
        rows = sum(manifest["counts"].values())
        return (), (
            f"Wiederhergestellt: Sicherung vom {manifest['created_at']} "
            f"({rows} Zeilen, alle Zahlen geprüft). Danach, falls der Code "
            "neuer ist: manage.py migrate"
        )
