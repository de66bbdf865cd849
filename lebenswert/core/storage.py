from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """Files only served through permission-checked views (settings.STORAGES)."""
    return storages["private"]
