"""National-scale data for `make bench` (issue 16), through bulk paths only.

    python bench/national.py generate                 # phase timings as JSON
    python bench/national.py generate --no-directory  # directory already imported

Phases: the official directory through the product's own importer
(`import_gv100ad`, the Destatis file in ../shared, never committed), figure values
for every municipality × 20 indicators × 10 years, 50,000 cooperations across all
Kreise (2–8 partners, mostly neighbours in the same Kreis, all confirmed) and 5,000
accounts (municipal staff with memberships, a planner for every Kreis, admins),
each with an authenticator app. Rows go in with PostgreSQL COPY; every value is
marked as a demo value and every name as synthetic, in the throw-away bench
database only. The logins (password, TOTP keys) are written to a JSON file for
bench/locustfile.py.
"""

from __future__ import annotations

import io
import json
import os
import random
import secrets
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LEBENSWERT_SHARED_DATA", ROOT.parent / "shared" / "data"))
GV100AD_FILE = Path(
    os.environ.get("GV100AD_FILE", SHARED / "destatis" / "GV100AD_30112025.txt")
)
PASSWORD = os.environ.get("BENCH_PASSWORD", "lebenswert-bench")
EMAIL_DOMAIN = "national.bench.lebenswert.invalid"
SOURCE = "Bench national (synthetisch, kein echter Wert)"
COPY_CHUNK = 50_000
# How many partners a cooperation has: mostly two to four.
PARTNER_WEIGHTS = {2: 30, 3: 25, 4: 18, 5: 11, 6: 8, 7: 5, 8: 3}
OUTSIDE_KREIS_SHARE = 0.1  # one partner from the neighbouring Kreis
PUBLISHED_SHARE = 0.3


@dataclass(frozen=True)
class Scale:
    cooperations: int = 50_000
    users: int = 5_000
    indicators: int = 20
    years: int = 10
    last_year: int = 2025
    admins: int = 50


@dataclass(frozen=True)
class Place:
    pk: int
    ags: str
    kreis: str
    land: str
    # 0 for the uninhabited gemeindefreie Gebiete (forests, lakes) of the directory.
    population: int = 0


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


# --------------------------------------------------------------------------- COPY


def _text(value) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _constants(model, given: Iterable[str]) -> dict[str, str]:
    """The model's default for every concrete column not given per row."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    constants = {}
    for field in model._meta.concrete_fields:
        if field.attname in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            value = None
        elif field.blank:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value per row")
        constants[field.column] = _text(value)
    return constants


def copy_rows(
    model, fields: list[str], rows: Iterable[tuple], *, with_pk: bool = False
) -> int:
    """COPY rows (values of `fields`, attnames) into the model's table; the other
    columns get their defaults. Returns the number of rows."""
    from django.db import connection

    names = [("id" if name == "pk" else name) for name in fields]
    constants = _constants(model, names)
    columns = [model._meta.get_field(name).column for name in names if name != "id"]
    if with_pk or "id" in names:
        columns = [model._meta.pk.column, *columns]
    columns += list(constants)
    suffix = "\t".join(constants.values())
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            buffer = io.StringIO()
            for row in chunk:
                line = "\t".join(_text(value) for value in row)
                buffer.write(f"{line}\t{suffix}\n" if suffix else f"{line}\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
            count += len(chunk)
    return count


def _chunks(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == COPY_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys from the table's sequence, for rows COPY writes."""
    from django.db import connection

    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def constraints_deferred_to_end(model):
    """Drop the table's foreign keys, unique constraints and secondary indexes for
    a bulk load and add them again afterwards (exactly as they were): one check
    and one sorted index build each instead of a lookup per row at commit."""
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        # Rows written earlier in the transaction: their checks run now, since
        # PostgreSQL alters no table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u'))",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --------------------------------------------------------------------------- phases


def places_by_kreis() -> dict[str, list[Place]]:
    from municipalities.models import Municipality

    grouped: dict[str, list[Place]] = {}
    for pk, ags, kreis, land, population in Municipality.objects.order_by(
        "ags"
    ).values_list("pk", "ags", "kreis_id", "kreis__land_id", "population"):
        grouped.setdefault(kreis, []).append(
            Place(pk, ags, kreis, land, population or 0)
        )
    return grouped


