import os
import uuid
from pathlib import Path

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """Files only served through permission-checked views (settings.STORAGES)."""
    return storages["private"]


def write_atomically(storage: Storage, name: str, data: bytes) -> str:
    """Store `data` under `name` in a file system storage, replacing what is there:
    a reader never sees half a file. Files and new folders get the storage's
    permission modes (settings.STORAGES), like the files it saves itself."""
    path = Path(storage.path(name))
    missing = []
    folder = path.parent
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        if storage.directory_permissions_mode is not None:
            folder.chmod(storage.directory_permissions_mode)
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
    # Created for the owner only, before the first byte is in it.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if storage.file_permissions_mode is not None:
        temporary.chmod(storage.file_permissions_mode)
    os.replace(temporary, path)
    return name
