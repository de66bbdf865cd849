"""Backups: back up, restore into a fresh database, find the same data and logins."""

import json
import os
import sqlite3
import tarfile
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
from django.contrib.auth.hashers import check_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections

from cooperations import actions as cooperation_actions
from cooperations.models import CooperationDocument
from lebenswert.accounts.models import User
from lebenswert.core import backup
from municipalities.models import Municipality
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory

PASSWORD = "correct-horse-42"
CONTENT = b"%PDF-1.7\n% Vertrag Abwasser\n%%EOF\n"

# Committed data: pg_dump and the SQLite backup API read through their own
# connections. serialized_rollback brings back the reference data afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _private(monkeypatch, folder: Path) -> None:
    # The file fields made their storage once, at import: move that one.
    storage = CooperationDocument._meta.get_field("file").storage
    monkeypatch.setattr(storage, "_location", str(folder))
    for cached in ("base_location", "location"):
        monkeypatch.delitem(storage.__dict__, cached, raising=False)


@pytest.fixture
def data(settings, tmp_path, monkeypatch):
    """A municipality, a person with a password, a cooperation with a document."""
    _private(monkeypatch, tmp_path / "private")
    settings.MEDIA_ROOT = tmp_path / "media"
    eschwege = MunicipalityFactory(ags="06636003", name="Eschwege, Kreisstadt")
    anna = UserFactory(email="anna@eschwege.example", full_name="Anna Schmidt")
    MembershipFactory(user=anna, municipality=eschwege, role="editor")
    cooperation = cooperation_actions.cooperation_create(
        actor=anna, title="Abwasser-Dienstleistungspool", task="Bereitschaft",
        partners=[eschwege], status="exploring",
    )  # fmt: skip
    document = cooperation_actions.cooperation_document_add(
        cooperation=cooperation,
        uploaded_file=SimpleUploadedFile("vertrag.pdf", CONTENT),
        kind="contract", title="Vertrag", actor=anna,
    )  # fmt: skip
    return {"user": anna, "document": document}


