"""The SafetyPortal benchmark at a province's scale (see bench/README.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_bench .venv/bin/python bench/run.py

needs a database filled by ``manage.py seed_scale``. It prints, each beside its floor:
the city dashboard's server time against the bare SQL it runs; the ledger with two filters;
a 100,000-row Excel export against a bare openpyxl write-only dump of the same rows (seconds
and peak memory, each in a fresh process); the whole-year and half-year PDFs against WeasyPrint
rendering the finished HTML; drafting a whole-year summary (report_create, report_regenerate) for
the city and the province against their reads replayed bare; a 5,000-row Excel import with the
hazards' history (dry run and write) against a bare bulk_create of the same rows; and a 50-user load
test against gunicorn on loopback.

``--only dashboard,ledger,export,pdf,draft,writes,import,records,load,desks`` runs some of them (``records``, the
other backlog imports of bench/imports.py, needs only a migrated database); ``--rounds`` and
``--seconds`` shorten them; ``--users`` and ``--think`` set the desks run (people signed in, pausing between pages).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetyportal.settings.dev")
os.environ["DJANGO_DEBUG"] = "False"  # no query log, no debug pages: what production runs
os.environ.setdefault("CONN_MAX_AGE", "60")
# Sessions in Redis in front of the database, as production runs them (README: CACHE_URL).
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from org.models import OrgUnit, User  # noqa: E402

PASSWORD = "Demo@2026"
# The "desks" run: this many people signed in, each pausing about this long between pages.
DESK_USERS, DESK_THINK = 150, 3.0


def python_loop_seconds() -> float:
    """A fixed piece of CPU work: the same machine gives the same figure, a slower or busier one more."""
    best = float("inf")
    for _ in range(3):
        began, total = time.perf_counter(), 0
        for i in range(20_000_000):
            total += i
        best = min(best, time.perf_counter() - began)
    return best


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, rounds: int, warm: int = 2) -> list[float]:  # noqa: ANN001
    for _ in range(warm):
        fn()
    out = []
    for _ in range(rounds):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return out


def line(label: str, ms: list[float], extra: str = "") -> None:
    print(f"  {label:<44} p50 {statistics.median(ms):7.1f} ms   p95 {pct(ms, 0.95):7.1f} ms{extra}")


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def get_ok(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


# --- dashboard and ledger -----------------------------------------------------------------------------------


DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR ', re.S)


def bare_sql(queries: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql)
            if cursor.description:
                cursor.fetchall()


def dashboard_pair(label: str, client: Client, url: str, rounds: int) -> None:
    """The page's server time, and the same SQL statements run bare from a cursor: the floor."""
    get_ok(client, url)
    with CaptureQueriesContext(connection) as captured:
        get_ok(client, url)
    # A query read through a server-side cursor (QuerySet.iterator()) is run as its plain SELECT.
    queries = [DECLARE.sub("", q["sql"]) for q in captured.captured_queries]
    bare_sql(queries)
    # Alternately, so that the machine's speed, which drifts on a shared host, weighs on both alike.
    page, floor = [], []
    for _ in range(rounds):
        page += timed(lambda: get_ok(client, url), 1, warm=0)
        floor += timed(lambda: bare_sql(queries), 1, warm=0)
    line(f"{label} (server time)", page)
    line(
        f"  bare SQL: the same {len(queries)} statements",
        floor,
        f"   ratio {statistics.median(page) / statistics.median(floor):.2f}x",
    )


