"""The hazard month rollup: triggers that keep it exact, and its rebuild.

``hazards_hazardmonth`` (per township and month found) and ``hazards_hazardsectormonth`` (the same per
sector) count the hazards found in each calendar month by what they are now: found, major, and by
status. Database triggers on ``hazards_hazard`` write them, row by row and in the same transaction
as the change, so no write path can leave them behind and no reader ever sees them stale: a hazard's
insert adds one to its cells, its delete takes one away, and an update that moves it (another
township, sector, month, level or status) takes it out of the old cells and adds it to the new.

PostgreSQL and SQLite each get their own trigger dialect; both are installed by migration
``hazards.0006_hazard_month_rollup``. ``rebuild()`` recounts everything from the hazards: after a bulk
load with the triggers switched off (``seed_scale``) or by hand (``manage.py rebuild_hazard_rollup``).

Readers: ``hazards.selectors`` (whole months from here, the partial months at a period's edges and
the hazards closed after a past period's end read live).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from hazards.models import Hazard, HazardMonthCounts

COUNTERS = HazardMonthCounts.COUNTERS
STATUSES = tuple(Hazard.Status.values)  # each a counter of its own
TABLE_KEYS = (
    ("hazards_hazardmonth", ("org_unit_id", "month")),
    ("hazards_hazardsectormonth", ("org_unit_id", "month", "sector_id")),
)
# The columns of the hazard row whose change moves it between cells.
MOVES = ("org_unit_id", "sector_id", "found_on", "level", "status")


def _values(row: str, sign: str, month: str) -> dict[str, str]:
    """Each counter's increment for one hazard row (NEW or OLD), as SQL expressions."""

    def flag(condition: str) -> str:
        return f"(CASE WHEN {condition} THEN {sign} ELSE 0 END)"

    values = {
        "org_unit_id": f"{row}.org_unit_id",
        "sector_id": f"{row}.sector_id",
        "month": month.format(row=row),
        "found": sign,
        "major_found": flag(f"{row}.level = 'major'"),
        "major_closed": flag(f"{row}.level = 'major' AND {row}.status = 'closed'"),
    }
    values.update({status: flag(f"{row}.status = '{status}'") for status in STATUSES})
    return values


def _upserts(row: str, sign: str, month: str) -> str:
    values = _values(row, sign, month)
    statements = []
    for table, keys in TABLE_KEYS:
        columns = (*keys, *COUNTERS)
        updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
        statements.append(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values[c] for c in columns)}) "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates};"
        )
    return "\n".join(statements)


def _moved(differs: str = "IS DISTINCT FROM") -> str:
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in MOVES)


POSTGRES_MONTH = "date_trunc('month', {row}.found_on)::date"
SQLITE_MONTH = "date({row}.found_on, 'start of month')"


def postgres_install_sql() -> list[str]:
    return [
        f"""
CREATE OR REPLACE FUNCTION hazards_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {_upserts("OLD", "-1", POSTGRES_MONTH)}
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    {_upserts("NEW", "1", POSTGRES_MONTH)}
  END IF;
  RETURN NULL;
END;
$$;""",
        "DROP TRIGGER IF EXISTS hazards_rollup_insert_delete ON hazards_hazard;",
        "CREATE TRIGGER hazards_rollup_insert_delete AFTER INSERT OR DELETE ON hazards_hazard "
        "FOR EACH ROW EXECUTE FUNCTION hazards_rollup_apply();",
        "DROP TRIGGER IF EXISTS hazards_rollup_update ON hazards_hazard;",
        # Most edits (a note, a photo, the five measures) move nothing: they cost no rollup write.
        f"CREATE TRIGGER hazards_rollup_update AFTER UPDATE ON hazards_hazard FOR EACH ROW "
        f"WHEN ({_moved()}) EXECUTE FUNCTION hazards_rollup_apply();",
    ]


def postgres_uninstall_sql() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS hazards_rollup_insert_delete ON hazards_hazard;",
        "DROP TRIGGER IF EXISTS hazards_rollup_update ON hazards_hazard;",
        "DROP FUNCTION IF EXISTS hazards_rollup_apply();",
    ]


