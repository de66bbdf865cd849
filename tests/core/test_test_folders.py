"""The test suite writes nothing into the installation's var/ (a later backup
would include it): tests/settings.py moves every folder to a temporary one."""

import tempfile
from pathlib import Path

from lebenswert.core.storage import private_storage


def test_the_tests_write_into_a_temporary_folder_not_var(settings):
    installation_var = Path(settings.BASE_DIR) / "var"
    temporary = Path(tempfile.gettempdir())
    for folder in (
        settings.VAR_DIR,
        settings.MEDIA_ROOT,
        settings.PRIVATE_STORAGE_ROOT,
        settings.CELERY_DATA_DIR,
        settings.STATIC_ROOT,
        private_storage().location,
    ):
        assert Path(folder).is_relative_to(temporary), folder
        assert not Path(folder).is_relative_to(installation_var), folder
    assert Path(settings.VAR_DIR).name.startswith("lebenswert-test-")