def figure_values(places: list[Place], scale: Scale) -> dict:
    """Every municipality × the first `indicators` indicators × `years` years,
    skipping the (demo) values that already exist."""
    from services.models import Indicator, IndicatorValue

    indicators = list(Indicator.objects.order_by("position", "pk")[: scale.indicators])
    years = range(scale.last_year - scale.years + 1, scale.last_year + 1)
    existing = set(
        IndicatorValue.objects.values_list("municipality_id", "indicator_id", "year")
    )
    ranges = [
        (i.pk, float(i.minimum), float(i.maximum - i.minimum), min(i.decimals, 4))
        for i in indicators
    ]

    def rows() -> Iterator[tuple]:
        for n, place in enumerate(places):
            for k, (indicator, low, span, decimals) in enumerate(ranges):
                for year in years:
                    if (place.pk, indicator, year) in existing:
                        continue
                    step = (n * 7 + k * 13 + year * 3) % 41
                    value = round(low + span * step / 40, decimals)
                    yield (place.pk, indicator, year, f"{value:.4f}", SOURCE, True)

    fields = ["municipality_id", "indicator_id", "year", "value", "source", "is_demo"]
    with constraints_deferred_to_end(IndicatorValue):
        written = copy_rows(IndicatorValue, fields, rows())
    return {"indicators": len(indicators), "years": len(years), "values": written}


def neighbour_pool(kreis: str, grouped: dict[str, list[Place]], size: int) -> list:
    """The Kreis's municipalities, widened by the next Kreise of its Land until
    `size` fit (a kreisfreie Stadt cooperates with its surroundings)."""
    pool = list(grouped[kreis])
    land = pool[0].land
    same_land = sorted(
        code for code, places in grouped.items() if places[0].land == land
    )
    position = same_land.index(kreis)
    for offset in range(1, len(same_land)):
        if len(pool) >= size:
            break
        for index in (position + offset, position - offset):
            if 0 <= index < len(same_land):
                pool.extend(grouped[same_land[index]])
    return pool


def allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total` over the keys in proportion to the weights (largest remainder)."""
    whole = sum(weights.values())
    shares = {key: total * weight / whole for key, weight in weights.items()}
    counts = {key: int(share) for key, share in shares.items()}
    rest = total - sum(counts.values())
    for key in sorted(shares, key=lambda k: counts[k] - shares[k])[:rest]:
        counts[key] += 1
    return counts


def cooperations(grouped: dict[str, list[Place]], scale: Scale, rng) -> dict:
    """Cooperations in every Kreis in proportion to its size, with confirmed
    partners that are mostly neighbours (adjacent keys) in the same Kreis."""
    from django.utils import timezone

    from cooperations.models import Cooperation, CooperationPartner
    from services.models import Sector

    sector_ids = list(Sector.objects.order_by("position").values_list("pk", flat=True))
    statuses = Cooperation.Status.values
    counts = allocate(
        scale.cooperations,
        {kreis: len(places) + 10 for kreis, places in grouped.items()},
    )
    ids = iter(reserve_ids(Cooperation, scale.cooperations))
    now = timezone.now()
    sizes, weights = list(PARTNER_WEIGHTS), list(PARTNER_WEIGHTS.values())
    cooperation_rows, partner_rows, sector_rows = [], [], []
    for kreis, count in counts.items():
        pool = neighbour_pool(kreis, grouped, max(PARTNER_WEIGHTS))
        home = len(grouped[kreis])
        for n in range(count):
            size = min(rng.choices(sizes, weights)[0], len(pool))
            start = rng.randrange(home)
            members = [pool[(start + step) % home] for step in range(min(size, home))]
            for place in pool[home:]:
                if len(members) >= size:
                    break
                members.append(place)
            if size > 2 and len(pool) > home and rng.random() < OUTSIDE_KREIS_SHARE:
                outsider = rng.choice(pool[home:])
                if outsider not in members:
                    members[-1] = outsider
            pk = next(ids)
            published = rng.random() < PUBLISHED_SHARE
            cooperation_rows.append(
                (
                    pk,
                    f"Bench-Kooperation {kreis}-{n:04d} (synthetisch)",
                    "Synthetische Kooperation für make bench (national)",
                    statuses[pk % len(statuses)],
                    members[0].pk,
                    date(2015 + pk % 11, 1 + pk % 12, 1),
                    6,
                    60,
                    published,
                    now if published else None,
                )
            )
            partner_rows.extend(
                (pk, place.pk, CooperationPartner.Consent.CONFIRMED.value, now)
                for place in members
            )
            first = pk % len(sector_ids)
            sector_rows.extend(
                (pk, sector) for sector in sector_ids[first : first + 1 + pk % 2]
            )
    copy_rows(
        Cooperation,
        [
            "id", "title", "task", "status", "lead_id", "start_date",
            "notice_period_months", "minimum_term_months", "is_published",
            "published_at",
        ],
        cooperation_rows,
    )  # fmt: skip
    copy_rows(
        CooperationPartner,
        ["cooperation_id", "municipality_id", "consent", "consent_at"],
        partner_rows,
    )
    copy_rows(Cooperation.sectors.through, ["cooperation_id", "sector_id"], sector_rows)
    return {
        "cooperations": len(cooperation_rows),
        "partners": len(partner_rows),
        "sector_links": len(sector_rows),
        "kreise": len(counts),
    }


def partners_of(place: Place, grouped: dict[str, list[Place]]) -> list[str]:
    """Two inhabited neighbours to compare options with (the journeys' option
    comparison offers only municipalities with inhabitants: the costs are split by
    population, and nobody runs a service for an uninhabited forest)."""
    pool = [p for p in neighbour_pool(place.kreis, grouped, 4) if p.population]
    return [other.ags for other in pool if other != place][:2]


def inhabited(places: list[Place]) -> list[Place]:
    """The places with inhabitants: the gemeindefreie Gebiete (population 0) have
    no administration, so no staff and no planner works for one."""
    return [place for place in places if place.population]


def accounts(grouped: dict[str, list[Place]], scale: Scale, rng) -> dict:
    """A planner for every inhabited Kreis, `admins` admins, the rest municipal
    staff with a membership each in an inhabited place (shuffled, a tenth with a
    second one), and an authenticator app for everyone. One password hash shared
    by all."""
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lebenswert.accounts.models import User
    from municipalities.models import Membership, PlannerAssignment

    # Two "Kreise" of the directory are uninhabited (coastal waters, the
    # German-Luxembourg condominium): nobody plans there.
    kreise = sorted(kreis for kreis in grouped if inhabited(grouped[kreis]))
    if scale.users < len(kreise) + scale.admins + 1:
        raise ValueError("too few users for a planner per Kreis, admins and staff")
    staff_count = scale.users - len(kreise) - scale.admins
    roles = ["planner"] * len(kreise) + ["admin"] * scale.admins
    roles += ["staff"] * staff_count
    ids = reserve_ids(User, len(roles))
    hashed = make_password(PASSWORD)
    places = inhabited([place for kreis in kreise for place in grouped[kreis]])
    rng.shuffle(places)
    user_rows, device_rows, membership_rows, planner_rows = [], [], [], []
    logins: dict[str, list[dict]] = {"staff": [], "planner": [], "admin": []}
    for n, (pk, role) in enumerate(zip(ids, roles, strict=True)):
        email = f"{role}-{n:05d}@{EMAIL_DOMAIN}"
        key = secrets.token_hex(20)
        user_rows.append(
            (pk, email, f"Bench {role} {n:05d} (synthetisch)", hashed, role == "admin")
        )
        device_rows.append((pk, "Bench", True, key))
        login = {"email": email, "key": key}
        if role == "planner":
            kreis = kreise[n]
            planner_rows.append((pk, kreis))
            first = inhabited(grouped[kreis])[0]
            login |= {"kreis": kreis, "ags": first.ags}
            login["partners"] = partners_of(first, grouped)
        elif role == "staff":
            place = places[(n - len(kreise) - scale.admins) % len(places)]
            # Editors need the second factor; viewers only read.
            membership_rows.append((pk, place.pk, "editor"))
            login |= {"ags": place.ags, "kreis": place.kreis}
            login["partners"] = partners_of(place, grouped)
            if rng.random() < 0.1:
                neighbours = inhabited(grouped[place.kreis])
                other = neighbours[(neighbours.index(place) + 1) % len(neighbours)]
                if other != place:
                    membership_rows.append((pk, other.pk, "viewer"))
        logins[role].append(login)
    copy_rows(User, ["id", "email", "full_name", "password", "is_staff"], user_rows)
    copy_rows(TOTPDevice, ["user_id", "name", "confirmed", "key"], device_rows)
    copy_rows(Membership, ["user_id", "municipality_id", "role"], membership_rows)
    copy_rows(PlannerAssignment, ["user_id", "kreis_id"], planner_rows)
    return {
        "users": len(user_rows),
        "staff": staff_count,
        "planners": len(planner_rows),
        "admins": scale.admins,
        "memberships": len(membership_rows),
        "logins": logins,
    }


def bump_versions(kreise: Iterable[str]) -> None:
    """The cached pages show the new rows: raise every scope they depend on."""
    from lebenswert.core.fragments import (
        COOPERATIONS,
        DIRECTORY,
        ROLES,
        bump,
        figures_scope,
    )

    # ROLES: the new memberships and planner assignments (COPY bypasses the
    # models' data_scopes()); role facts are cached per user and ROLES version.
    bump(DIRECTORY, COOPERATIONS, ROLES, *(figures_scope(kreis) for kreis in kreise))


@contextmanager
def timed(phases: dict, name: str):
    started = time.perf_counter()
    yield
    phases[name] = round(time.perf_counter() - started, 2)


def generate(
    *,
    directory_file: Path | None = GV100AD_FILE,
    scale: Scale = Scale(),
    logins_file: Path | None = None,
    seed: int = 16,
) -> dict:
    """Generate the national data set; returns counts and seconds per phase."""
    from django.core.management import call_command
    from django.db import connection, transaction

    rng = random.Random(seed)
    phases: dict[str, float] = {}
    started = time.perf_counter()
    if directory_file is not None:
        with timed(phases, "directory"):
            call_command("import_gv100ad", str(directory_file), verbosity=0)
    grouped = places_by_kreis()
    places = [place for kreis in sorted(grouped) for place in grouped[kreis]]
    with timed(phases, "commit"), transaction.atomic():
        with timed(phases, "figure_values"):
            values = figure_values(places, scale)
        with timed(phases, "cooperations"):
            register = cooperations(grouped, scale, rng)
        with timed(phases, "accounts"):
            people = accounts(grouped, scale, rng)
        bump_versions(grouped)
    # "commit" includes the phases above; alone it is the deferred checks.
    phases["commit"] = round(
        phases["commit"]
        - phases["figure_values"]
        - phases["cooperations"]
        - phases["accounts"],
        2,
    )
    with timed(phases, "analyze"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    logins = people.pop("logins")
    if logins_file is not None:
        logins_file.parent.mkdir(parents=True, exist_ok=True)
        logins_file.write_text(json.dumps({"password": PASSWORD, **logins}))
    return {
        "municipalities": len(places),
        "kreise": len(grouped),
        **values,
        **register,
        **people,
        "seconds": phases,
        "total_seconds": round(time.perf_counter() - started, 2),
        "logins_file": str(logins_file) if logins_file else None,
    }


def bench_generate(env: dict[str, str], timeout: int = 900) -> dict:
    """Run `generate` in the bench environment (bench/run.py); its JSON result."""
    from bench.options import json_of

    result = json_of(["bench/national.py", "generate"], env, timeout)
    if "error" in result:
        raise RuntimeError(f"national generate failed: {result['error']}")
    return result


def logins_path() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "bench" / "national-logins.json"


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "generate":
        print(__doc__, file=sys.stderr)
        return 2
    setup_django()
    directory = None if "--no-directory" in argv else GV100AD_FILE
    result = generate(directory_file=directory, logins_file=logins_path())
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
