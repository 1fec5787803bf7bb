"""Row generators for seed_scale: a province's worth of realistic records, written with COPY.

Each generator yields plain dicts keyed by field attname; ``copy_rows`` fills every other
column from the model's own defaults, so a field added later with a default needs no change here.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

from hazards.management.commands.seed_demo_hazards import RESPONSIBLE, SAMPLES, SECTOR_WEIGHTS
from hazards.models import Hazard

_REQUIRED = object()
CLOSING_NOTE = "已按要求整改到位，复查合格"


def _default(field: models.Field, now: dt.datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)) and field.blank:
        return ""
    return _REQUIRED


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]], *, with_pk: bool = False) -> int:
    """COPY rows into the model's table (psycopg 3); returns how many were written."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    defaults = {f.attname: _default(f, now) for f in fields}
    attnames = [f.attname for f in fields]
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    columns = ", ".join(f'"{f.column}"' for f in fields)
    connection.ensure_connection()
    count = 0
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy,
    ):
        for row in rows:
            values = []
            for name in attnames:
                value = row.get(name, defaults[name])
                if value is _REQUIRED:
                    raise KeyError(f"{model.__name__}.{name} has no default; the generator must give it")
                values.append(json.dumps(value, ensure_ascii=False) if name in json_fields else value)
            copy.write_row(values)
            count += 1
    if with_pk:
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"
            )
    return count


def next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def hazard_rows(
    n: int,
    *,
    rng: random.Random,
    townships: list[tuple[int, list[tuple[int, str]]]],
    sectors: dict[str, int],
    start: dt.date,
    today: dt.date,
    campaign: tuple[int, dt.date, set[int]] | None,
) -> Iterator[dict[str, Any]]:
    """``townships``: (pk, [(village pk, village short name)]); busier townships get more hazards."""
    weights = [0.5 + rng.random() * 1.5 for _ in townships]
    picks = rng.choices(range(len(townships)), weights=weights, k=n)
    names = [name for name in SECTOR_WEIGHTS if name in sectors]
    sector_picks = rng.choices(names, weights=[SECTOR_WEIGHTS[s] for s in names], k=n)
    sources = [s.value for s in Hazard.Source]
    open_states = [
        Hazard.Status.REPORTED,
        Hazard.Status.ASSIGNED,
        Hazard.Status.RECTIFYING,
        Hazard.Status.AWAITING_REVIEW,
    ]
    for i in range(n):
        township, villages = townships[picks[i]]
        in_village = villages and rng.random() < 0.8
        village, village_name = villages[rng.randrange(len(villages))] if in_village else (None, "城区")
        sector_name = sector_picks[i]
        place, description, measures = rng.choice(SAMPLES.get(sector_name) or SAMPLES["其他"])
        found = random_day(rng, start, today)
        major = rng.random() < 0.02
        deadline = found + dt.timedelta(days=rng.choice((60, 90)) if major else rng.choice((7, 15, 15, 30, 30, 60)))
        age = (today - found).days
        # Old hazards are mostly closed; the last weeks' are mostly still open.
        closed = rng.random() < min(0.97, age / 45)
        row: dict[str, Any] = {
            "org_unit_id": township,
            "village_id": village,
            "place_name": place.format(v=village_name)[:120],
            "sector_id": sectors[sector_name],
            "source": rng.choice(sources),
            "description": description,
            "level": Hazard.Level.MAJOR if major else Hazard.Level.GENERAL,
            "found_on": found,
            "responsible_unit": place.format(v=village_name)[:120],
            "responsible_person": rng.choice(RESPONSIBLE),
            "measures": measures,
            "deadline": deadline,
        }
        if campaign and campaign[1] <= found and sectors[sector_name] in campaign[2] and rng.random() < 0.5:
            row["campaign_id"] = campaign[0]
        if closed:
            closed_on = min(today, found + dt.timedelta(days=rng.randint(1, (deadline - found).days + 10)))
            row.update(status=Hazard.Status.CLOSED, closed_on=closed_on, rectification_note=CLOSING_NOTE)
        else:
            row["status"] = rng.choice(open_states)
            if deadline < today:
                row["overdue_since"] = deadline + dt.timedelta(days=1)
        if major:
            row.update(
                five_person="企业主要负责人",
                five_measures=measures,
                five_funds=Decimal(rng.randint(1, 50)),
                five_deadline=deadline,
                five_plan="制定专项应急预案并落实现场监护",
            )
            if rng.random() < 0.4:
                row.update(
                    supervision_level=rng.choice([Hazard.SupervisionLevel.COUNTY, Hazard.SupervisionLevel.CITY]),
                    listed_on=found,
                )
                if closed:
                    row["delisted_on"] = row["closed_on"]
        yield row


