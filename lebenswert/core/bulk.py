"""Bulk writes for imports: the one upsert (and plain insert) of many rows.

On PostgreSQL the rows go into a temporary staging table by `COPY` and from there
into the table by one set-based `INSERT … SELECT … ON CONFLICT DO UPDATE …
RETURNING`. Elsewhere (SQLite for `make run`) the same `INSERT … ON CONFLICT`
runs as multi-row `INSERT … VALUES` statements in batches. Both paths write the
same rows and return the same values; one transaction (savepoint) around either,
so a failing statement leaves nothing behind.
"""

import gc
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models, transaction

BATCH_SIZE = 1000
STAGE = "lebenswert_bulk_stage"  # a temporary table, dropped after each write


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while an import reads a file and writes
    its rows: while the import makes a hundred thousand rows, it would walk
    every object of the process again and again (a third of the import's Python
    time), and those rows form no cycles. Reference counting frees as usual;
    the collector runs again afterwards."""
    if not gc.isenabled():  # an outer pause
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def copy_supported() -> bool:
    """Whether this database takes `COPY` (PostgreSQL); the tests switch it off."""
    return connection.vendor == "postgresql"


def upsert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    unique_fields: Sequence[str] = (),
    update_fields: Sequence[str] = (),
    increment: Sequence[str] = (),
    returning: Sequence[str] = (),
    only_changed: bool = False,
) -> list[tuple]:
    """Insert `rows` (tuples of Python values in the order of `columns`, field
    names or attnames of `model`) into its table.

    With `unique_fields`, a row whose unique key exists updates `update_fields`
    and adds one to each of `increment` (a version) instead; with `only_changed`,
    only if one of `update_fields` differs (a rerun writes nothing). Returns the
    `returning` columns of every written row, in no particular order (match them
    by key). A new row takes the field's default for the columns not given. No
    model instances, signals or `save()`.
    """
    if not rows:
        return []
    table = model._meta.db_table
    names = [_column(model, name) for name in columns]
    names, rows = _with_defaults(model, names, rows)
    suffix = _conflict_clause(model, unique_fields, update_fields, increment)
    if only_changed and update_fields:
        suffix += _changed_condition(model, update_fields)
    if returning:
        quote = connection.ops.quote_name
        suffix += " RETURNING " + ", ".join(
            quote(c) for c in _columns(model, returning)
        )
    with transaction.atomic():
        if copy_supported():
            return _copy_insert(table, names, rows, suffix, bool(returning))
        return _values_insert(table, names, rows, suffix, bool(returning))


def bulk_upsert(
    model: type[models.Model],
    rows: Sequence[models.Model],
    *,
    unique_fields: Sequence[str],
    update_fields: Sequence[str],
    batch_size: int = BATCH_SIZE,
) -> list[models.Model]:
    """Insert `rows` (unsaved instances of `model`), or update `update_fields` of
    the row with the same `unique_fields` (`upsert_rows` for instances).

    Returns the rows with their primary keys set. No signals, no `save()`.
    `batch_size` is kept for callers; the rows go in as one write.
    """
    if not rows:
        return []
    # What bulk_create writes: every concrete column but a key still to generate.
    pk = model._meta.pk
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.generated and (field is not pk or rows[0].pk is not None)
    ]
    keys = [model._meta.get_field(name).attname for name in unique_fields]
    returned = upsert_rows(
        model,
        [field.attname for field in fields],
        [tuple(field.pre_save(row, True) for field in fields) for row in rows],
        unique_fields=unique_fields,
        update_fields=update_fields,
        returning=["pk", *keys],
    )
    ids = {tuple(key): pk for pk, *key in returned}
    for row in rows:
        row.pk = ids[tuple(getattr(row, key) for key in keys)]
        row._state.adding = False
    return list(rows)


def _conflict_clause(model, unique_fields, update_fields, increment) -> str:
    """`ON CONFLICT (key) DO UPDATE SET …`; empty without `unique_fields`."""
    if not unique_fields:
        return ""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    updates = [
        *(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in _columns(model, update_fields)),
        *(f"{quote(c)} = {table}.{quote(c)} + 1" for c in _columns(model, increment)),
    ]
    conflict = ", ".join(quote(c) for c in _columns(model, unique_fields))
    # Identifiers only, from the model's meta and quoted; values go as parameters.
    action = f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING"  # nosec B608
    return f" ON CONFLICT ({conflict}) {action}"


def _changed_condition(model, update_fields) -> str:
    """` WHERE` one of `update_fields` differs from the row's (NULL-safe)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(c) for c in _columns(model, update_fields)]
    if connection.vendor == "postgresql":
        old = ", ".join(f"{table}.{c}" for c in columns)
        new = ", ".join(f"EXCLUDED.{c}" for c in columns)
        return f" WHERE ({old}) IS DISTINCT FROM ({new})"
    same = " AND ".join(f"{table}.{c} IS EXCLUDED.{c}" for c in columns)
    return f" WHERE NOT ({same})"