def bench_dashboard(rounds: int) -> None:
    from hazards.models import Sector

    city = client_for("scale_city_leader")
    unit = User.objects.get(username="scale_city_leader").org_unit
    assert unit is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM hazards_hazard h JOIN org_orgunit u ON u.id = h.org_unit_id WHERE u.path LIKE %s",
            [f"{unit.path}%"],
        )
        own = cursor.fetchone()[0]
    print(f"City dashboard ({unit.name}: 10 districts, 200 townships, {own:,} of the hazards)")
    dashboard_pair("city dashboard, this year", city, "/reports/dashboard/", rounds)
    fire = Sector.objects.get(name="消防").pk
    line(
        "city dashboard, fire sector, this half year",
        timed(lambda: get_ok(city, f"/reports/dashboard/?period=half&sector={fire}"), rounds),
    )
    district = OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT, path__startswith=unit.path).order_by("path").first()
    assert district is not None
    line(
        "city dashboard, one district picked",
        timed(lambda: get_ok(city, f"/reports/dashboard/?district={district.pk}"), rounds),
    )
    staff = client_for("scale_staff")
    line("township dashboard (scale_staff)", timed(lambda: get_ok(staff, "/reports/dashboard/township/"), rounds))
    township = User.objects.get(username="scale_staff").org_unit
    assert township is not None
    line(
        "township file (一镇一档), city leader",
        timed(lambda: get_ok(city, f"/reports/dashboard/township/{township.pk}/"), rounds),
    )
    print("Province-wide dashboard (scale_leader: every record)")
    dashboard_pair(
        "province dashboard, this year", client_for("scale_leader"), "/reports/dashboard/", max(5, rounds // 3)
    )


def bench_ledger(rounds: int) -> None:
    from hazards.models import Hazard, Sector

    print("Hazard ledger, first page of 25 with its count")
    leader = client_for("scale_city_leader")
    fire = Sector.objects.get(name="消防").pk
    line(
        "city leader: sector + status",
        timed(lambda: get_ok(leader, f"/hazards/?sector={fire}&status=rectifying"), rounds),
    )
    line("city leader: overdue + major", timed(lambda: get_ok(leader, "/hazards/?overdue=on&level=major"), rounds))
    city = User.objects.get(username="scale_city_leader").org_unit
    assert city is not None
    visible = Hazard.objects.filter(org_unit__path__startswith=city.path)
    pk = visible.order_by("-found_on").values_list("pk", flat=True).first()
    line("a hazard's page (for comparison)", timed(lambda: get_ok(leader, f"/hazards/{pk}/"), rounds))
    staff = client_for("scale_staff")
    line(
        "township staff: overdue + sector", timed(lambda: get_ok(staff, f"/hazards/?overdue=on&sector={fire}"), rounds)
    )


# --- export and PDF, each in a process of its own so that peak memory is its own -----------------------------


def run_child(kind: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind], capture_output=True, text=True, check=False, env=os.environ.copy()
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_export() -> None:
    print("Excel export of 100,000 filtered hazards (22 columns), each run in a fresh process")
    ours, floor = run_child("export"), run_child("export_floor")
    print(
        f"  HazardLedgerExporter.write_xlsx           {ours['seconds']:7.1f} s   peak RSS {ours['peak_mb']:5.0f} MB "
        f"(+{ours['peak_mb'] - ours['base_mb']:.0f} MB over the loaded app)   {ours['rows']:,} rows"
    )
    print(
        f"  bare openpyxl write-only dump, same rows  {floor['seconds']:7.1f} s   "
        f"peak RSS {floor['peak_mb']:5.0f} MB "
        f"(+{floor['peak_mb'] - floor['base_mb']:.0f} MB)   ratio {ours['seconds'] / floor['seconds']:.2f}x"
    )


def bench_pdf() -> None:
    for kind, title in (("pdf_year", "Whole-year"), ("pdf", "Half-year")):
        print(
            f"{title} summary PDF for the whole scope (测试01市, 200 townships in the appendix; "
            f"5 rounds alternating, medians)"
        )
        result = run_child(kind)
        runs = ", ".join(f"{v:.2f}" for v in result["runs"])
        floors = ", ".join(f"{v:.2f}" for v in result["floors"])
        print(
            f"  render_summary_pdf                        {result['seconds']:7.2f} s   {result['pages']} pages   "
            f"runs {runs}"
        )
        print(
            f"  WeasyPrint on the finished HTML           {result['floor']:7.2f} s   "
            f"ratio {result['ratio']:.2f}x   (context and HTML: {result['html']:.2f} s)   runs {floors}"
        )


# --- drafting a whole-year summary --------------------------------------------------------------------------

PROVINCE_CLERK = "bench_province_clerk"


def province_clerk() -> User:
    """A clerk of the province-level root (seed_scale has none: its province user is a leader); created once."""
    from django.contrib.auth.hashers import make_password

    from org.models import Role

    root = OrgUnit.objects.get(code="S9")
    user, _ = User.objects.get_or_create(
        username=PROVINCE_CLERK,
        defaults={
            "role": Role.CLERK,
            "org_unit": root,
            "password": make_password(PASSWORD),
            "display_name": PROVINCE_CLERK,
        },
    )
    return user


def draft_round(args: dict, *, capture: bool = False) -> tuple[float, float, list[str], list[str]]:
    """report_create then report_regenerate on that report, inside a transaction rolled back afterwards.

    Seconds of each, and (with ``capture``) the SQL each ran."""
    from django.db import transaction

    from reports import services

    created = regenerated = 0.0
    create_sql: list[str] = []
    regenerate_sql: list[str] = []
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) if capture else nullcontext() as captured:
                began = time.perf_counter()
                report = services.report_create(**args)
                created = time.perf_counter() - began
            if captured is not None:
                create_sql = [q["sql"] for q in captured.captured_queries]
            with CaptureQueriesContext(connection) if capture else nullcontext() as captured:
                began = time.perf_counter()
                services.report_regenerate(acting_user=args["acting_user"], report=report)
                regenerated = time.perf_counter() - began
            if captured is not None:
                regenerate_sql = [q["sql"] for q in captured.captured_queries]
            raise _RolledBack
    except _RolledBack:
        pass
    return created, regenerated, create_sql, regenerate_sql


