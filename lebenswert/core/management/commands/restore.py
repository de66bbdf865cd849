from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from lebenswert.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database; --force drops "
        "the tables of a non-empty one first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that already has tables.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive: Path, force: bool, database: str, **options):
        try:
            manifest = backup_restore(
                archive=archive,
                database=connections[database].settings_dict,
                force=force,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wiederhergestellt: Sicherung vom {manifest['created_at']} "
                f"({rows} Zeilen, alle Zahlen geprüft). Danach, falls der Code "
                "neuer ist: manage.py migrate"
            )
        )
