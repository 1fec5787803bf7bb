"""Mutation testing of the rules that matter most (issue 20): how many deliberate breaks the tests catch.

    .venv/bin/python quality/mutation.py                 # every target below
    .venv/bin/python quality/mutation.py periods ranking # some of them

Each target is a module and the tests that guard it. The script clones the committed code (HEAD) to a
scratch directory, so the working tree is never touched, installs mutmut there (quality/requirements.txt),
runs mutmut 3 on the module with only those tests, and prints killed / survived / no-coverage / timeouts and
the score (killed ÷ mutants tested). Not run in CI: it takes from minutes to an hour a target on these machines.
The last recorded result is in quality/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The console script, not ``python -m mutmut``: run as __main__, mutmut's module state is loaded twice and the
# trampolines record their hits in the copy the test selection never reads ("no test case for any mutant").
MUTMUT = str(Path(sys.executable).parent / "mutmut")
APPS = ["org", "enterprises", "hazards", "enforcement", "floodprep", "responsibility", "reports", "safetyportal"]
# Everything the tests need beside the packages mutmut copies.
ALSO_COPY = ["manage.py", "conftest.py", "locale", "templates", "static", "fonts", "node_modules", "bench"]


@dataclass(frozen=True)
class Target:
    module: str
    tests: tuple[str, ...]


TARGETS = {
    "periods": Target("org/periods.py", ("tests/org/test_periods.py", "tests/reports/test_report_periods.py")),
    "scoping": Target(
        "org/scoping.py",
        (
            "tests/org/test_scoping.py",
            "tests/hazards/test_selectors.py",
            "tests/org/test_permissions.py",
            "tests/enterprises/test_enterprise_users.py",
            "tests/test_permission_matrix.py",
            "tests/enterprises/test_door_code.py",
            "tests/responsibility/test_scoping.py",
            # Written for the survivors of the first run (quality/README.md).
            "tests/org/test_scope_rules.py",
        ),
    ),
    "registry": Target(
        "reports/registry.py",
        (
            "tests/reports/test_registry.py",
            "tests/reports/test_rendered_cards.py",
            "tests/reports/test_returns_in_summary.py",
            "tests/responsibility/test_returns.py",
        ),
    ),
    "wording": Target("reports/wording.py", ("tests/reports/test_wording.py", "tests/test_rule_breaks.py")),
    "imports": Target(
        "org/imports.py",
        (
            "tests/responsibility/test_imports.py",
            "tests/enforcement/test_imports.py",
            "tests/enforcement/test_inspection_imports.py",
            "tests/enterprises/test_register_import.py",
            "tests/hazards/test_import.py",
            "tests/hazards/test_import_all_or_nothing.py",
            "tests/hazards/test_import_history.py",
            "tests/floodprep/test_import.py",
            # Written for the survivors of the first run (quality/README.md).
            "tests/org/test_import_files.py",
            "tests/org/test_import_cells.py",
            "tests/org/test_import_jobs.py",
        ),
    ),
    "ranking": Target("responsibility/ranking.py", ("tests/responsibility/test_ranking.py",)),
    "transitions": Target(
        "hazards/services.py",
        (
            "tests/hazards/test_loop.py",
            "tests/hazards/test_separation.py",
            "tests/hazards/test_conflict.py",
            "tests/hazards/test_five_conflict.py",
            "tests/hazards/test_bulk_close.py",
            "tests/hazards/test_overdue.py",
            "tests/hazards/test_stated_dates.py",
            "tests/hazards/test_closure_checks.py",
            "tests/hazards/test_entry.py",
            "tests/hazards/test_photo_exif.py",
            "tests/org/test_audit.py",
            "tests/enterprises/test_enterprise_users.py",
            # Written for the survivors of the first run (quality/README.md).
            "tests/hazards/test_overdue_job.py",
            "tests/hazards/test_step_records.py",
            "tests/hazards/test_bulk_refusals.py",
            "tests/hazards/test_offered_moves.py",
            "tests/hazards/test_conflict_message.py",
            "tests/hazards/test_step_audit.py",
        ),
    ),
}


# Appended to the clone's conftest.py: every mutant's run starts from a copy of one database migrated once, instead
# of migrating its own (9 of the 13 s a mutant of the registry took). A copy per process, so two children running
# side by side, or a test that flushes, never touch each other's data.
TEMPLATE_DB_FIXTURE = """

