from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from lebenswert.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump or SQLite's backup API) and the private "
        "files into one .tar.gz with a manifest of counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder for the archive (default: $LEBENSWERT_VAR_DIR/backups).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output: Path | None, database: str, **options):
        try:
            archive = backup_create(
                output_dir=output or settings.VAR_DIR / "backups",
                database=connections[database].settings_dict,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Sicherung geschrieben: {archive}"))