def reads(queries: list[str]) -> list[str]:
    """The statements that read (the floor replays these; the writes of the report need its rows)."""
    out = []
    for sql in queries:
        sql = DECLARE.sub("", sql)
        head = sql.lstrip().split(None, 1)[0].upper()
        if head in ("SELECT", "WITH"):
            out.append(sql)
    return out


def round_trips(n: int) -> None:
    with connection.cursor() as cursor:
        for _ in range(n):
            cursor.execute("SELECT 1")
            cursor.fetchall()


def draft_pair(label: str, clerk: User, rounds: int) -> None:
    """Drafting a whole-year report: server time (median of ``rounds``) and queries, beside the floor
    measured alternately in the same run: the same SELECT statements replayed bare from a cursor, and a
    ``SELECT 1`` round trip as many times as it runs statements."""
    import scenarios

    from reports import services
    from reports.figures import hazard_figures
    from reports.models import SummaryReport

    args = scenarios.year_report_args(clerk)
    draft_round(args)  # warm: templates, registry, PostgreSQL's caches
    _, _, create_sql, regenerate_sql = draft_round(args, capture=True)
    create_reads, regenerate_reads = reads(create_sql), reads(regenerate_sql)
    # The hazard figures alone, for the scope and period the report counts (one module's selectors, for scale).
    scope = services.report_scope(
        SummaryReport(
            scope=args["scope"], period_start=args["period_start"], period_end=args["period_end"], as_of=args["as_of"]
        )
    )
    created, regenerated, bare_create, bare_regenerate, trips, hazard_only = [], [], [], [], [], []
    for _ in range(rounds):
        c, r, _, _ = draft_round(args)
        created.append(c * 1000)
        regenerated.append(r * 1000)
        bare_create += timed(lambda: bare_sql(create_reads), 1, warm=0)
        bare_regenerate += timed(lambda: bare_sql(regenerate_reads), 1, warm=0)
        trips += timed(lambda: round_trips(len(create_sql)), 1, warm=0)
        hazard_only += timed(lambda: hazard_figures(scope), 1, warm=0)
    med = statistics.median
    print(f"  {label}")
    print(
        f"    report_create (server time, median of {rounds})    {med(created):8.0f} ms   "
        f"{len(create_sql)} queries ({len(create_reads)} reads)   runs " + ", ".join(f"{v:.0f}" for v in created)
    )
    print(
        f"      floor: its {len(create_reads)} reads replayed bare     {med(bare_create):8.0f} ms   "
        f"ratio {med(created) / med(bare_create):.2f}x   "
        f"(Python and writes: {med(created) - med(bare_create):.0f} ms)"
    )
    print(
        f"      floor: SELECT 1 x {len(create_sql):<4}                 {med(trips):8.1f} ms   "
        f"hazard_figures alone {med(hazard_only):.0f} ms"
    )
    print(
        f"    report_regenerate on that report         {med(regenerated):8.0f} ms   "
        f"{len(regenerate_sql)} queries ({len(regenerate_reads)} reads)   runs "
        + ", ".join(f"{v:.0f}" for v in regenerated)
    )
    print(
        f"      floor: its {len(regenerate_reads)} reads replayed bare     {med(bare_regenerate):8.0f} ms   "
        f"ratio {med(regenerated) / med(bare_regenerate):.2f}x"
    )