# --- added by quality/mutation.py (scratch clone only) ---
import os as _os
import shutil as _shutil


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    from django.db import connections

    copy = f"{_os.environ['MUTATION_TEMPLATE_DB']}.{_os.getpid()}"
    _shutil.copyfile(_os.environ["MUTATION_TEMPLATE_DB"], copy)
    with django_db_blocker.unblock():
        for connection in connections.all():
            connection.close()
            connection.settings_dict["NAME"] = copy
    yield
    _os.remove(copy)
"""


def _template_db(workdir: Path, env: dict[str, str]) -> Path:
    """The test database, migrated once for the whole target (the clone's code, before any mutation)."""
    template = workdir / "mutation-template.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=workdir,
        env={**env, "DATABASE_URL": f"sqlite:///{template}"},
        check=True,
    )
    with (workdir / "conftest.py").open("a", encoding="utf-8") as conftest:
        conftest.write(TEMPLATE_DB_FIXTURE)
    return template


def _existing(tests: tuple[str, ...], base: Path) -> list[str]:
    return [t for t in tests if (base / t).exists()]


def _config(target: Target, tests: list[str]) -> str:
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    return (
        "\n[tool.mutmut]\n"
        f"source_paths = {toml_list(APPS)}\n"
        f"only_mutate = {toml_list([target.module])}\n"
        f"also_copy = {toml_list(ALSO_COPY)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
        # mutmut's own allowance counts only the tests' call time, not the session's start (Django, the copy of
        # the template database), and would call every mutant of a loaded machine a timeout.
        "timeout_constant = 60.0\n"
    )


def _counts(workdir: Path) -> dict[str, int]:
    subprocess.run([MUTMUT, "export-cicd-stats"], cwd=workdir, check=True, capture_output=True, text=True)
    stats = json.loads((workdir / "mutants" / "mutmut-cicd-stats.json").read_text())
    return {k: int(v) for k, v in stats.items() if isinstance(v, int | float)}


def run(name: str, target: Target, scratch: Path) -> dict[str, object]:
    workdir = scratch / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(workdir)], check=True)
    for extra in ("node_modules",):  # not in git; the static files tests read them
        if (ROOT / extra).exists() and not (workdir / extra).exists():
            os.symlink(ROOT / extra, workdir / extra)
    tests = _existing(target.tests, workdir)
    with (workdir / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(_config(target, tests))
    started = time.monotonic()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "safetyportal.settings.test"}
    env.pop("DATABASE_URL", None)  # SQLite: each mutant's tests in their own copy of the template
    env["MUTATION_TEMPLATE_DB"] = str(_template_db(workdir, env))
    subprocess.run(
        [MUTMUT, "run", "--max-children", str(os.cpu_count() or 1)],
        cwd=workdir,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    counts = _counts(workdir)
    tested = counts.get("killed", 0) + counts.get("survived", 0) + counts.get("timeout", 0)
    caught = counts.get("killed", 0) + counts.get("timeout", 0)
    return {
        "target": name,
        "module": target.module,
        "tests": tests,
        **counts,
        "score": round(100 * caught / tested, 1) if tested else None,
        "minutes": round((time.monotonic() - started) / 60, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", choices=list(TARGETS), default=list(TARGETS))
    parser.add_argument("--keep", action="store_true", help="keep the scratch clones (to read `mutmut show`)")
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "-r", str(ROOT / "quality/requirements.txt")], check=True
    )
    scratch = Path(tempfile.mkdtemp(prefix="mutation-"))
    print(
        f"{'target':<12} {'module':<28} {'killed':>6} {'survived':>8} {'no tests':>8} {'timeout':>7} "
        f"{'score':>6} {'min':>5}"
    )
    for name in args.targets:
        result = run(name, TARGETS[name], scratch)
        print(
            f"{name:<12} {result['module']:<28} {result.get('killed', 0):>6} {result.get('survived', 0):>8} "
            f"{result.get('no_tests', 0):>8} {result.get('timeout', 0):>7} {str(result['score']) + '%':>6} "
            f"{result['minutes']:>5}",
            flush=True,
        )
    if args.keep:
        print(f"clones kept in {scratch}")
    else:
        subprocess.run(["rm", "-rf", str(scratch)], check=False)


if __name__ == "__main__":
    main()
