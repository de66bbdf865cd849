"""Backups: the database and the private files in one .tar.gz with a manifest.

PostgreSQL is dumped with `pg_dump -Fc` inside an exported snapshot, so the counts
in the manifest describe exactly what the dump holds, while the portal runs on.
SQLite is copied with the sqlite3 backup API, equally consistent. Restoring checks
the counts of the restored database against the manifest.
"""

import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 (pg_dump, pg_restore and git, without a shell)
import tarfile
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.db.utils import load_backend
from django.utils import timezone

FORMAT = 1
# Our own apps: every table whose rows a restore must bring back.
APP_LABELS = ("accounts", "audit", "core", "municipalities", "services", "cooperations")
MANIFEST = "manifest.json"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in German."""


def _file_roots() -> dict[str, Path]:
    """Folders with uploaded and generated files, by their name in the archive.

    The models' file fields share the private storage; files kept elsewhere (an
    S3-compatible store) are backed up by that store, not here.
    """
    private = {
        Path(field.storage.location)
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.fields
        if isinstance(field, models.FileField) and hasattr(field.storage, "location")
    }
    if len(private) > 1:
        raise BackupError(f"Private Dateien liegen an mehreren Orten: {private}")
    roots = {"media": Path(settings.MEDIA_ROOT)}
    if private:
        roots["private"] = private.pop()
    return roots


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor) -> dict[str, int]:
    """Rows per model of our apps, counted through a DB-API cursor."""
    counts = {}
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            table = _quote(model._meta.db_table)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # nosec B608 (model table)
            counts[model._meta.label] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def _git_revision() -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    result = subprocess.run(  # nosec B603 (fixed arguments)
        [git, "rev-parse", "HEAD"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} wurde nicht gefunden (Debian: apt-get install postgresql-client)."
        )
    return path


def _pg_command(tool: str, settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Command line and environment that reach the database of `settings_dict`."""
    command = [_tool(tool), "--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return command, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(  # nosec B603 (argument list, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} ist fehlgeschlagen: {result.stderr.strip()}"
        )


def default_database() -> dict:
    return connections["default"].settings_dict


@contextmanager
def database_connection(database: dict):
    """A connection of its own to `database` (a settings dict), closed afterwards.

    Not one of Django's shared connections: a restore may target a database
    that the running process does not use.
    """
    backend = load_backend(database["ENGINE"])
    connection = backend.DatabaseWrapper(database, alias=f"backup-{uuid.uuid4().hex}")
    try:
        yield connection
    finally:
        connection.close()


def _vendor(database: dict) -> str:
    with database_connection(database) as connection:
        vendor = connection.vendor
    if vendor not in DUMP:
        raise BackupError(f"Datenbanken vom Typ {vendor} werden nicht unterstützt.")
    return vendor


def _dump_postgresql(database: dict, target: Path) -> dict[str, int]:
    """pg_dump inside a snapshot that the counts are taken in as well."""
    with database_connection(database) as connection:
        connection.ensure_connection()
        connection.set_autocommit(False)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts(cursor)
            command, env = _pg_command("pg_dump", database)
            _run(
                command
                + ["--format=custom", "--no-owner", "--no-privileges"]
                + [f"--snapshot={snapshot}", "--file", str(target)],
                env,
            )
        connection.rollback()
    return counts


def _dump_sqlite(database: dict, target: Path) -> dict[str, int]:
    """A consistent copy through the backup API, even while the portal writes."""
    source = sqlite3.connect(database["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        return _counts(copy.cursor())
    finally:
        copy.close()
        source.close()


def backup_create(*, output_dir: Path, database: dict | None = None) -> Path:
    """Write lebenswert-<time>.tar.gz (database, files, manifest) into output_dir."""
    database = database or default_database()
    vendor = _vendor(database)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = timezone.now()
    archive = output_dir / f"lebenswert-{now:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP[vendor]
        if vendor == "postgresql":
            counts = _dump_postgresql(database, dump)
        else:
            counts = _dump_sqlite(database, dump)
        roots = {name: root for name, root in _file_roots().items() if root.is_dir()}
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "git_revision": _git_revision(),
            "database": {"engine": vendor, "file": dump.name},
            "counts": counts,
            "files": {
                name: sum(1 for p in root.rglob("*") if p.is_file())
                for name, root in roots.items()
            },
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        # Written beside the target and renamed: never a half-written backup.
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for name, root in roots.items():
                tar.add(root, arcname=name)
        # Backups hold personal data and password hashes.
        partial.chmod(0o600)
        partial.rename(archive)
    return archive


def _tables(database: dict) -> list[str]:
    with database_connection(database) as connection:
        with connection.cursor() as cursor:
            return connection.introspection.table_names(cursor)


def _restored_counts(database: dict) -> dict[str, int]:
    with database_connection(database) as connection:
        with connection.cursor() as cursor:
            return _counts(cursor)


def _drop_tables(database: dict, tables: list[str]) -> None:
    with database_connection(database) as connection:
        with connection.cursor() as cursor:
            names = ", ".join(_quote(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")  # nosec B608


def _read_archive(archive: Path, work: Path) -> dict:
    if not archive.is_file():
        raise BackupError(f"{archive}: Datei nicht gefunden.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, links out of the folder, …
            tar.extractall(work, filter="data")
        manifest = json.loads((work / MANIFEST).read_text())
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(
            f"{archive}: keine lesbare LebensWert-Sicherung ({error})."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: unbekanntes Format {manifest.get('format')}.")
    return manifest


def backup_restore(*, archive: Path, database: dict | None = None, force=False):
    """Restore a backup into `database` (default: the portal's) and the file folders.

    Refuses a database that already has tables unless `force`; then its tables
    are dropped first. Returns the manifest after checking every count.
    """
    database = database or default_database()
    vendor = _vendor(database)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        manifest = _read_archive(archive, work)
        source = manifest["database"]["engine"]
        if source != vendor:
            raise BackupError(
                f"Die Sicherung stammt aus {source}, die Zieldatenbank ist {vendor}."
            )
        tables = _tables(database)
        if tables and not force:
            raise BackupError(
                f"Die Zieldatenbank {database['NAME']} ist nicht leer "
                f"({len(tables)} Tabellen). Wiederherstellen nur in eine leere "
                "Datenbank – oder mit --force, das alle ihre Tabellen vorher löscht."
            )
        for alias in connections:  # the portal's own connection to the target
            if connections[alias].settings_dict["NAME"] == database["NAME"]:
                connections[alias].close()
        dump = work / manifest["database"]["file"]
        if vendor == "postgresql":
            if tables:
                _drop_tables(database, tables)
            command, env = _pg_command("pg_restore", database)
            _run(command + ["--no-owner", "--no-privileges", "--exit-on-error"]
                 + [str(dump)], env)  # fmt: skip
        else:
            source_db, target_db = (
                sqlite3.connect(dump),
                sqlite3.connect(database["NAME"]),
            )
            try:
                source_db.backup(target_db)
            finally:
                target_db.close()
                source_db.close()
        for folder, root in _file_roots().items():
            if (work / folder).is_dir():
                shutil.copytree(work / folder, root, dirs_exist_ok=True)
    counts = _restored_counts(database)
    wrong = {
        label: (expected, counts.get(label))
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    }
    if wrong:
        raise BackupError(
            f"Nach dem Wiederherstellen stimmen Zeilenzahlen nicht: {wrong}"
        )
    return manifest
