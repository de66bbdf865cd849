"""FileCommand: the base of the commands that work on one file (restore, imports)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lebenswert.core.management.base import FileCommand
from lebenswert.core.management.commands import restore


class _Unreadable(Exception):
    pass


class _Count(FileCommand):
    file_errors = (_Unreadable,)
    file_error_message = "{path}: {error} Nichts geändert."

    def handle_file(self, path, **options):
        text = path.read_text()
        if not text:
            raise _Unreadable("leer.")
        return [f"{len(text.split())} Wörter"], f"{path.name} gezählt."


def _run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_file_command_prints_the_lines_then_the_closing_line(tmp_path):
    path = tmp_path / "text.txt"
    path.write_text("eins zwei drei")

    assert _run(_Count(), str(path)) == "3 Wörter\ntext.txt gezählt.\n"


def test_file_command_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"fehlt\.txt: Datei nicht gefunden\.$"):
        _run(_Count(), str(tmp_path / "fehlt.txt"))


def test_file_command_turns_its_file_errors_into_a_message_naming_the_file(tmp_path):
    path = tmp_path / "leer.txt"
    path.write_text("")

    with pytest.raises(CommandError) as error:
        _run(_Count(), str(path))

    assert str(error.value) == f"{path}: leer. Nichts geändert."


def test_restore_command_reports_the_restored_backup(tmp_path, monkeypatch):
    archive = tmp_path / "lebenswert-1.tar.gz"
    archive.write_bytes(b"")
    calls = []

    def fake_restore(*, archive, database, force):
        calls.append((archive, database["NAME"], force))
        return {"created_at": "2026-12-05T03:15:00", "counts": {"a": 2, "b": 3}}

    monkeypatch.setattr(restore, "backup_restore", fake_restore)

    output = _run("restore", str(archive), "--force")

    assert calls and calls[0][0] == archive and calls[0][2] is True
    assert output == (
        "Wiederhergestellt: Sicherung vom 2026-12-05T03:15:00 (5 Zeilen, alle Zahlen "
        "geprüft). Danach, falls der Code neuer ist: manage.py migrate\n"
    )