def sqlite_install_sql() -> list[str]:
    return [
        *sqlite_uninstall_sql(),
        # Django leaves out a unique constraint with INCLUDE columns where the database has no covering
        # indexes; the upserts need the uniqueness, so SQLite gets it without them.
        "CREATE UNIQUE INDEX IF NOT EXISTS hazard_month_unique ON hazards_hazardmonth (org_unit_id, month);",
        "CREATE UNIQUE INDEX IF NOT EXISTS hazard_sector_month_unique "
        "ON hazards_hazardsectormonth (org_unit_id, month, sector_id);",
        f"CREATE TRIGGER hazards_rollup_insert AFTER INSERT ON hazards_hazard BEGIN\n"
        f"{_upserts('NEW', '1', SQLITE_MONTH)}\nEND;",
        f"CREATE TRIGGER hazards_rollup_delete AFTER DELETE ON hazards_hazard BEGIN\n"
        f"{_upserts('OLD', '-1', SQLITE_MONTH)}\nEND;",
        # IS NOT: SQLite's null-safe "differs" since long before IS DISTINCT FROM (3.39, 2022).
        f"CREATE TRIGGER hazards_rollup_update AFTER UPDATE ON hazards_hazard WHEN {_moved('IS NOT')} BEGIN\n"
        f"{_upserts('OLD', '-1', SQLITE_MONTH)}\n{_upserts('NEW', '1', SQLITE_MONTH)}\nEND;",
    ]


def sqlite_uninstall_sql() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS hazards_rollup_{name};" for name in ("insert", "delete", "update")]


def sqlite_drop_unique_sql() -> list[str]:
    return ["DROP INDEX IF EXISTS hazard_month_unique;", "DROP INDEX IF EXISTS hazard_sector_month_unique;"]


def install(conn: BaseDatabaseWrapper | None = None) -> None:
    conn = conn or connection
    statements = postgres_install_sql() if conn.vendor == "postgresql" else sqlite_install_sql()
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def uninstall(conn: BaseDatabaseWrapper | None = None) -> None:
    conn = conn or connection
    statements = (
        postgres_uninstall_sql()
        if conn.vendor == "postgresql"
        else [*sqlite_uninstall_sql(), *sqlite_drop_unique_sql()]
    )
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _count_sql(keys: tuple[str, ...], month: str) -> str:
    """The rollup's rows counted from the hazards: the keys, then the counters."""
    values = _values("h", "1", month)
    sums = ", ".join(f"SUM({values[c]})" for c in COUNTERS)
    group = ", ".join(values[k] for k in keys)
    return f"SELECT {group}, {sums} FROM hazards_hazard h GROUP BY {group}"


def _month_sql(conn: BaseDatabaseWrapper) -> str:
    return POSTGRES_MONTH if conn.vendor == "postgresql" else SQLITE_MONTH


def rebuild(conn: BaseDatabaseWrapper | None = None) -> None:
    """Recount both tables from the hazards, in one transaction (readers see the old counts until commit)."""
    conn = conn or connection
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # No hazard may change between the recount and the commit.
            cursor.execute("LOCK TABLE hazards_hazard IN SHARE MODE")
        for table, keys in TABLE_KEYS:
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(
                f"INSERT INTO {table} ({', '.join((*keys, *COUNTERS))}) " + _count_sql(keys, _month_sql(conn))
            )


def differences(conn: BaseDatabaseWrapper | None = None) -> list[tuple[str, tuple, tuple, tuple]]:
    """Where the rollup and a recount of the hazards disagree: (table, key, stored, counted).

    Empty while the triggers are in place; a table loaded with them off (or a TRUNCATE, which fires no
    row trigger) shows up here. Cells every hazard has left (all counters zero) are no difference.
    """
    conn = conn or connection
    found = []
    fresh = not conn.in_atomic_block
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql" and fresh:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one snapshot for both reads
        for table, keys in TABLE_KEYS:
            cursor.execute(_count_sql(keys, _month_sql(conn)))
            # Keys as text: SQLite hands the stored month back as a date and the counted one as a string.
            counted = {tuple(map(str, row[: len(keys)])): tuple(row[len(keys) :]) for row in cursor.fetchall()}
            cursor.execute(f"SELECT {', '.join((*keys, *COUNTERS))} FROM {table}")
            stored = {tuple(map(str, row[: len(keys)])): tuple(row[len(keys) :]) for row in cursor.fetchall()}
            zero = (0,) * len(COUNTERS)
            for key in sorted(counted.keys() | stored.keys(), key=str):
                have, want = stored.get(key, zero), counted.get(key, zero)
                if tuple(int(v) for v in have) != tuple(int(v) for v in want):
                    found.append((table, key, have, want))
    return found


def rebuild_after_restore(**_kwargs: object) -> None:
    """The ``org.backup.restored`` receiver."""
    rebuild()
