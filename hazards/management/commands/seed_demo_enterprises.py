"""The demo city's enterprise register (一企一档): one enterprise for each firm the demo hazards name.

Deterministic and idempotent. Run after seed_demo_hazards: the register is made from the places the hazards
were found at, so every firm in the ledger is in the register under the same name (roads, rented flats and
self-built houses are places, not enterprises, and stay out). Codes are valid GB 32100 codes built from the
township's division code; the industries, risk grades and key-supervision kinds follow the firm's trade.
"""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from enterprises.codes import check_character
from enterprises.models import Enterprise
from hazards.models import Hazard
from org.audit import record_audit_each
from org.models import User

# The end of a demo place name → (GB/T 4754 division, scale, key-supervision kinds).
TRADES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("五金制品有限公司", "33", "small", ("dust",)),
    ("木业加工厂", "20", "micro", ("dust",)),
    ("机械厂", "34", "small", ()),
    ("安置房项目工地", "47", "medium", ()),
    ("道路改造工程", "48", "medium", ("confined",)),
    ("客运站", "54", "small", ()),
    ("饭店", "62", "micro", ()),
    ("小吃店", "62", "micro", ()),
    ("化工有限公司", "26", "medium", ("hazchem",)),
    ("加油站", "52", "micro", ("hazchem",)),
    ("污水处理站", "46", "small", ("confined",)),
    ("食品厂", "14", "small", ("confined", "ammonia")),
    ("商场", "52", "medium", ()),
    ("综合楼", "70", "small", ()),
    ("沿街商铺", "52", "micro", ()),
    ("农贸市场", "72", "small", ()),
)
RISK_BY_KEY = {True: ("orange", "yellow", "yellow", "red"), False: ("yellow", "blue", "blue", "blue")}


def credit_code(division: str, serial: int) -> str:
    first17 = f"92{division[:6]}{serial:09d}" if serial % 5 == 0 else f"91{division[:6]}{serial:09d}"
    return first17 + check_character(first17)


class Command(BaseCommand):
    help = "Add the demo city's enterprise register, one enterprise per firm the demo hazards name (idempotent)."

    def handle(self, *args, **options) -> None:
        if Enterprise.objects.exists():
            self.stdout.write("Demo enterprises already present.")
            return
        rng = random.Random(19)
        places = (Hazard.objects.filter(import_key__startswith="demo-").values_list(
            "org_unit_id", "org_unit__division_code", "org_unit__code", "village_id", "place_name")
            .order_by("org_unit__path", "place_name").distinct())
        enterprises, seen = [], set()
        for serial, (unit_id, division, code, village_id, name) in enumerate(places, start=1):
            trade = next((t for t in TRADES if name.endswith(t[0])), None)
            if trade is None or (unit_id, name) in seen:
                continue
            seen.add((unit_id, name))
            _suffix, industry, scale, key = trade
            enterprises.append(Enterprise(
                credit_code=credit_code(division or f"33{code[-4:]}", serial), name=name, org_unit_id=unit_id,
                village_id=village_id, address=name, industry_code=industry, scale=scale, key_kinds=list(key),
                risk=rng.choice(RISK_BY_KEY[bool(key)]),
                standardization=rng.choice(["3", "3", "none", "2"] if key else ["none", "none", "3"]),
                contact_name=rng.choice(["王", "李", "张", "刘", "陈", "杨"]) + rng.choice(["建国", "海燕", "志强", "丽华"]),
                contact_phone=f"139{rng.randint(10000000, 99999999)}",
            ))
        with transaction.atomic():
            created = Enterprise.objects.bulk_create(enterprises, batch_size=500)
            actor = User.objects.filter(username="admin").first()
            record_audit_each(actor=actor, action="enterprises.enterprise.created",
                              entries=[(e, {"credit_code": e.credit_code, "version": 1, "demo": True}) for e in created])
        self.stdout.write(f"{len(created)} demo enterprises added.")
