"""Name search (icontains → UPPER(name) LIKE '%…%') over 10,953 rows uses a trigram
index on PostgreSQL. SQLite has no such index type; there the migration does nothing.
"""

from django.db import migrations

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS municipality_name_upper_trgm "
    "ON municipalities_municipality USING gin ((UPPER(name::text)) gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS municipality_name_upper_trgm",)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
