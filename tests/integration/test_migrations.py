"""An empty database migrates from zero to today's models (issue 20), on SQLite and on the real PostgreSQL.

The migrations are run by `manage.py migrate` in a process of its own, as a bureau's first install runs them,
against a database made for the test; then what the portal needs beyond the tables is checked to be there:
the hazard rollup's triggers (frozen SQL in hazards 0006) under the names today's hazards/rollup.py gives them,
the sectors (a data migration), the report skeleton (post_migrate), and no model change without its migration.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from hazards import rollup

ROOT = Path(settings.BASE_DIR)
APPS = ("org", "enterprises", "hazards", "enforcement", "floodprep", "responsibility", "reports")
# A migration may name the callables Django itself keeps in it (upload_to, validators); no other live code.
ALLOWED_IMPORTS = {"org.uploads", "enterprises.codes"}
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

CHECK = """
import re
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hazards.models import Sector
from reports.models import SectionTemplate
executor = MigrationExecutor(connection)
print("PLAN", len(executor.migration_plan(executor.loader.graph.leaf_nodes())))
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'hazards_rollup%'")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hazards_rollup%'")
    print("TRIGGERS", ",".join(sorted(row[0] for row in cursor.fetchall())))
print("SECTORS", Sector.objects.count())
print("SECTIONS", SectionTemplate.objects.count())
"""


def _manage(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "safetyportal.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _live_trigger_names(vendor: str) -> str:
    statements = rollup.postgres_install_sql() if vendor == "postgresql" else rollup.sqlite_install_sql()
    names = {sql.split("CREATE TRIGGER ", 1)[1].split()[0] for sql in statements if "CREATE TRIGGER " in sql}
    return ",".join(sorted(names))


def _migrate_and_check(database_url: str, vendor: str) -> None:
    migrated = _manage(database_url, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    checked = _manage(database_url, "shell", "-c", CHECK)
    assert checked.returncode == 0, checked.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in checked.stdout.splitlines() if " " in line)
    assert lines["PLAN"] == "0"
    assert lines["TRIGGERS"] == _live_trigger_names(vendor)
    assert int(lines["SECTORS"]) > 0
    assert int(lines["SECTIONS"]) > 0
    unmade = _manage(database_url, "makemigrations", "--check", "--dry-run")
    assert unmade.returncode == 0, unmade.stdout[-2000:]


def test_an_empty_sqlite_database_migrates_from_zero(tmp_path):
    _migrate_and_check(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "sqlite")


@pytest.mark.integration
def test_an_empty_postgresql_database_migrates_from_zero():
    from tests.integration.conftest import service_missing

    name = f"sp_fresh_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        service_missing(f"PostgreSQL at 127.0.0.1:5432: {exc}")
        return
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            _migrate_and_check(f"postgres://postgres@127.0.0.1:5432/{name}", "postgresql")
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_no_migration_imports_live_code():
    live = {
        f"{path.relative_to(ROOT)}: {module}"
        for app in APPS
        for path in sorted((ROOT / app / "migrations").glob("0*.py"))
        for module in _imported_modules(path)
        if module.split(".")[0] in APPS and module not in ALLOWED_IMPORTS
    }
    assert live == set()