def bench_draft(rounds: int) -> None:
    import scenarios

    clerk = User.objects.get(username="scale_clerk")
    args = scenarios.year_report_args(clerk)
    print(
        f"Drafting a whole-year summary ({args['period_start']}–{args['period_end']}, figures as of "
        f"{args['as_of']}), each run in a transaction rolled back"
    )
    assert clerk.org_unit is not None
    draft_pair(f"city: {clerk.org_unit.name} (scale_clerk)", clerk, rounds)
    province = province_clerk()
    assert province.org_unit is not None
    draft_pair(f"province: {province.org_unit.name} ({PROVINCE_CLERK}, every record)", province, rounds)


def child(kind: str) -> None:
    import scenarios

    base = rss_mb()
    began = time.perf_counter()
    result = getattr(scenarios, kind)()
    result.setdefault("seconds", time.perf_counter() - began)
    print(json.dumps({**result, "base_mb": base, "peak_mb": rss_mb()}))


class _RolledBack(Exception):
    pass


def bench_writes() -> None:
    """What the hazard month rollup's triggers cost writes: the same bulk insert and bulk close with the
    triggers installed and dropped, each inside a transaction that is rolled back (nothing is kept)."""
    import datetime as dt

    from django.db import transaction

    from hazards import rollup
    from hazards.models import Hazard, Sector

    units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).order_by("path")[:50])
    sectors = list(Sector.objects.all())
    marker = "bench: write cost"

    def rows(n: int) -> list[Hazard]:
        return [
            Hazard(
                org_unit=units[i % len(units)],
                sector=sectors[i % len(sectors)],
                found_on=dt.date(2026, 1 + i % 11, 1 + i % 28),
                place_name=marker,
                description=marker,
                status=Hazard.Status.REPORTED,
            )
            for i in range(n)
        ]

    print("What the rollup's triggers cost writes (5,000 hazards in 50 townships; rolled back)")
    for label, triggers in (("with the triggers", True), ("without them", False)) * 2:
        try:
            with transaction.atomic():
                if not triggers:
                    rollup.uninstall()
                began = time.perf_counter()
                Hazard.objects.bulk_create(rows(5000), batch_size=1000)
                inserted = time.perf_counter() - began
                began = time.perf_counter()
                Hazard.objects.filter(place_name=marker).update(
                    status=Hazard.Status.CLOSED, closed_on=dt.date(2026, 11, 20)
                )
                closed = time.perf_counter() - began
                raise _RolledBack
        except _RolledBack:
            pass
        print(f"  {label:<20} bulk_create 5,000 {inserted:5.2f} s   close them in one update {closed:5.2f} s")


IMPORT_ROWS = 5000
IMPORT_OFFICER = "bench_import_officer"


