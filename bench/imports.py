"""5,000-row backlog imports of every org.imports kind against a bare bulk_create of the same rows (issue 15).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_h1 .venv/bin/python bench/imports.py [--rounds 3]

or ``bench/run.py --only records``. Needs only a migrated database: the bench makes its own small world once
(基准市, 20 townships, its 应急管理局, two officers and a clerk who imports). For each kind — inspections
(2,500 inspections of two findings each), penalty cases, accidents, meetings, publicity events — it times

* the dry run: ``org.imports.check_file`` (openpyxl's read-only parse, every cell checked, the duplicate query);
* the write: the kind's own write (``org.imports.import_checked``: bulk inserts, one audit entry per record,
  case numbers reserved in one block) in a transaction rolled back;
* the floor: a bare ``bulk_create`` of the same model rows (for inspections, of the inspections, their
  officers and their findings; for cases, with numbers already made), rolled back too — what no import can beat;
* the worker's whole run: ``import_job_run`` from the kept file (the re-check and the write), rolled back;

ours and the floor in turns, medians of ``--rounds``; peak memory is tracemalloc's (Python allocations),
in a round of its own since tracing slows what it measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetyportal.settings.dev")
os.environ["DJANGO_DEBUG"] = "False"  # no query log: what production runs

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

ROWS = 5000
TOWNSHIPS = 20


class _RolledBack(Exception):
    pass


def rolled_back(fn: Callable[[], Any]) -> float:
    began = time.perf_counter()
    try:
        with transaction.atomic():
            fn()
            raise _RolledBack
    except _RolledBack:
        pass
    return time.perf_counter() - began


def world() -> tuple[Any, list[Any]]:
    """基准市 and what its clerk needs to import into it; made once, found after."""
    from django.contrib.auth.hashers import make_password

    from enforcement.models import OfficerCertificate
    from org.models import OrgUnit, Role, User
    from org.services import org_unit_create

    def unit(code: str, name: str, kind: str, parent: Any = None) -> Any:
        return OrgUnit.objects.filter(code=code).first() or org_unit_create(
            name=name, code=code, kind=kind, parent=parent
        )

    city = unit("BENCHIMP", "基准市", OrgUnit.Kind.CITY)
    unit("BENCHIMPD", "基准市应急管理局", OrgUnit.Kind.DEPARTMENT, city)
    townships = [unit(f"BENCHIMPT{i:02d}", f"基准{i:02d}街道", OrgUnit.Kind.TOWNSHIP, city) for i in range(TOWNSHIPS)]
    for username, name in (("bench_imp_jia", "基准甲"), ("bench_imp_yi", "基准乙")):
        officer, created = User.objects.get_or_create(
            username=username,
            defaults={"role": Role.OFFICER, "org_unit": city, "display_name": name, "password": make_password(None)},
        )
        if created:
            OfficerCertificate.objects.create(user=officer, number=f"BENCH{officer.pk:06d}")
    clerk, _ = User.objects.get_or_create(
        username="bench_imp_clerk",
        defaults={"role": Role.CLERK, "org_unit": city, "display_name": "基准文员", "password": make_password(None)},
    )
    return clerk, townships


def workbook(spec: Any, townships: list[Any], n: int = ROWS) -> bytes:
    """n rows of the kind's template, every cell filled as a clerk would: the first choice of each dropdown,
    dates through January to May 2026, texts made unique by the row's number."""
    from openpyxl import Workbook

    from org.imports import CHOICE, DATE, DECIMAL, INT, UNIT

    special: dict[str, Callable[[int], Any]] = {
        "officers": lambda i: "基准甲、基准乙",
        "joint_action_id": lambda i: None,
        "campaign_id": lambda i: None,
        "credit_code": lambda i: None,
        "closed_on": lambda i: None,
        "decided_on": lambda i: dt.date(2026, 1, 1) + dt.timedelta(days=i % 140 + 10),
        "fine_yuan": lambda i: 10000,
        "dead": lambda i: 0,
        "injured": lambda i: 0,
        "direct_loss_yuan": lambda i: 1000,
    }
    if spec.slug == "inspection":  # 2,500 inspections of two findings each, of the default kind
        special.update(
            kind=lambda i: None,
            unit_name=lambda i: f"基准企业{i // 2}",
            org_unit=lambda i: townships[(i // 2) % len(townships)].name,
            description=lambda i: f"基准问题{i % 2}",
            inspected_on=lambda i: dt.date(2026, 1, 1) + dt.timedelta(days=(i // 2) % 140),
            on_spot=lambda i: "是" if i % 2 else "否",
            legal_basis=lambda i: None,
            is_major=lambda i: "否",
        )
    book = Workbook()  # not write_only: Excel's own files say their dimensions, which a read-only parse uses
    sheet = book.active
    assert sheet is not None
    sheet.title = spec.sheet
    sheet.append([c.title for c in spec.columns])
    for i in range(n):
        row = []
        for c in spec.columns:
            if c.name in special:
                value = special[c.name](i)
            elif c.kind == DATE:
                value = dt.date(2026, 1, 1) + dt.timedelta(days=i % 140)
            elif c.kind == UNIT:
                value = townships[i % len(townships)].name
            elif c.kind == CHOICE:
                value = next(iter(c.labels()), None)
            elif c.kind in (INT, DECIMAL):
                value = 1
            else:  # an inspection's own cells are the same on both its rows
                same = i // 2 if spec.slug == "inspection" and c.name not in spec.line_fields else i
                value = f"{c.title[:4]}{same}"[: c.max_length or 200]
            row.append(value)
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def floor_rows(spec: Any, result: Any, clerk: Any) -> Callable[[], object]:
    """The same rows as bare model instances, inserted with nothing else: the floor."""
    from enforcement.importers import case_fields, default_issuer
    from enforcement.importers_inspections import _finding_fields, _inspection_fields
    from enforcement.models import Case, Finding, Inspection

    if spec.slug == "inspection":
        issuer = default_issuer(clerk)

        def insert() -> None:
            groups: dict[str, list[Any]] = {}
            for row in result.rows:
                groups.setdefault(row.key, []).append(row)
            inspections = Inspection.objects.bulk_create(
                [
                    Inspection(**_inspection_fields(rows[0].fields), issuer=issuer, import_key=key)
                    for key, rows in groups.items()
                ],
                batch_size=500,
            )
            through = Inspection.officers.through
            through.objects.bulk_create(
                [
                    through(inspection_id=inspection.pk, user_id=pk)
                    for inspection, rows in zip(inspections, groups.values(), strict=True)
                    for pk in rows[0].fields["officer_ids"]
                ],
                batch_size=1000,
            )
            Finding.objects.bulk_create(
                [
                    Finding(inspection=inspection, **values)
                    for inspection, rows in zip(inspections, groups.values(), strict=True)
                    for values in (_finding_fields(r.fields) for r in rows)
                    if values
                ],
                batch_size=500,
            )

        return insert
    if spec.slug == "case":
        issuer = default_issuer(clerk)
        return lambda: Case.objects.bulk_create(
            [
                Case(
                    **case_fields(row.fields),
                    number=f"基准罚〔2026〕{i}号",
                    issuer=issuer,
                    year=2026,
                    seq=i,
                    import_key=row.key,
                )
                for i, row in enumerate(result.rows, start=1)
            ],
            batch_size=500,
        )
    return lambda: spec.model.objects.bulk_create([spec.model(**row.fields) for row in result.rows], batch_size=500)


class _Nowhere:
    """The confirmation's task: the bench runs the worker's part itself, timed."""

    @staticmethod
    def apply_async(**_kwargs: object) -> None:
        return None


def bench_kind(spec: Any, clerk: Any, townships: list[Any], rounds: int, allowed: Callable[[Any], bool]) -> dict:
    from org import imports

    data = workbook(spec, townships)
    checks, writes, floors, runs = [], [], [], []
    for _ in range(rounds):
        began = time.perf_counter()
        result = imports.check_file(spec, io.BytesIO(data), clerk)
        checks.append(time.perf_counter() - began)
        assert result.ok, [(e.row, e.column, e.message) for e in result.errors[:3]]
        assert len(result.rows) == ROWS, len(result.rows)
        assert not result.duplicates, "run on a database without the bench's records"
        writes.append(rolled_back(lambda: imports.import_checked(spec, result, acting_user=clerk)))  # noqa: B023
        floors.append(rolled_back(floor_rows(spec, result, clerk)))

        def whole_run() -> None:
            job = imports.import_job_create(
                spec=spec, acting_user=clerk, content=data, filename="bench.xlsx", rows=ROWS, task=_Nowhere
            )
            began = time.perf_counter()
            job = imports.import_job_run(spec=spec, job_id=job.pk, allowed=allowed)
            runs.append(time.perf_counter() - began)
            assert job.status == "done", (job.params.get("message"), job.params.get("errors", [])[:3])
            job.file.delete(save=False)

        rolled_back(whole_run)
    tracemalloc.start()
    result = imports.check_file(spec, io.BytesIO(data), clerk)
    check_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.reset_peak()
    rolled_back(lambda: imports.import_checked(spec, result, acting_user=clerk))
    write_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.reset_peak()
    rolled_back(floor_rows(spec, result, clerk))
    floor_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    med = statistics.median
    return {
        "kind": spec.slug,
        "mb": len(data) / 1e6,
        "check": med(checks),
        "write": med(writes),
        "floor": med(floors),
        "run": med(runs),
        "check_peak": check_peak,
        "write_peak": write_peak,
        "floor_peak": floor_peak,
        "records": result.to_create,
    }


def run(rounds: int = 3) -> None:
    from enforcement.importers_inspections import IMPORT_ROLES
    from enforcement.importers_inspections import IMPORTS as ENFORCEMENT
    from org.scoping import user_has_role
    from responsibility.importers import IMPORTERS as RECORDERS
    from responsibility.importers import IMPORTS as RESPONSIBILITY

    clerk, townships = world()

    def roles_of(kind: str) -> Callable[[Any], bool]:
        return lambda user: user_has_role(user, IMPORT_ROLES[kind])

    kinds = [(ENFORCEMENT[k], roles_of(k)) for k in ("inspection", "case")]
    kinds += [(spec, lambda u: user_has_role(u, RECORDERS)) for spec in RESPONSIBILITY.values()]
    print(
        f"Backlog imports of {ROWS:,} rows by a clerk into {len(townships)} townships (writes rolled back; "
        f"medians of {rounds}; peak = tracemalloc)"
    )
    print(
        f"  {'kind':<11}{'records':>8}{'file':>8}   {'dry run':>14}   {'write':>14}   {'floor':>14}"
        f"   {'ratio':>6}   {'worker run':>10}"
    )
    for spec, allowed in kinds:
        r = bench_kind(spec, clerk, townships, rounds, allowed)
        print(
            f"  {r['kind']:<11}{r['records']:>8,}{r['mb']:>6.2f}MB   {r['check']:6.2f} s {r['check_peak']:4.0f} MB"
            f"   {r['write']:6.2f} s {r['write_peak']:4.0f} MB   {r['floor']:6.2f} s {r['floor_peak']:4.0f} MB"
            f"   {r['write'] / r['floor']:5.2f}x   {r['run']:8.2f} s",
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    run(parser.parse_args().rounds)
