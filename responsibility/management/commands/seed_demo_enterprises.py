"""The demo city's enterprise register (一企一档): one enterprise for each firm the demo records name.

Deterministic and idempotent. Run after the hazards, enforcement and responsibility demo records: the register
is made from the firms they name (hazards' places, inspected units, case parties, accidents' and interviews'
firms), so every firm in the ledgers is in the register under the same name; roads, rented flats and
self-built houses are places, not enterprises, and stay out. A record's own credit code is kept when it is a
valid one; otherwise a valid GB 32100 code is made from the township's division code. Industries, scale, risk
grades and key-supervision kinds follow the firm's trade.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from enforcement.models import Case, Inspection
from enterprises.codes import check_character, validate_credit_code
from enterprises.models import Enterprise
from hazards.models import Hazard
from org.audit import AuditAction, record_audit_each
from org.models import OrgUnit, User
from responsibility.models import Accident, Interview

# A word in a demo firm's name → (GB/T 4754 division, scale, key-supervision kinds); the first that matches.
TRADES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("化工", "26", "medium", ("hazchem",)),
    ("加油站", "52", "micro", ("hazchem",)),
    ("五金", "33", "small", ("dust",)),
    ("木业", "20", "micro", ("dust",)),
    ("机械", "34", "small", ()),
    ("纺织", "17", "small", ()),
    ("塑业", "29", "small", ()),
    ("建材", "30", "small", ("dust",)),
    ("食品", "14", "small", ("confined", "ammonia")),
    ("污水处理", "46", "small", ("confined",)),
    ("工地", "47", "medium", ()),
    ("项目", "47", "medium", ()),
    ("工程", "48", "medium", ("confined",)),
    ("客运", "54", "small", ()),
    ("物流", "59", "small", ()),
    ("酒店", "61", "small", ()),
    ("宾馆", "61", "micro", ()),
    ("饭店", "62", "micro", ()),
    ("小吃", "62", "micro", ()),
    ("餐饮", "62", "micro", ()),
    ("商场", "52", "medium", ()),
    ("超市", "52", "small", ()),
    ("商铺", "52", "micro", ()),
    ("综合楼", "70", "small", ()),
    ("农贸市场", "72", "small", ()),
)
FIRM_ENDINGS = ("公司", "厂", "站", "店", "酒店", "宾馆", "工地", "工程", "市场", "商场", "综合楼", "商铺", "超市")
RISK_BY_KEY = {True: ("orange", "yellow", "yellow", "red"), False: ("yellow", "blue", "blue", "blue")}


def made_code(division: str, serial: int) -> str:
    first17 = f"{'92' if serial % 5 == 0 else '91'}{division[:6]}{serial:09d}"
    return first17 + check_character(first17)


def _valid(code: str) -> bool:
    try:
        validate_credit_code(code)
    except ValidationError:
        return False
    return bool(code)


def named_firms() -> Iterator[tuple[int, int | None, str, str]]:
    """(township, village, name, code) of every firm the demo records name, hazards first."""
    demo = Hazard.objects.filter(import_key__startswith="demo-")
    yield from (
        (u, v, n, c)
        for u, v, n, c in demo.values_list("org_unit_id", "village_id", "place_name", "credit_code").order_by("pk")
    )
    yield from (
        (u, None, n, c)
        for u, n, c in Inspection.objects.values_list("org_unit_id", "unit_name", "credit_code").order_by("pk")
    )
    yield from (
        (u, None, n, c)
        for u, n, c in Case.objects.filter(party_kind="unit")
        .values_list("org_unit_id", "party_name", "credit_code")
        .order_by("pk")
    )
    yield from ((u, None, n, "") for u, n in Accident.objects.values_list("org_unit_id", "place").order_by("pk"))
    yield from ((u, None, n, "") for u, n in Interview.objects.values_list("org_unit_id", "enterprise").order_by("pk"))


class Command(BaseCommand):
    help = "Add the demo city's enterprise register, one enterprise per firm the demo records name (idempotent)."

    def handle(self, *args, **options) -> None:
        if Enterprise.objects.exists():
            self.stdout.write("Demo enterprises already present.")
            return
        rng = random.Random(19)
        townships = {u.pk: u for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP)}
        villages = dict(OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).values_list("pk", "parent_id"))
        enterprises: dict[tuple[int, str], Enterprise] = {}
        codes: set[str] = set()
        for serial, (unit_id, village_id, name, code) in enumerate(named_firms(), start=1):
            township = townships.get(villages.get(unit_id, unit_id))
            name = name.strip()
            trade = next((t for t in TRADES if t[0] in name), None)
            if (
                township is None
                or trade is None
                or not name.endswith(FIRM_ENDINGS)
                or (township.pk, name) in enterprises
            ):
                continue
            code = code if _valid(code) and code not in codes else made_code(township.division_code or "339900", serial)
            codes.add(code)
            _word, industry, scale, key = trade
            enterprises[(township.pk, name)] = Enterprise(
                credit_code=code,
                name=name,
                org_unit=township,
                village_id=village_id,
                address=f"{township.name}{name}",
                industry_code=industry,
                scale=scale,
                key_kinds=list(key),
                risk=rng.choice(RISK_BY_KEY[bool(key)]),
                standardization=rng.choice(["3", "3", "none", "2"] if key else ["none", "none", "3"]),
                contact_name=rng.choice("王李张刘陈杨") + rng.choice(["建国", "海燕", "志强", "丽华"]),
                contact_phone=f"139{rng.randint(10000000, 99999999)}",
            )
        with transaction.atomic():
            created = Enterprise.objects.bulk_create(list(enterprises.values()), batch_size=500)
            actor = User.objects.filter(username="admin").first()
            record_audit_each(
                actor=actor,
                action=AuditAction.ENTERPRISE_CREATED,
                entries=[(e, {"credit_code": e.credit_code, "version": 1, "demo": True}) for e in created],
            )
        self.stdout.write(f"{len(created)} demo enterprises added.")