UNIT_KINDS = ["有限公司", "加工厂", "商贸城", "物流园", "建筑工地", "加油站", "酒店", "农贸市场"]
CAUSES = [
    "未按规定设置安全警示标志",
    "未对有限空间作业场所进行辨识",
    "未如实记录安全生产教育和培训情况",
    "特种作业人员未持证上岗",
    "未建立事故隐患排查治理制度",
    "安全设备未经常性维护保养",
]


def inspection_rows(
    n: int,
    *,
    rng: random.Random,
    first_id: int,
    townships: list[int],
    sectors: list[int],
    issuer: int,
    start: dt.date,
    today: dt.date,
) -> Iterator[dict[str, Any]]:
    kinds = ["routine", "routine", "special", "random", "unannounced"]
    for i in range(n):
        township = townships[rng.randrange(len(townships))]
        yield {
            "id": first_id + i,
            "org_unit_id": township,
            "issuer_id": issuer,
            "kind": rng.choice(kinds),
            "unit_name": f"测试{township % 997}{rng.choice(UNIT_KINDS)}{i % 50}",
            "sector_id": rng.choice(sectors),
            "inspected_on": random_day(rng, start, today),
            "summary": "检查安全管理台账、作业现场及消防设施。",
        }


def finding_rows(inspections: Iterable[tuple[int, dt.date]], *, rng: random.Random) -> Iterator[dict[str, Any]]:
    for inspection, _day in inspections:
        for _ in range(rng.choice((0, 1, 1, 2))):
            yield {"inspection_id": inspection, "description": rng.choice(CAUSES), "handling": "order"}


def order_rows(
    inspections: Iterable[tuple[int, dt.date]], *, rng: random.Random, today: dt.date
) -> Iterator[dict[str, Any]]:
    for inspection, day in inspections:
        if rng.random() < 0.4:
            deadline = day + dt.timedelta(days=rng.choice((15, 30)))
            done = deadline < today and rng.random() < 0.9
            yield {
                "inspection_id": inspection,
                "issued_on": day,
                "deadline": deadline,
                "status": "passed" if done else "awaiting",
                "reinspected_on": deadline if done else None,
            }


def case_rows(
    n: int,
    *,
    rng: random.Random,
    inspections: list[tuple[int, int, dt.date, int]],
    issuer: int,
    today: dt.date,
) -> Iterator[dict[str, Any]]:
    """``inspections``: (pk, township, date, sector); each case comes from one of them."""
    seq: dict[int, int] = {}
    for _ in range(n):
        inspection, township, day, sector = inspections[rng.randrange(len(inspections))]
        filed = min(today, day + dt.timedelta(days=rng.randint(1, 10)))
        seq[filed.year] = seq.get(filed.year, 0) + 1
        row: dict[str, Any] = {
            "number": f"规测应急罚〔{filed.year}〕{seq[filed.year]}号",
            "issuer_id": issuer,
            "year": filed.year,
            "seq": seq[filed.year],
            "org_unit_id": township,
            "inspection_id": inspection,
            "sector_id": sector,
            "cause": rng.choice(CAUSES),
            "party_name": f"测试当事企业{rng.randrange(100000)}",
            "facts": "执法人员现场检查发现该单位存在违法行为。",
            "legal_basis": "《中华人民共和国安全生产法》",
            "filed_on": filed,
            "stage": "filed",
        }
        decided = filed + dt.timedelta(days=rng.randint(20, 80))
        if decided <= today and rng.random() < 0.9:
            stage = rng.choice(["decided", "executed", "closed"])
            if stage != "decided":
                row["executed_on"] = min(today, decided + dt.timedelta(days=15))
            if stage == "closed":
                row["closed_on"] = row["executed_on"]
            row.update(
                stage=stage,
                decided_on=decided,
                fine_yuan=Decimal(rng.randrange(5, 300) * 1000),
                suspension=rng.random() < 0.05,
                closure=rng.random() < 0.01,
                seal=rng.random() < 0.03,
                three_stops=rng.random() < 0.02,
                exposure=rng.random() < 0.05,
                judicial_transfer=rng.random() < 0.005,
            )
        yield row