def import_workbook(townships: list[OrgUnit], sectors: list[str], n: int = IMPORT_ROWS) -> bytes:
    """A filled-in import template: n hazards of the first half of 2026 across the townships, with their history
    (30 % closed with every date and the re-inspector, 20 % awaiting re-inspection, 20 % rectifying, 20 % assigned,
    10 % reported)."""
    import datetime as dt

    from openpyxl import Workbook

    from hazards.importers import ALL_COLUMNS, SHEET

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([column.title for column in ALL_COLUMNS])
    statuses = ["已销号"] * 3 + ["待复查"] * 2 + ["整改中"] * 2 + ["已交办"] * 2 + ["已登记"]
    for i in range(n):
        found = dt.date(2026, 1, 1) + dt.timedelta(days=i % 150)
        status = statuses[i % len(statuses)]
        handed = status != "已登记"
        rectified = found + dt.timedelta(days=5) if status in ("已销号", "待复查") else None
        closed = found + dt.timedelta(days=7) if status == "已销号" else None
        sheet.append(
            [
                townships[i % len(townships)].name,
                "",
                f"导入测试场所{i}",
                "",
                f"测试路{i}号",
                sectors[i % len(sectors)],
                "",
                "镇街检查",
                f"bench: import 疏散通道堆放杂物 {i}",
                "一般隐患",
                found,
                "导入测试单位" if handed else "",
                "张三",
                "清理杂物",
                found + dt.timedelta(days=10) if handed else None,
                status,
                rectified,
                closed,
                "李四" if closed else "",
                closed,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bench_import(rounds: int = 3) -> None:
    """The Excel import of 5,000 hazards with their history: the dry run (parse and check every cell), the write
    (org.imports.import_rows: bulk insert and audit entries, the rollup's triggers on) and the worker's whole run
    (org.imports.import_job_run: the re-check and the write), against a bare Hazard.objects.bulk_create of the
    same rows. Every write in a transaction rolled back; ours and the floor in turns, medians of ``rounds``."""
    import tracemalloc

    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from hazards.importers import HAZARDS, IMPORTERS
    from hazards.models import Hazard, Sector
    from org.imports import check_file, import_job_create, import_job_run, import_rows
    from org.scoping import user_has_role

    def write_rows(result, user) -> None:  # noqa: ANN001
        import_rows(HAZARDS, result, acting_user=user)

    def hazards_of(result, user) -> list:  # noqa: ANN001
        return [Hazard(finder=user, **row.fields) for row in result.rows if not row.duplicate]

    from org.models import Role

    city = User.objects.get(username="scale_city_leader").org_unit
    officer, _ = User.objects.get_or_create(
        username=IMPORT_OFFICER,
        defaults={
            "role": Role.OFFICER,
            "org_unit": city,
            "password": make_password(PASSWORD),
            "display_name": IMPORT_OFFICER,
        },
    )
    townships = list(OrgUnit.objects.visible_to(officer).townships().order_by("path"))
    data = import_workbook(townships, list(Sector.objects.filter(is_active=True).values_list("name", flat=True)))
    print(
        f"Excel import of {IMPORT_ROWS:,} hazards with their history into {len(townships)} townships "
        f"({len(data) / 1e6:.1f} MB workbook; writes rolled back; medians of {rounds})"
    )

    def rolled_back(fn) -> float:  # noqa: ANN001
        began = time.perf_counter()
        try:
            with transaction.atomic():
                fn()
                raise _RolledBack
        except _RolledBack:
            pass
        return time.perf_counter() - began

    class _Nowhere:  # the claim's task: the bench runs the worker's part itself, timed
        name = "bench"

        @staticmethod
        def apply_async(**_kwargs: object) -> None:
            return None

    def whole_run() -> None:
        job = import_job_create(
            spec=HAZARDS, acting_user=officer, content=data, filename="bench.xlsx", rows=IMPORT_ROWS, task=_Nowhere
        )
        began = time.perf_counter()
        job = import_job_run(spec=HAZARDS, job_id=job.pk, allowed=lambda user: user_has_role(user, IMPORTERS))
        runs.append(time.perf_counter() - began)
        assert job.status == "done", (job.params.get("message"), job.params.get("errors", [])[:3])
        assert job.params["created"] == IMPORT_ROWS
        assert job.file.name is not None
        files.append(job.file.name)

    checks, writes, floors = [], [], []
    runs: list[float] = []
    files: list[str] = []
    for _ in range(rounds):
        began = time.perf_counter()
        result = check_file(HAZARDS, io.BytesIO(data), officer)
        checks.append(time.perf_counter() - began)
        assert result.ok, result.errors[:3]
        assert result.to_create == IMPORT_ROWS
        writes.append(rolled_back(lambda: write_rows(result, officer)))  # noqa: B023
        floors.append(
            rolled_back(
                lambda: Hazard.objects.bulk_create(
                    hazards_of(result, officer),  # noqa: B023
                    batch_size=500,
                )
            )
        )
        rolled_back(whole_run)
    from django.core.files.storage import default_storage

    for name in files:
        default_storage.delete(name)

    tracemalloc.start()
    result = check_file(HAZARDS, io.BytesIO(data), officer)
    check_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.reset_peak()
    rolled_back(lambda: write_rows(result, officer))
    write_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.reset_peak()
    rolled_back(lambda: Hazard.objects.bulk_create(hazards_of(result, officer), batch_size=500))
    floor_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()

    med = statistics.median
    print(f"  dry run: parse + check every cell        {med(checks):6.2f} s   peak {check_peak:5.0f} MB (tracemalloc)")
    print(f"  write: import_rows (insert + audit)      {med(writes):6.2f} s   peak {write_peak:5.0f} MB")
    print(
        f"  floor: bare Hazard bulk_create, same rows {med(floors):5.2f} s   peak {floor_peak:5.0f} MB   "
        f"ratio {med(writes) / med(floors):.2f}x"
    )
    print(
        f"  the worker's whole run (re-check + write) {med(runs):5.2f} s   (target: 5,000 rows within 30 s)   "
        f"process peak RSS {rss_mb():.0f} MB"
    )


def bench_records(rounds: int = 3) -> None:
    """The other backlog imports (issue 15): inspections, cases, accidents, meetings, publicity (bench/imports.py)."""
    import imports

    imports.run(rounds)


def bench_load(seconds: int) -> None:
    import load

    load.run(seconds=seconds)


def bench_desks(seconds: int, users: int, think: float) -> None:
    """People at their desks: signed in, pausing between pages. How many one server carries at p95 ≤ 500 ms."""
    import load

    load.run(seconds=seconds, users=users, think=think, warmup=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="dashboard,ledger,export,pdf,draft,writes,import,load,desks")
    parser.add_argument("--users", type=int, default=DESK_USERS, help="desks: how many people")
    parser.add_argument("--think", type=float, default=DESK_THINK, help="desks: seconds between pages")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--draft-rounds", type=int, default=3, help="draft: runs of each (median)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if args.only == "records":  # needs only a migrated database: it makes its own small world
        bench_records()
        return
    if connection.vendor != "postgresql" or not OrgUnit.objects.filter(code="S9").exists():
        raise SystemExit("Run seed_scale on a PostgreSQL database first (bench/README.md).")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM hazards_hazard")
        hazards = cursor.fetchone()[0]
    print(
        f"SafetyPortal bench · {hazards:,} hazards · {os.cpu_count()} cores · "
        f"{connection.settings_dict['NAME']} · {time.strftime('%Y-%m-%d %H:%M')}"
    )
    print(
        f"  machine speed: a pure-Python loop of 20,000,000 additions, best of 3: {python_loop_seconds():.2f} s "
        f"(compare runs on different machines by it; load average {os.getloadavg()[0]:.2f})"
    )
    steps = {
        "dashboard": lambda: bench_dashboard(args.rounds),
        "ledger": lambda: bench_ledger(args.rounds),
        "export": bench_export,
        "pdf": bench_pdf,
        "draft": lambda: bench_draft(args.draft_rounds),
        "writes": bench_writes,
        "import": bench_import,
        "records": bench_records,
        "load": lambda: bench_load(args.seconds),
        "desks": lambda: bench_desks(args.seconds, args.users, args.think),
    }
    for name in args.only.split(","):
        steps[name]()


if __name__ == "__main__":
    main()
