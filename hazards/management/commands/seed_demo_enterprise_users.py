"""Demo enterprise safety managers (企业安全管理员): ``ent_a`` for a firm in 城关街道 and ``ent_b`` for one in
青山镇, each the firm of their township with most hazards waiting for rectification, so that signing in shows
hazards to report on. ``ent_a`` has also sent one self-report (企业自查自报) that 城关街道's staff can accept
or send back.

Run after the enterprise register is matched to the records (seed_demo does). Idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from enterprises.models import Enterprise
from hazards.enterprise import TO_RECTIFY, self_report_create
from hazards.models import Sector, SelfReport
from org.models import Role, User
from org.services import user_create

# (username, display name, township).
ENTERPRISE_USERS = [
    ("ent_a", "周安全", "城关街道"),
    ("ent_b", "吴主任", "青山镇"),
]


def _firm_to_rectify(township: str) -> Enterprise | None:
    return (
        Enterprise.objects.filter(org_unit__name=township)
        .annotate(waiting=Count("hazards", filter=Q(hazards__status__in=TO_RECTIFY)))
        .filter(waiting__gt=0)
        .order_by("-waiting", "pk")
        .first()
    )


class Command(BaseCommand):
    help = "Add the demo enterprise safety managers ent_a and ent_b, and one self-report (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        from org.management.commands.seed_demo import DEMO_PASSWORD

        added = []
        for username, display_name, township in ENTERPRISE_USERS:
            if User.objects.filter(username=username).exists():
                continue
            firm = _firm_to_rectify(township)
            if firm is None:
                continue
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                display_name=display_name,
                role=Role.ENTERPRISE,
                org_unit=None,
                enterprise=firm,
            )
            added.append(f"{username} ({firm.name})")
        ent_a = User.objects.filter(username="ent_a").first()
        sector = Sector.objects.order_by("pk").first()
        if ent_a is not None and sector is not None and not SelfReport.objects.filter(reporter=ent_a).exists():
            self_report_create(
                acting_user=ent_a,
                sector=sector,
                found_on=timezone.localdate() - dt.timedelta(days=2),
                description="自查发现二号车间配电箱门锁损坏、箱前堆放杂物，影响紧急断电操作。",
                measures="已清理箱前杂物并设置警示标识，门锁已报修，预计三日内更换。",
            )
        self.stdout.write(f"Enterprise users: {', '.join(added) or 'already there'}.")