def accident_rows(
    n: int, *, rng: random.Random, townships: list[int], start: dt.date, today: dt.date
) -> Iterator[dict[str, Any]]:
    kinds = ["road", "road", "road", "industry", "construction", "fire", "other"]
    for _ in range(n):
        dead = rng.choice((0, 0, 1, 1, 1, 2))
        yield {
            "occurred_on": random_day(rng, start, today),
            "org_unit_id": townships[rng.randrange(len(townships))],
            "place": "测试事故地点",
            "kind": rng.choice(kinds),
            "dead": dead,
            "injured": rng.choice((0, 0, 1, 2)),
            "direct_loss_yuan": Decimal(rng.randrange(1, 200) * 1000),
            "description": "一般生产安全事故",
        }


def flood_rows(
    *,
    rng: random.Random,
    townships: list[tuple[int, list[tuple[int, str]]]],
    first_person: int,
    season: tuple[dt.date, dt.date],
) -> dict[str, list[dict[str, Any]]]:
    """The flood roster, its check-ins, risk points, inspections, teams, shelters and drills of one season."""
    rows: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("persons", "checkins", "points", "inspections", "teams", "shelters", "drills")
    }
    person = first_person
    for township, villages in townships:
        posts = [(township, "township", "镇（街道）防汛责任人")] * 2 + [
            (v, "village", "村（社区）防汛责任人") for v, _name in villages
        ]
        for unit, level, post in posts:
            rows["persons"].append(
                {
                    "id": person,
                    "org_unit_id": unit,
                    "level": level,
                    "post": post,
                    "name": f"责任人{person}",
                    "mobile": f"13{person:09d}",
                }
            )
            if rng.random() < 0.7:
                for day in sorted(rng.sample(range((season[1] - season[0]).days + 1), rng.randint(1, 4))):
                    rows["checkins"].append({"person_id": person, "checked_on": season[0] + dt.timedelta(days=day)})
            person += 1
        units = [township] + [v for v, _name in villages]
        for k in range(3):
            rows["points"].append(
                {
                    "org_unit_id": rng.choice(units),
                    "name": f"风险点{township}-{k}",
                    "kind": rng.choice(["geohazard", "flash_flood", "waterlogging", "river"]),
                    "people_at_risk": rng.randrange(10, 300),
                }
            )
        for _ in range(4):
            found = rng.randrange(0, 6)
            rectified = rng.randrange(0, found + 1)
            rows["inspections"].append(
                {
                    "org_unit_id": township,
                    "inspected_on": random_day(rng, *season),
                    "title": "汛前风险隐患排查",
                    "staff_count": rng.randrange(3, 30),
                    "points_checked": rng.randrange(2, 20),
                    "hazards_found": found,
                    "hazards_rectified": rectified,
                    "measures_in_place": found - rectified,
                }
            )
        rows["teams"].append(
            {
                "org_unit_id": township,
                "name": f"应急救援队{township}",
                "kind": "comprehensive",
                "members": rng.randrange(10, 60),
            }
        )
        for k in range(2):
            standard = rng.random() < 0.8
            rows["shelters"].append(
                {
                    "org_unit_id": township,
                    "name": f"避灾安置点{township}-{k}",
                    "capacity": rng.randrange(50, 500),
                    "area": Decimal(rng.randrange(100, 2000)),
                    "meets_standard": standard,
                    "checked_on": season[0] if standard else None,
                }
            )
        for kind in ("drill", "training"):
            rows["drills"].append(
                {
                    "org_unit_id": township,
                    "kind": kind,
                    "held_on": random_day(rng, *season),
                    "title": "防汛防台应急演练" if kind == "drill" else "防汛业务培训",
                    "organiser": "镇应急管理办",
                    "participants": rng.randrange(20, 300),
                }
            )
    return rows
