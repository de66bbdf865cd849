"""German alphabetical order on every database: Ärzen beside Arzen, not after Zell.

PostgreSQL has ICU's German collation built in; SQLite gets the same name as a
Python collation when a connection opens (registered in CoreConfig.ready).
"""

import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

GERMAN = "de-DE-x-icu"

# DIN 5007-1 (dictionaries, lists of names): umlauts sort as their base letter,
# ß as ss; case and accents decide only between otherwise equal names.
_FOLD = str.maketrans({"ß": "ss", "ẞ": "SS"})


def german_key(text: str) -> tuple[str, str]:
    base = "".join(
        char
        for char in unicodedata.normalize("NFKD", text.translate(_FOLD))
        if not unicodedata.combining(char)
    )
    return base.casefold(), text


def _compare(left: str, right: str) -> int:
    a, b = german_key(left), german_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(GERMAN, _compare)


def german(field: str) -> Collate:
    """Order by `field` in German alphabetical order."""
    return Collate(F(field), GERMAN)