def _column(model: type[models.Model], name: str) -> str:
    if name == "pk":
        return model._meta.pk.column
    return model._meta.get_field(name).column


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [_column(model, name) for name in names]


def _with_defaults(model, names: list[str], rows: Sequence[tuple]):
    """The columns and rows with the defaults of the fields not given (what a
    model instance would hold), as bulk_create writes them."""
    missing = [
        field
        for field in model._meta.concrete_fields
        if field.column not in names and not field.primary_key and not field.generated
    ]
    if not missing:
        return names, rows
    if any(callable(field.default) for field in missing):  # e.g. a new uuid each
        return [*names, *(field.column for field in missing)], [
            (*row, *(field.get_default() for field in missing)) for row in rows
        ]
    defaults = tuple(field.get_default() for field in missing)
    return [*names, *(field.column for field in missing)], [
        (*row, *defaults) for row in rows
    ]


# COPY's text format: tab between columns, \N for NULL, backslash escapes.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date):  # and datetime: ISO 8601, with its offset
        return value.isoformat()
    if isinstance(value, dict | list):  # a JSONField's value
        value = json.dumps(value)
    return str(value).translate(_COPY_ESCAPES)


_SPECIAL = re.compile(r"[\\\t\n\r]")


def _copy_column(values: tuple) -> Iterable[str]:
    """One column in COPY's text format: whole columns of plain text or numbers
    at C speed, the rest value by value."""
    if values.count(values[0]) == len(values):  # one value: a date, an actor
        return [_copy_value(values[0])] * len(values)
    kinds = set(map(type, values))
    if all(issubclass(kind, str) for kind in kinds):  # and choices
        if _SPECIAL.search("".join(values)) is None:
            return values
        return [value.translate(_COPY_ESCAPES) for value in values]
    if kinds <= {int, Decimal}:
        return map(str, values)
    return map(_copy_value, values)


def _copy_data(rows: Sequence[tuple]) -> str:
    """The rows as COPY's text input: tab between columns, newline after rows."""
    columns = [_copy_column(values) for values in zip(*rows, strict=True)]
    return "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"


def _copy_insert(table, names, rows, suffix, returning) -> list[tuple]:
    """COPY into a staging table of the target's column types, then one INSERT."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in names)
    stage = quote(STAGE)
    text = _copy_data(rows)
    # Table and column names come from the models, quoted; values go by COPY.
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "  # nosec B608
            f"SELECT {columns} FROM {quote(table)} WITH NO DATA"
        )
        with connection.wrap_database_errors:  # Django's errors, as for execute
            # In one piece: each piece needs the GIL back, and a busy second
            # thread (the import's history records) holds it for milliseconds.
            cursor.copy_expert(
                f"COPY {stage} ({columns}) FROM STDIN",
                io.StringIO(text),
                size=len(text) + 1,
            )
        cursor.execute(
            f"INSERT INTO {quote(table)} ({columns}) "  # nosec B608
            f"SELECT {columns} FROM {stage}{suffix}"
        )
        returned = cursor.fetchall() if returning else []
        cursor.execute(f"DROP TABLE {stage}")
    return returned


def _adapt(value):
    """Parameters for raw SQL the way Django's fields would store them."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _values_insert(table, names, rows, suffix, returning) -> list[tuple]:
    """Multi-row INSERT … VALUES in batches as large as the database takes."""
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(table)} "  # nosec B608
        f"({', '.join(quote(name) for name in names)}) VALUES "
    )
    placeholder = "(" + ", ".join(["%s"] * len(names)) + ")"
    # As many rows per statement as the database takes parameters (SQLite: 999).
    max_params = connection.features.max_query_params or 20000
    batch = max(1, min(2000, max_params // len(names)))
    result = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [_adapt(value) for row in chunk for value in row]
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(head + values + suffix, params)
            if returning:
                result.extend(cursor.fetchall())
    return result
