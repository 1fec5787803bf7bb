"""Flood preparedness demo data for the demo city 临江市: a roster of about 3,000
responsible persons with their check-ins, risk points and their inspections,
warehouses and stock, rescue teams, shelters, drills, training and forest patrols.

Deterministic (fixed random seed) and idempotent (does nothing the second time).
The inspections of the first half of the latest complete half-year add up to
seed 000's sentence: 出动检查人员3864人次，检查各类点位1234处，发现隐患168处，整改163处，
其余5处已落实度汛措施.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from floodprep.management.commands import _flood_demo_data as data
from floodprep.models import (
    CheckIn,
    Drill,
    ForestPatrol,
    PersonLevel,
    RescueTeam,
    ReserveStandard,
    ResponsiblePerson,
    RiskInspection,
    RiskPoint,
    Shelter,
    Stock,
    SupplyItem,
    Warehouse,
)
from floodprep.seasons import flood_season
from hazards.models import Hazard
from org.audit import AuditAction
from org.models import AuditEntry, OrgUnit, Role, User

SENTINEL = "临江市防汛物资储备中心仓库"
SEED_000 = {"staff_count": 3864, "points_checked": 1234, "hazards_found": 168, "measures_in_place": 5}


def _spread(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into parts proportional to ``weights`` that add up exactly (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


class Command(BaseCommand):
    help = "Add demo flood-preparedness records to the demo city (idempotent)."

    def handle(self, *args, **options) -> None:
        townships = list(OrgUnit.objects.townships().select_related("parent").order_by("path"))
        if not townships:
            self.stdout.write("No townships: run seed_demo first.")
            return
        if Warehouse.objects.filter(name=SENTINEL).exists():
            self.stdout.write("Demo flood records already present.")
            return
        with transaction.atomic():
            counts = Builder(townships).build()
        self.stdout.write("Demo flood records created: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


class Builder:
    def __init__(self, townships: list[OrgUnit]) -> None:
        self.rng = random.Random(20260415)
        self.today = timezone.localdate()
        # The latest first half-year that is over: its inspections (to 19 June) carry seed 000's figures.
        self.year = self.today.year if self.today >= dt.date(self.today.year, 6, 20) else self.today.year - 1
        self.townships = townships
        self.villages: dict[int | None, list[OrgUnit]] = {}
        for village in OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).order_by("path"):
            self.villages.setdefault(village.parent_id, []).append(village)
        self.districts = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT).order_by("path"))
        self.city = OrgUnit.objects.filter(kind=OrgUnit.Kind.CITY).order_by("path").first()
        self.staff = {u.org_unit_id: u for u in User.objects.filter(role=Role.TOWNSHIP_STAFF)}
        self.admin = User.objects.filter(role=Role.ADMIN).first()
        self.mobiles: set[str] = set()
        self.points: list[RiskPoint] = []

    def build(self) -> dict[str, int]:
        persons = self.persons()
        return {
            "responsible persons": len(persons),
            "check-ins": self.checkins(persons),
            "risk points": self.risk_points(persons),
            "inspections": self.inspections(),
            "warehouses": self.supplies(),
            "teams": self.teams(),
            "shelters": self.shelters(),
            "drills and training": self.drills(),
            "forest patrols": self.patrols(),
        }

    # --- people ------------------------------------------------------------------------------------------------------
    def name(self) -> str:
        return self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN)

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(data.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    @staticmethod
    def urban(unit: OrgUnit) -> bool:
        return unit.name.endswith("街道")

    def persons(self) -> list[ResponsiblePerson]:
        rows: list[ResponsiblePerson] = []

        def add(unit: OrgUnit, level: str, post: str) -> None:
            rows.append(
                ResponsiblePerson(org_unit=unit, level=level, post=post, name=self.name(), mobile=self.mobile())
            )

        for district in self.districts:
            for post in data.COUNTY_POSTS:
                add(district, PersonLevel.COUNTY, post)
        for township in self.townships:
            for post in data.TOWNSHIP_POSTS:
                add(township, PersonLevel.TOWNSHIP, post)
            for village in self.villages.get(township.pk, []):
                add(township, PersonLevel.TOWNSHIP, f"驻{village.name}干部")
                local = data.URBAN_VILLAGE_POSTS if self.urban(township) else data.RURAL_VILLAGE_POSTS
                for post in data.VILLAGE_POSTS + local:
                    add(village, PersonLevel.VILLAGE, post)
                for grid in range(1, self.rng.randint(*data.GRIDS_PER_VILLAGE) + 1):
                    add(village, PersonLevel.GRID, f"第{grid}网格网格员" if grid > 1 else "网格长")
        return ResponsiblePerson.objects.bulk_create(rows, batch_size=1000)

    def checkins(self, persons: list[ResponsiblePerson]) -> int:
        rows: list[CheckIn] = []
        for year, share in ((self.year - 1, 0.95), (self.year, 0.97)):
            season = flood_season(year)
            early_end = dt.date(year, 5, 31)
            for person in persons:
                if self.rng.random() > share:
                    continue
                days = {season.start + dt.timedelta(days=self.rng.randint(0, (early_end - season.start).days))}
                for _ in range(self.rng.randint(0, 3)):
                    days.add(season.start + dt.timedelta(days=self.rng.randint(0, (season.end - season.start).days)))
                rows += [
                    CheckIn(person=person, checked_on=day, note="掌上应急打卡", recorded_by=None)
                    for day in sorted(days)
                    if day <= self.today
                ]
        CheckIn.objects.bulk_create(rows, batch_size=2000)
        return len(rows)

    # --- risk points and inspections ---------------------------------------------------------------------------------
    def risk_points(self, persons: list[ResponsiblePerson]) -> int:
        by_unit: dict[int, list[ResponsiblePerson]] = {}
        for person in persons:
            by_unit.setdefault(person.org_unit_id, []).append(person)
        points: list[RiskPoint] = []
        carers: list[list[ResponsiblePerson]] = []
        for township in self.townships:
            templates = data.RISK_TEMPLATES["urban" if self.urban(township) else "rural"]
            villages = self.villages.get(township.pk, []) or [township]
            names: set[str] = set()
            for _ in range(self.rng.randint(9, 15)):
                kind, pattern, (low, high) = self.rng.choice(templates)
                village = self.rng.choice(villages)
                name = pattern.format(v=village.name, t=township.name[:2], n=self.rng.randint(1, 9))
                if name in names:
                    continue
                names.add(name)
                unit = township if "{t}" in pattern else village
                points.append(
                    RiskPoint(
                        org_unit=unit,
                        name=name,
                        kind=kind,
                        location=f"{township.name}{village.name}",
                        people_at_risk=self.rng.randint(low, high),
                        monitoring_notes="汛期每日巡查，强降雨期间加密监测，发现异常立即报告并组织转移。",
                    )
                )
                local = [p for p in by_unit.get(unit.pk, []) if p.level == PersonLevel.VILLAGE]
                township_level = by_unit.get(township.pk, [])
                chosen = self.rng.sample(local, min(len(local), self.rng.randint(1, 2)))
                carers.append(chosen + self.rng.sample(township_level, 1))
        RiskPoint.objects.bulk_create(points, batch_size=1000)
        through = RiskPoint.responsible_persons.through
        through.objects.bulk_create(
            [
                through(riskpoint_id=point.pk, responsibleperson_id=person.pk)
                for point, people in zip(points, carers, strict=True)
                for person in people
            ],
            batch_size=2000,
        )
        self.points = points
        return len(points)

    def inspections(self) -> int:
        by_township = {t.pk: [p for p in self.points if p.org_unit.path.startswith(t.path)] for t in self.townships}
        h1 = self.spells(dt.date(self.year, 4, 1), dt.date(self.year, 6, 19), (4, 8))
        rows = self.seed_000_figures(h1)
        later = self.spells(dt.date(self.year, 7, 1), min(flood_season(self.year).end, self.today), (2, 5))
        last_year = self.spells(dt.date(self.year - 1, 4, 10), flood_season(self.year - 1).end, (5, 9))
        for township, day in later + last_year:
            found = self.rng.choice([0, 0, 0, 1, 1, 2, 3])
            measures = 1 if found > 1 and self.rng.random() < 0.3 else 0
            # A few of the most recent ones are still being followed up.
            open_ = 1 if found - measures > 0 and (self.today - day).days < 40 and self.rng.random() < 0.5 else 0
            rows.append(
                (
                    township,
                    day,
                    self.rng.randint(6, 40),
                    self.rng.randint(5, 15),
                    found,
                    found - measures - open_,
                    measures,
                )
            )
        titles, notes = data.INSPECTION_TITLES, data.INSPECTION_NOTES
        inspections = [
            RiskInspection(
                org_unit=t,
                inspected_on=day,
                title=self.rng.choice(titles),
                staff_count=staff,
                points_checked=points,
                hazards_found=found,
                hazards_rectified=rectified,
                measures_in_place=measures,
                note=self.rng.choice(notes),
                recorded_by=self.staff.get(t.pk),
            )
            for t, day, staff, points, found, rectified, measures in rows
        ]
        RiskInspection.objects.bulk_create(inspections, batch_size=1000)
        self.link(inspections, by_township)
        self.audit(inspections)
        return len(inspections)

    def spells(self, start: dt.date, end: dt.date, per_township: tuple[int, int]) -> list[tuple[OrgUnit, dt.date]]:
        if end < start:
            return []
        span = (end - start).days
        return [
            (t, start + dt.timedelta(days=self.rng.randint(0, span)))
            for t in self.townships
            for _ in range(self.rng.randint(*per_township))
        ]

    def seed_000_figures(self, spells: list[tuple[OrgUnit, dt.date]]) -> list[tuple]:
        """Inspections whose sums are exactly seed 000's: 3864 staff, 1234 points, 168 found, 163 + 5."""
        weights = [self.rng.uniform(0.5, 1.5) for _ in spells]
        staff = _spread(SEED_000["staff_count"], weights)
        points = _spread(SEED_000["points_checked"], [w * self.rng.uniform(0.7, 1.3) for w in weights])
        found = _spread(SEED_000["hazards_found"], [self.rng.uniform(0, 2) for _ in spells])
        with_hazards = [i for i, n in enumerate(found) if n]
        measures = [0] * len(spells)
        for i in self.rng.sample(with_hazards, SEED_000["measures_in_place"]):
            measures[i] = 1
        return [
            (t, day, staff[i], points[i], found[i], found[i] - measures[i], measures[i])
            for i, (t, day) in enumerate(spells)
        ]

    def link(self, inspections: list[RiskInspection], by_township: dict[int, list[RiskPoint]]) -> None:
        through = RiskInspection.risk_points.through
        rows = []
        for inspection in inspections:
            choices = by_township.get(inspection.org_unit_id, [])
            for point in self.rng.sample(choices, min(len(choices), self.rng.randint(2, 6))):
                rows.append(through(riskinspection_id=inspection.pk, riskpoint_id=point.pk))
        through.objects.bulk_create(rows, batch_size=2000)
        # Hazards the same township recorded in the hazard ledger that day (building sites, self-built houses).
        hazards: dict[tuple[int, dt.date], list[int]] = {}
        for pk, unit, day in Hazard.objects.filter(sector__name__in=("建筑施工", "自建房", "其他")).values_list(
            "pk", "org_unit_id", "found_on"
        ):
            hazards.setdefault((unit, day), []).append(pk)
        links = RiskInspection.hazards.through
        links.objects.bulk_create(
            [
                links(riskinspection_id=i.pk, hazard_id=pk)
                for i in inspections
                if i.hazards_found
                for pk in hazards.get((i.org_unit_id, i.inspected_on), [])[:2]
            ],
            batch_size=2000,
        )

    def audit(self, inspections: list[RiskInspection]) -> None:
        content_type = ContentType.objects.get_for_model(RiskInspection)
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=i.recorded_by,
                    action=AuditAction.FLOODPREP_INSPECTION_CREATED,
                    org_unit=i.org_unit,
                    target_type=content_type,
                    target_id=i.pk,
                    data={"name": str(i)},
                    # never after now: today's inspection at 17:30 would otherwise be shown in the future
                    created_at=min(
                        timezone.make_aware(dt.datetime.combine(i.inspected_on, dt.time(17, 30))), timezone.now()
                    ),
                )
                for i in inspections
            ],
            batch_size=2000,
        )

    # --- supplies ----------------------------------------------------------------------------------------------------
    def supplies(self) -> int:
        items = {item.name: item for item in SupplyItem.objects.all()}
        counted = dt.date(self.year, 4, 1)
        warehouses = [
            Warehouse(
                org_unit=self.city,
                name=SENTINEL,
                level=Warehouse.Level.CITY,
                address="临江市江滨路88号",
                keeper=self.name(),
                keeper_mobile=self.mobile(),
            ),
            Warehouse(
                org_unit=self.city,
                name="临江市应急物资社会代储点（江城五金机电）",
                level=Warehouse.Level.CITY,
                kind=Warehouse.Kind.SOCIAL,
                address="临江市工业园区纬三路6号",
                keeper=self.name(),
                keeper_mobile=self.mobile(),
            ),
        ]
        plan: list[tuple[Warehouse, dict[str, int]]] = [
            (warehouses[0], data.CITY_STOCK),
            (warehouses[1], {"编织袋": 20000, "发电机": 10, "排水泵": 15}),
        ]
        standards: list[ReserveStandard] = []
        for township in self.townships:
            column = 0 if self.urban(township) else 1
            required = {name: pair[column] for name, pair in data.ITEM_STANDARD.items() if pair[column]}
            standards += [ReserveStandard(org_unit=township, item=items[n], quantity=q) for n, q in required.items()]
            villages = self.villages.get(township.pk, [])
            village_held = {name: qty * len(villages) for name, qty in data.VILLAGE_STOCK.items()}
            stock = {}
            for name, qty in required.items():
                need = max(qty - village_held.get(name, 0), 0)
                short = self.rng.random() < 0.07  # about one item in fourteen falls short of the standard
                stock[name] = int(need * self.rng.uniform(0.4, 0.85) if short else need * self.rng.uniform(1.0, 1.4))
            store = Warehouse(
                org_unit=township,
                name=f"{township.name}防汛物资仓库",
                level=Warehouse.Level.TOWNSHIP,
                address=f"{township.name}政府大院内",
                keeper=self.name(),
                keeper_mobile=self.mobile(),
            )
            warehouses.append(store)
            plan.append((store, {n: q for n, q in stock.items() if q}))
            for village in villages:
                point = Warehouse(
                    org_unit=village,
                    name=f"{village.name}应急物资储备点",
                    level=Warehouse.Level.VILLAGE,
                    address=f"{village.name}村委会",
                    keeper=self.name(),
                    keeper_mobile=self.mobile(),
                )
                warehouses.append(point)
                plan.append((point, data.VILLAGE_STOCK))
        Warehouse.objects.bulk_create(warehouses, batch_size=1000)
        ReserveStandard.objects.bulk_create(standards, batch_size=1000)
        Stock.objects.bulk_create(
            [
                Stock(warehouse=w, item=items[name], quantity=qty, updated_on=counted)
                for w, stock in plan
                for name, qty in stock.items()
            ],
            batch_size=2000,
        )
        return len(warehouses)

    # --- teams, shelters, drills, patrols ----------------------------------------------------------------------------
    def teams(self) -> int:
        teams = [
            RescueTeam(
                org_unit=self.city,
                name=n,
                kind=k,
                members=m,
                equipment=e,
                leader=self.name(),
                leader_mobile=self.mobile(),
            )
            for n, k, m, e in data.CITY_TEAMS
        ]
        for township in self.townships:
            teams.append(
                RescueTeam(
                    org_unit=township,
                    name=f"{township.name}综合应急救援队",
                    kind=RescueTeam.Kind.COMPREHENSIVE,
                    members=self.rng.randint(25, 40),
                    leader=self.name(),
                    leader_mobile=self.mobile(),
                    equipment="冲锋舟1艘、排水泵4台、发电机2台、救生衣40件",
                )
            )
            if not self.urban(township):
                teams.append(
                    RescueTeam(
                        org_unit=township,
                        name=f"{township.name}半专业森林消防队",
                        kind=RescueTeam.Kind.FOREST_FIRE,
                        members=self.rng.randint(15, 25),
                        leader=self.name(),
                        leader_mobile=self.mobile(),
                        equipment="风力灭火机6台、二号工具30把、油锯2台",
                    )
                )
            for village in self.villages.get(township.pk, []):
                teams.append(
                    RescueTeam(
                        org_unit=village,
                        name=f"{village.name}应急救援小分队",
                        kind=RescueTeam.Kind.COMPREHENSIVE,
                        members=self.rng.randint(8, 15),
                        leader=self.name(),
                        leader_mobile=self.mobile(),
                        equipment="救生衣10件、铁锹10把",
                    )
                )
        RescueTeam.objects.bulk_create(teams, batch_size=1000)
        return len(teams)

    def shelters(self) -> int:
        shelters = []
        for township in self.townships:
            shelters.append(self.shelter(township, f"{township.name}中心小学避灾安置点", (300, 800)))
            for village in self.villages.get(township.pk, []):
                kind = "社区服务中心" if village.name.endswith("社区") else "文化礼堂"
                shelters.append(self.shelter(village, f"{village.name}{kind}避灾安置点", (60, 200)))
        Shelter.objects.bulk_create(shelters, batch_size=1000)
        return len(shelters)

    def shelter(self, unit: OrgUnit, name: str, capacity: tuple[int, int]) -> Shelter:
        people = self.rng.randint(*capacity)
        standard = self.rng.random() < 0.86
        return Shelter(
            org_unit=unit,
            name=name,
            address=name.replace("避灾安置点", ""),
            capacity=people,
            area=Decimal(people * self.rng.choice([2, 3, 4])),
            meets_standard=standard,
            checked_on=dt.date(self.year, self.rng.randint(3, 5), self.rng.randint(1, 28)) if standard else None,
            manager=self.name(),
            manager_mobile=self.mobile(),
        )

    def drills(self) -> int:
        rows = [
            Drill(
                org_unit=self.city,
                kind=Drill.Kind.TRAINING,
                held_on=dt.date(year, 4, 8),
                title="全市防汛业务培训",
                organiser="临江市防汛防台抗旱指挥部办公室",
                participants=220,
                scenario="防汛形势、预警响应和转移避险流程",
            )
            for year in (self.year - 1, self.year)
        ] + [
            Drill(
                org_unit=self.city,
                kind=Drill.Kind.DRILL,
                held_on=dt.date(self.year, 5, 20),
                title="临江市防汛防台综合应急演练",
                organiser="临江市应急管理局",
                participants=560,
                scenario=data.DRILL_SCENARIOS["typhoon"][1],
            )
        ]
        for year in (self.year - 1, self.year):
            for township in self.townships:
                keys = ["urban", "typhoon"] if self.urban(township) else ["rural", "geo", "typhoon"]
                for key in self.rng.sample(keys, self.rng.randint(1, 2)):
                    title, scenario = data.DRILL_SCENARIOS[key]
                    rows.append(
                        Drill(
                            org_unit=township,
                            kind=Drill.Kind.DRILL,
                            title=f"{township.name}{title}",
                            held_on=dt.date(year, self.rng.randint(4, 6), self.rng.randint(1, 28)),
                            organiser=f"{township.name}应急管理办",
                            participants=self.rng.randint(50, 300),
                            scenario=scenario,
                        )
                    )
                rows.append(
                    Drill(
                        org_unit=township,
                        kind=Drill.Kind.TRAINING,
                        title=self.rng.choice(data.TRAININGS),
                        held_on=dt.date(year, self.rng.randint(3, 5), self.rng.randint(1, 28)),
                        organiser=f"{township.name}应急管理办",
                        participants=self.rng.randint(40, 150),
                        scenario="防汛责任人职责、风险点巡查要点、转移避险流程",
                    )
                )
        rows = [row for row in rows if row.held_on <= self.today]
        Drill.objects.bulk_create(rows, batch_size=1000)
        return len(rows)

    def patrols(self) -> int:
        """Forest-fire patrols in the rural townships during the fire season (October to April)."""
        spans = [
            (dt.date(self.year - 1, 10, 1), dt.date(self.year, 4, 30)),
            (dt.date(self.year, 10, 1), min(dt.date(self.year + 1, 4, 30), self.today)),
        ]
        rows = []
        for township in (t for t in self.townships if not self.urban(t)):
            for start, end in spans:
                day = start + dt.timedelta(days=self.rng.randint(0, 6))
                while day <= end:
                    rows.append(
                        ForestPatrol(
                            org_unit=township,
                            patrolled_on=day,
                            route=f"{township.name}重点林区巡护线路",
                            staff_count=self.rng.randint(3, 12),
                            fire_sources_found=self.rng.choice([0, 0, 0, 0, 0, 1, 2]),
                            note=self.rng.choice(["", "劝导进山人员2人，收缴火种。", "清明祭扫高峰，增派巡护人员。"]),
                        )
                    )
                    day += dt.timedelta(days=self.rng.randint(6, 9))
        ForestPatrol.objects.bulk_create(rows, batch_size=1000)
        return len(rows)