@contextmanager
def fresh_database(tmp_path):
    """The settings of an empty database of the same engine, dropped afterwards."""
    default = connections["default"].settings_dict
    target = dict(default)
    if connections["default"].vendor != "postgresql":
        target["NAME"] = str(tmp_path / "restored.sqlite3")
        yield target
        return
    target["NAME"] = f"{default['NAME']}_restore_{os.getpid()}"[:63]
    admin = psycopg2.connect(
        dbname="postgres", host=default["HOST"] or None, port=default["PORT"] or None,
        user=default["USER"] or None, password=default["PASSWORD"] or None,
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{target["NAME"]}"')
    try:
        yield target
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
        admin.close()


def _query(database: dict, sql: str, *params) -> list[tuple]:
    with backup.database_connection(database) as connection:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_backup_restores_into_a_fresh_database_with_same_counts_files_and_login(
    data, tmp_path, monkeypatch
):
    archive = backup.backup_create(output_dir=tmp_path / "backups")

    manifest = _manifest(archive)
    assert archive.name.startswith("lebenswert-") and archive.name.endswith(".tar.gz")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert manifest["counts"]["accounts.User"] == User.objects.count() >= 1
    assert manifest["counts"]["cooperations.Cooperation"] == 1
    assert manifest["counts"]["cooperations.CooperationDocument"] == 1
    assert manifest["counts"]["municipalities.Municipality"] == (
        Municipality.objects.count()
    )
    assert manifest["counts"]["services.Sector"] > 0  # reference data too
    assert manifest["files"]["private"] == 1
    assert manifest["database"]["engine"] == connections["default"].vendor

    # A new machine: empty database, empty file folders.
    _private(monkeypatch, tmp_path / "private-restored")
    with fresh_database(tmp_path) as target:
        restored = backup.backup_restore(archive=archive, database=target)

        assert restored["counts"] == manifest["counts"]
        (title,) = _query(target, "SELECT title FROM cooperations_cooperation")[0]
        assert title == "Abwasser-Dienstleistungspool"
        ((name,),) = _query(target, "SELECT file FROM cooperations_cooperationdocument")
        assert (tmp_path / "private-restored" / name).read_bytes() == CONTENT
        ((encoded, active),) = _query(
            target, "SELECT password, is_active FROM accounts_user WHERE email = %s",
            "anna@eschwege.example",
        )  # fmt: skip
        # The restored account logs in with its password, and only with it.
        assert active and check_password(PASSWORD, encoded)
        assert not check_password("wrong-password", encoded)
        ((ags,),) = _query(
            target,
            "SELECT m.ags FROM municipalities_membership ms JOIN "
            "municipalities_municipality m ON m.id = ms.municipality_id",
        )
        assert ags == "06636003"


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(data, tmp_path):
    archive = backup.backup_create(output_dir=tmp_path / "backups")
    with fresh_database(tmp_path) as target:
        backup.backup_restore(archive=archive, database=target)
        with backup.database_connection(target) as connection:
            with connection.cursor() as cursor:
                cursor.execute("UPDATE accounts_user SET full_name = 'Später'")

        with pytest.raises(backup.BackupError, match="ist nicht leer .*--force"):
            backup.backup_restore(archive=archive, database=target)
        assert _query(target, "SELECT COUNT(*) FROM accounts_user WHERE full_name = %s",
                      "Später")[0][0] == 1  # fmt: skip

        backup.backup_restore(archive=archive, database=target, force=True)
        assert _query(
            target, "SELECT full_name FROM accounts_user WHERE email = %s",
            "anna@eschwege.example",
        ) == [("Anna Schmidt",)]  # fmt: skip


def test_restore_refuses_a_backup_of_another_engine(data, tmp_path):
    archive = backup.backup_create(output_dir=tmp_path / "backups")
    other = "sqlite" if connections["default"].vendor == "postgresql" else "postgresql"
    work = tmp_path / "edit"
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    manifest = json.loads((work / "manifest.json").read_text())
    manifest["database"]["engine"] = other
    (work / "manifest.json").write_text(json.dumps(manifest))
    edited = tmp_path / "edited.tar.gz"
    with tarfile.open(edited, "w:gz") as tar:
        for path in work.iterdir():
            tar.add(path, arcname=path.name)
    with pytest.raises(backup.BackupError, match=f"stammt aus {other}"):
        backup.backup_restore(archive=edited)


def test_backup_and_restore_commands(data, tmp_path, capsys):
    call_command("backup", output=tmp_path / "backups")
    out = capsys.readouterr().out
    assert "Sicherung geschrieben" in out
    (archive,) = (tmp_path / "backups").glob("lebenswert-*.tar.gz")
    # The database the tests use is not empty: restore refuses, clearly.
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        call_command("restore", str(tmp_path / "fehlt.tar.gz"))


def test_restore_refuses_an_archive_that_is_no_backup(db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        readme = tmp_path / "README"
        readme.write_text("kein Backup")
        tar.add(readme, arcname="README")
    with pytest.raises(backup.BackupError, match="keine lesbare LebensWert-Sicherung"):
        backup.backup_restore(archive=bogus)


def test_sqlite_copy_holds_what_was_committed_while_the_file_is_in_use(
    tmp_path, monkeypatch
):
    """The SQLite path, tested on CI's PostgreSQL too: a copy of a file in use."""
    source = tmp_path / "live.sqlite3"
    live = sqlite3.connect(source)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute('CREATE TABLE "t" (id integer primary key)')
    live.executemany('INSERT INTO "t" VALUES (?)', [(n,) for n in range(50)])
    live.commit()
    live.execute('INSERT INTO "t" VALUES (99)')  # not committed yet
    monkeypatch.setattr(backup, "APP_LABELS", ())  # a table of its own only
    copy = tmp_path / "copy.sqlite3"

    backup._dump_sqlite({"NAME": str(source)}, copy)

    live.rollback()
    live.close()
    rows = sqlite3.connect(copy).execute('SELECT COUNT(*) FROM "t"').fetchone()[0]
    assert rows == 50
