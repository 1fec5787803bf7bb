"""Demo inspection limits for the demo city: this year's caps by risk grade (every department counted),
and an annual plan for the city bureau and the fire brigade, each with one 双随机 draw from a recorded seed.

The figures are the demo bureau's own choice (国办发〔2024〕54号 leaves them to the bureau). Idempotent:
nothing is added twice. Everything goes through the services, as a leader would do it on the pages.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from enforcement.models import InspectionCap, InspectionPlan
from enforcement.services import limits
from enterprises.models import Enterprise
from org.models import OrgUnit, Role, User

R = Enterprise.Risk
# (risk grade, inspections a year at most, note); the blank grade is every enterprise not graded.
CAPS = [
    (R.RED, 4, "重大风险企业，每季度不超过1次"),
    (R.ORANGE, 3, "较大风险企业"),
    (R.YELLOW, 2, "一般风险企业"),
    (R.BLUE, 1, "低风险企业，无投诉举报不主动入企"),
    ("", 2, "未评定风险等级的企业"),
]
# (department name suffix, enterprises planned, share drawn at random %, enterprises drawn now, seed).
PLANS = [
    ("应急管理局", 240, 70, 40, 20260101),
    ("消防救援大队", 180, 60, 30, 20260102),
]


class Command(BaseCommand):
    help = "Add demo inspection caps and annual inspection plans with a 双随机 draw (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        keeper = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
        if keeper is None or not Enterprise.objects.exists():
            self.stdout.write("Inspection limits: no administrator or no enterprise register yet; skipped.")
            return
        year = timezone.localdate().year
        caps = plans = 0
        for risk, most, note in CAPS:
            if not InspectionCap.objects.filter(from_year=year, risk=risk, standardization="").exists():
                limits.inspection_cap_create(
                    acting_user=keeper, from_year=year, risk=risk, max_per_year=most, note=note
                )
                caps += 1
        for suffix, planned, share, drawn, seed in PLANS:
            issuer = OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT, name__endswith=suffix).first()
            if issuer is None or InspectionPlan.objects.filter(year=year, issuer=issuer).exists():
                continue
            plan = limits.inspection_plan_create(
                acting_user=keeper,
                year=year,
                issuer=issuer,
                planned_count=planned,
                random_share=share,
                note=f"{year}年度涉企行政检查计划（双随机抽查占比不低于{share}%）",
            )
            if len(limits.issuer_officers(issuer)) >= limits.OFFICERS_DRAWN:
                limits.plan_draw(acting_user=keeper, plan=plan, count=drawn, seed=seed)
            plans += 1
        self.stdout.write(f"Inspection limits: {caps} caps and {plans} plans added for {year}.")
