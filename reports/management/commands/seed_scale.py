"""Fill PostgreSQL with a province's worth of records for the benchmark (bench/README.md).

    python manage.py seed_scale --hazards 1000000

builds a province, 规模测试省 (a city-kind unit at the root: the tree has no province level), with
10 cities, 100 districts, 2,000 townships and 4,000 villages, and COPYs in
1,000,000 hazards, 100,000 inspections (with their findings and orders), 20,000 cases,
4,000 accidents, a flood season's roster and records, and a published township ranking.
Other counts follow the hazards. Deterministic (fixed seed); a second run does nothing.
Refuses SQLite: COPY is PostgreSQL's, and the figures only mean something there.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from enforcement.models import Case, Finding, Inspection, RectificationOrder
from floodprep.models import CheckIn, Drill, RescueTeam, ResponsiblePerson, RiskInspection, RiskPoint, Shelter
from hazards import rollup
from hazards.models import Campaign, Hazard, Sector
from org.models import OrgUnit, Role, User
from org.services import user_create
from reports.management.commands import _scale_data as data
from responsibility.models import Accident, Colour, Ranking, RankingEntry, RankingScheme

ROOT = ("规模测试省", "S9")
PASSWORD = "Demo@2026"
# (username, role, which unit: the root or the first township)
USERS = [
    ("scale_leader", Role.LEADER, "root"),
    ("scale_city_leader", Role.LEADER, "city"),
    ("scale_clerk", Role.CLERK, "city"),
    ("scale_staff", Role.TOWNSHIP_STAFF, "township"),
]
TABLES = [
    "hazards_hazard",
    "hazards_hazardmonth",
    "hazards_hazardsectormonth",
    "enforcement_inspection",
    "enforcement_finding",
    "enforcement_rectificationorder",
    "enforcement_case",
    "responsibility_accident",
    "floodprep_responsibleperson",
    "floodprep_checkin",
    "floodprep_riskpoint",
    "floodprep_riskinspection",
    "floodprep_shelter",
    "floodprep_drill",
    "responsibility_rankingentry",
    "org_orgunit",
]


class Command(BaseCommand):
    help = "Fill PostgreSQL with 1,000,000 hazards and proportional records for the benchmark (COPY; not SQLite)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hazards", type=int, default=1_000_000)
        parser.add_argument("--cities", type=int, default=10)
        parser.add_argument("--districts", type=int, default=100)
        parser.add_argument("--townships", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=20260630)

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_scale writes with PostgreSQL's COPY and measures PostgreSQL; "
                "set DATABASE_URL to a PostgreSQL database of its own."
            )
        if OrgUnit.objects.filter(code=ROOT[1]).exists():
            self.stdout.write(f"{ROOT[0]} is already there: nothing to do.")
            return
        self.rng = random.Random(options["seed"])
        self.today = timezone.localdate()
        self.start = dt.date(self.today.year - 1, 1, 1)
        n = options["hazards"]
        began = time.perf_counter()
        with transaction.atomic():
            townships = self.step(
                "org units", lambda: self.org_tree(options["cities"], options["districts"], options["townships"])
            )
            self.step("users", lambda: self.users(townships))
            self.step("hazards", lambda: self.hazards(n, townships))
            inspections = self.step("inspections", lambda: self.enforcement(n // 10, townships))
            self.step("cases", lambda: self.cases(n // 50, inspections))
            self.step(
                "accidents",
                lambda: data.copy_rows(
                    Accident,
                    data.accident_rows(
                        max(n // 250, 1),
                        rng=self.rng,
                        townships=[t for t, _v in townships],
                        start=self.start,
                        today=self.today,
                    ),
                ),
            )
            self.step("flood records", lambda: self.flood(townships))
            self.step("ranking", self.ranking)
        self.step("vacuum analyze", self.vacuum)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - began:.0f} s."))

    def step(self, label: str, work: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        result = work()
        count = f" ({result:,})" if isinstance(result, int) else ""
        self.stdout.write(f"{label}{count}: {time.perf_counter() - began:.1f} s")
        return result

    # --- org tree and people --------------------------------------------------------------------------------

    def org_tree(self, cities: int, districts: int, townships: int) -> list[tuple[int, list[tuple[int, str]]]]:
        root = OrgUnit.objects.create(name=ROOT[0], code=ROOT[1], kind=OrgUnit.Kind.CITY, path=f"{ROOT[1]}/")
        self.bureau = OrgUnit.objects.create(
            name=f"{ROOT[0]}应急管理厅",
            code=f"{ROOT[1]}D01",
            kind=OrgUnit.Kind.DEPARTMENT,
            parent=root,
            path=f"{root.path}{ROOT[1]}D01/",
            sort_order=900,
        )
        self.root = root
        self.cities = OrgUnit.objects.bulk_create(
            OrgUnit(
                name=f"测试{c:02d}市",
                code=f"{ROOT[1]}C{c:02d}",
                kind=OrgUnit.Kind.CITY,
                parent=root,
                path=f"{root.path}{ROOT[1]}C{c:02d}/",
                sort_order=c,
            )
            for c in range(1, cities + 1)
        )
        per_city = max(districts // cities, 1)
        made_districts = OrgUnit.objects.bulk_create(
            OrgUnit(
                name=f"测试{c:02d}市{d:02d}区",
                code=f"{city.code}{d:02d}",
                kind=OrgUnit.Kind.DISTRICT,
                parent=city,
                path=f"{city.path}{city.code}{d:02d}/",
                sort_order=d,
            )
            for c, city in enumerate(self.cities, start=1)
            for d in range(1, per_city + 1)
        )
        per_district = max(townships // districts, 1)
        made_townships = OrgUnit.objects.bulk_create(
            OrgUnit(
                name=f"{district.name}{t:02d}镇",
                short_name=f"{d:03d}-{t:02d}镇",
                code=f"{district.code}{t:03d}",
                kind=OrgUnit.Kind.TOWNSHIP,
                parent=district,
                path=f"{district.path}{district.code}{t:03d}/",
                sort_order=t,
            )
            for d, district in enumerate(made_districts, start=1)
            for t in range(1, per_district + 1)
        )
        villages = OrgUnit.objects.bulk_create(
            OrgUnit(
                name=f"{name}村",
                code=f"{township.code}{v:02d}",
                kind=OrgUnit.Kind.VILLAGE,
                parent=township,
                path=f"{township.path}{township.code}{v:02d}/",
                sort_order=v,
            )
            for township in made_townships
            for v, name in enumerate(("和平", "新华"), start=1)
        )
        city_of: dict[int | None, int | None] = {d.pk: d.parent_id for d in made_districts}
        self.townships_by_city: dict[int | None, list[int]] = {c.pk: [] for c in self.cities}
        for township in made_townships:
            self.townships_by_city[city_of[township.parent_id]].append(township.pk)
        by_township: dict[int | None, list[tuple[int, str]]] = {t.pk: [] for t in made_townships}
        for village in villages:
            by_township[village.parent_id].append((village.pk, village.name[:2]))
        return [(t.pk, by_township[t.pk]) for t in made_townships]

    def users(self, townships: list[tuple[int, list[tuple[int, str]]]]) -> int:
        first = OrgUnit.objects.get(pk=townships[0][0])
        for username, role, where in USERS:
            if not User.objects.filter(username=username).exists():
                user_create(
                    username=username,
                    password=PASSWORD,
                    role=role,
                    display_name=username,
                    org_unit={"root": self.root, "city": self.cities[0]}.get(where, first),
                )
        return len(USERS)

    # --- records --------------------------------------------------------------------------------------------

    def hazards(self, n: int, townships: list[tuple[int, list[tuple[int, str]]]]) -> int:
        sectors = dict(Sector.objects.values_list("name", "pk"))
        campaign, _ = Campaign.objects.get_or_create(
            name=f"{ROOT[0]}隐患大排查大整治行动",
            defaults={"start": dt.date(self.today.year, 3, 1), "end": dt.date(self.today.year, 12, 31)},
        )
        targets = {sectors[s] for s in ("消防", "城镇燃气", "工贸", "自建房") if s in sectors}
        campaign.sectors.set(targets)
        # A million row triggers would take minutes: the month rollup is counted once, after the COPY,
        # in the same transaction (hazards/rollup.py).
        rollup.uninstall()
        written = data.copy_rows(
            Hazard,
            data.hazard_rows(
                n,
                rng=self.rng,
                townships=townships,
                sectors=sectors,
                start=self.start,
                today=self.today,
                campaign=(campaign.pk, campaign.start, targets),
            ),
        )
        rollup.install()
        rollup.rebuild()
        return written

    def enforcement(self, n: int, townships: list[tuple[int, list[tuple[int, str]]]]) -> list[tuple]:
        first = data.next_id(Inspection)
        rows = list(
            data.inspection_rows(
                n,
                rng=self.rng,
                first_id=first,
                townships=[t for t, _v in townships],
                sectors=list(Sector.objects.values_list("pk", flat=True)),
                issuer=self.bureau.pk,
                start=self.start,
                today=self.today,
            )
        )
        data.copy_rows(Inspection, rows, with_pk=True)
        dated = [(r["id"], r["inspected_on"]) for r in rows]
        data.copy_rows(Finding, data.finding_rows(dated, rng=self.rng))
        data.copy_rows(RectificationOrder, data.order_rows(dated, rng=self.rng, today=self.today))
        return [(r["id"], r["org_unit_id"], r["inspected_on"], r["sector_id"]) for r in rows]

    def cases(self, n: int, inspections: list[tuple]) -> int:
        return data.copy_rows(
            Case, data.case_rows(n, rng=self.rng, inspections=inspections, issuer=self.bureau.pk, today=self.today)
        )

    def flood(self, townships: list[tuple[int, list[tuple[int, str]]]]) -> int:
        season_end = min(self.today, dt.date(self.today.year, 10, 15))
        rows = data.flood_rows(
            rng=self.rng,
            townships=townships,
            first_person=data.next_id(ResponsiblePerson),
            season=(dt.date(self.today.year, 4, 15), season_end),
        )
        total = data.copy_rows(ResponsiblePerson, rows["persons"], with_pk=True)
        for model, key in (
            (CheckIn, "checkins"),
            (RiskPoint, "points"),
            (RiskInspection, "inspections"),
            (RescueTeam, "teams"),
            (Shelter, "shelters"),
            (Drill, "drills"),
        ):
            total += data.copy_rows(model, rows[key])
        return total

    def ranking(self) -> int:
        """Each city's latest published three-colour ranking of its townships (a fifth blue, a fifth red)."""
        now = timezone.now()
        written = 0
        for city in self.cities:
            townships = self.townships_by_city[city.pk]
            scheme = RankingScheme.objects.create(org_unit=city, name=f"{city.name}镇街晾晒")
            ranking = Ranking.objects.create(
                scheme=scheme,
                org_unit=city,
                issue=1,
                period_start=dt.date(self.today.year, 1, 1),
                period_end=self.today,
                status=Ranking.Status.PUBLISHED,
                township_count=len(townships),
                computed_at=now,
                published_at=now,
            )
            scores = sorted(((Decimal(self.rng.randrange(4000, 9900)) / 100, t) for t in townships), reverse=True)
            fifth = len(scores) // 5
            written += data.copy_rows(
                RankingEntry,
                (
                    {
                        "ranking_id": ranking.pk,
                        "org_unit_id": township,
                        "position": place,
                        "rank": place,
                        "score": score,
                        "indicator_points": score,
                        "rubric_points": Decimal(0),
                        "breakdown": {},
                        "colour": Colour.BLUE
                        if place <= fifth
                        else Colour.RED
                        if place > len(scores) - fifth
                        else Colour.YELLOW,
                    }
                    for place, (score, township) in enumerate(scores, start=1)
                ),
            )
        return written

    def vacuum(self) -> None:
        # Fresh statistics for the planner, and the visibility map that lets it answer from indexes alone.
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f'VACUUM (ANALYZE) "{table}"')
