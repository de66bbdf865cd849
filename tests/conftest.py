import os
import shutil
from pathlib import Path

import pytest

from tests.factories import (
    KreisFactory,
    MembershipFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    UserFactory,
)

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
GV100AD_PATH = SHARED_DATA / "destatis" / "GV100AD_30112025.txt"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


def pytest_sessionstart(session):
    """With CI=true the real services must be there: a missing one is an error."""
    if not CI:
        return
    problems = []
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        problems.append("DATABASE_URL does not name PostgreSQL")
    if not os.environ.get("REDIS_URL", "").startswith("redis"):
        problems.append("REDIS_URL is not set")
    if not CHROMIUM:
        problems.append("Chromium is not installed")
    if not GV100AD_PATH.is_file():
        problems.append(f"{GV100AD_PATH} is missing")
    if problems:
        raise pytest.UsageError("CI=true but " + "; ".join(problems))


def pytest_sessionfinish(session):
    """The temporary folder tests/settings.py made for this run goes with it."""
    from django.conf import settings

    if Path(settings.VAR_DIR) == Path(os.environ.get("LEBENSWERT_TEST_VAR_DIR", "")):
        shutil.rmtree(settings.VAR_DIR, ignore_errors=True)


def require_official_file(path: Path) -> Path:
    if not path.is_file():
        if CI:
            pytest.fail(f"{path} is missing (required with CI=true)")
        pytest.skip(
            f"official data file {path} is not on this machine (../shared/data)"
        )
    return path


@pytest.fixture(autouse=True)
def _test_settings(settings, request):
    # Sessions of force_login have no second factor; tests marked second_factor
    # (tests/accounts/test_second_factor.py and the browser login) enforce it.
    settings.LEBENSWERT_SECOND_FACTOR = bool(
        request.node.get_closest_marker("second_factor")
    )
    # The test client speaks plain HTTP; production redirects to HTTPS.
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are built anew in every test; tests/core/test_fragments.py tests caching.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    # Static files come from the finders, not from a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def kreis(db):
    return KreisFactory()


@pytest.fixture
def municipality(kreis):
    return MunicipalityFactory(kreis=kreis, ags="06636003", name="Eschwege, Kreisstadt")


@pytest.fixture
def other_municipality(kreis):
    return MunicipalityFactory(kreis=kreis, ags="06636016", name="Witzenhausen, Stadt")


@pytest.fixture
def roles(municipality, other_municipality, kreis):
    """One user per role in the authorization matrix, keyed by role name."""
    viewer = MembershipFactory(municipality=municipality, role="viewer").user
    editor = MembershipFactory(municipality=municipality, role="editor").user
    other_staff = MembershipFactory(municipality=other_municipality, role="editor").user
    planner = PlannerAssignmentFactory(kreis=kreis).user
    admin = UserFactory(is_staff=True, is_superuser=True)
    return {
        "anonymous": None,
        "other_staff": other_staff,
        "viewer": viewer,
        "editor": editor,
        "planner": planner,
        "admin": admin,
    }


@pytest.fixture
def private_folder(tmp_path, monkeypatch):
    """The private storage moved to a temporary folder, its permission modes kept.

    Every private file field made the storage once, at import, and they share it:
    that instance moves (settings.STORAGES changed in a test would not reach it).
    """
    from cooperations.models import CooperationDocument

    storage = CooperationDocument._meta.get_field("file").storage
    folder = tmp_path / "private"
    monkeypatch.setattr(storage, "_location", str(folder))
    for cached in ("base_location", "location"):
        monkeypatch.delitem(storage.__dict__, cached, raising=False)
    return folder


# The two paths of lebenswert.core.bulk.upsert_rows: COPY into a staging table
# (PostgreSQL) and multi-row INSERT … VALUES (SQLite, and PostgreSQL when told).


def _copy_spy(monkeypatch) -> list:
    """The tables upsert_rows wrote by COPY from now on."""
    from lebenswert.core import bulk

    calls = []
    real = bulk._copy_insert

    def spy(*args):
        calls.append(args[0])
        return real(*args)

    monkeypatch.setattr(bulk, "_copy_insert", spy)
    return calls


@pytest.fixture(params=["copy", "values"])
def bulk_path(request, monkeypatch):
    """Each test twice: writes by COPY (on PostgreSQL; SQLite has none) and by
    INSERT … VALUES; checks afterwards that the path asked for was taken."""
    from django.db import connection

    from lebenswert.core import bulk

    calls = _copy_spy(monkeypatch)
    if request.param == "values":
        monkeypatch.setattr(bulk, "copy_supported", lambda: False)
    yield request.param
    assert bool(calls) == (
        request.param == "copy" and connection.vendor == "postgresql"
    )


@pytest.fixture
def both_bulk_paths(monkeypatch):
    """`run(write)`: the result of `write()` by COPY and by INSERT … VALUES, each
    inside a savepoint rolled back afterwards (ids differ between the two)."""
    from django.db import connection, transaction

    from lebenswert.core import bulk

    def rolled_back(write):
        with transaction.atomic():
            result = write()
            transaction.set_rollback(True)
        return result

    def run(write):
        calls = _copy_spy(monkeypatch)
        by_copy = rolled_back(write)
        assert bool(calls) == (connection.vendor == "postgresql")
        supported = bulk.copy_supported
        monkeypatch.setattr(bulk, "copy_supported", lambda: False)
        by_values = rolled_back(write)
        monkeypatch.setattr(bulk, "copy_supported", supported)
        return by_copy, by_values

    return run


def refuse_last_row(monkeypatch, module, model, index: int) -> None:
    """`module.upsert_rows` writes the last row of `model` with NULL in column
    `index` (a NOT NULL column): the database refuses it midway in an import."""
    real = module.upsert_rows

    def refusing(written, columns, rows, **kwargs):
        if written is model:
            rows = [*rows[:-1], (*rows[-1][:index], None, *rows[-1][index + 1 :])]
        return real(written, columns, rows, **kwargs)

    monkeypatch.setattr(module, "upsert_rows", refusing)
