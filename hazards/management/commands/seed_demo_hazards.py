"""About two years of realistic demo hazards across the demo city's townships.

Deterministic (fixed random seed) and idempotent: does nothing when the demo
hazards are already there. Bulk inserts keep it to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from hazards.models import Campaign, Criterion, Hazard, Sector
from org.audit import AuditAction as A
from org.models import AuditEntry, OrgUnit, Role, User

PER_TOWNSHIP_PER_MONTH = (4, 9)
TODAY_OFFSET_DAYS = 0

SAMPLES = {
    "消防": [
        (
            "{v}综合楼",
            "疏散通道堆放杂物，安全出口指示标志损坏，应急照明不亮",
            "清理疏散通道杂物，更换安全出口指示标志和应急照明灯",
        ),
        (
            "{v}沿街商铺",
            "电动自行车在楼道内停放充电，存在火灾风险",
            "设置集中充电点，清理楼道内电动自行车，张贴禁停标识",
        ),
        ("{v}出租房", "出租房内私拉乱接电线，未配置灭火器", "规范敷设电线并穿管保护，每层配置两具灭火器"),
    ],
    "工贸": [
        (
            "临江{v}五金制品有限公司",
            "抛光车间除尘系统未设置泄爆装置，作业现场积尘较多",
            "加装泄爆片，落实每班清扫制度并建立清扫台账",
        ),
        ("{v}木业加工厂", "砂光机风管未设置火花探测消除装置", "委托有资质单位加装火花探测消除装置"),
        ("{v}机械厂", "冲床未设置双手操作按钮，防护罩缺失", "恢复冲床防护罩，加装双手操作装置"),
    ],
    "建筑施工": [
        ("{v}安置房项目工地", "脚手架连墙件缺失，剪刀撑设置不连续", "按专项方案补设连墙件和剪刀撑，验收后方可使用"),
        ("{v}道路改造工程", "基坑临边未设置防护栏杆，夜间无警示灯", "设置1.2米防护栏杆和夜间警示灯"),
    ],
    "道路交通": [
        ("{v}路口", "交叉路口视线受绿化遮挡，缺少减速让行标志", "修剪绿化，增设减速让行标志和减速带"),
        ("{v}客运站", "客车安全带损坏，车载灭火器过期", "更换安全带和灭火器，建立每日出车检查制度"),
    ],
    "城镇燃气": [
        (
            "{v}饭店",
            "燃气管道使用橡胶软管超过2米，未安装燃气泄漏报警装置",
            "更换金属波纹管，安装燃气泄漏报警和自动切断装置",
        ),
        ("{v}小吃店", "液化石油气钢瓶放置在地下室使用", "将钢瓶移出地下室，改用管道燃气"),
    ],
    "危险化学品": [
        ("临江{v}化工有限公司", "储罐区可燃气体报警器未定期检定", "委托检定并建立检定台账"),
        ("{v}加油站", "卸油区静电接地装置损坏", "修复静电接地装置并检测合格"),
    ],
    "有限空间": [
        ("{v}污水处理站", "有限空间未设置安全警示标志，未建立管理台账", "辨识有限空间，建立台账并设置警示标志"),
        ("{v}食品厂", "污水池清理作业未执行先通风、再检测、后作业要求", "落实作业审批，配备气体检测仪和监护人员"),
    ],
    "自建房": [("{v}经营性自建房", "擅自加层改变结构，墙体出现裂缝", "停止经营，委托房屋安全鉴定，按鉴定结论整治")],
    "水上交通": [("{v}渡口", "渡船救生衣配备不足，无乘客名单登记", "按核定乘客数配齐救生衣，落实乘客登记制度")],
    "特种设备": [("{v}商场", "电梯维保记录缺失，检验合格证过期", "联系维保单位补做维保，申请定期检验")],
    "其他": [("{v}农贸市场", "市场内配电箱未上锁，线路老化", "更换老化线路，配电箱加锁并专人管理")],
}
SECTOR_WEIGHTS = {
    "消防": 30,
    "工贸": 18,
    "建筑施工": 12,
    "道路交通": 8,
    "城镇燃气": 10,
    "危险化学品": 4,
    "有限空间": 5,
    "自建房": 6,
    "水上交通": 2,
    "特种设备": 3,
    "其他": 2,
}
RESPONSIBLE = ["企业负责人", "项目经理", "店主", "物业公司", "村委会", "社区居委会"]


class Command(BaseCommand):
    help = "Add about two years of demo hazards to the demo city (idempotent)."

    def handle(self, *args, **options) -> None:
        townships = list(OrgUnit.objects.townships().order_by("path"))
        if not townships:
            self.stdout.write("No townships: run seed_demo first.")
            return
        if Hazard.objects.filter(import_key__startswith="demo-").exists():
            self.stdout.write("Demo hazards already present.")
            return
        with transaction.atomic():
            count = self.build(townships)
        self.stdout.write(f"{count} demo hazards created")

    def build(self, townships: list[OrgUnit]) -> int:
        rng = random.Random(20260630)
        today = timezone.localdate() - dt.timedelta(days=TODAY_OFFSET_DAYS)
        start = dt.date(today.year - 1, 1, 1)
        sectors = {s.name: s for s in Sector.objects.all()}
        campaigns = [
            Campaign.objects.get_or_create(
                name=f"重大事故隐患专项排查整治{start.year}行动",
                defaults={"start": start, "end": dt.date(start.year, 12, 31)},
            )[0],
            Campaign.objects.get_or_create(
                name="安全生产隐患大排查大整治行动",
                defaults={"start": dt.date(today.year, 3, 1), "end": dt.date(today.year, 12, 31)},
            )[0],
        ]
        campaigns[1].sectors.set([sectors["消防"], sectors["城镇燃气"], sectors["工贸"], sectors["自建房"]])
        criteria = list(Criterion.objects.all())
        villages: dict[int | None, list[OrgUnit]] = {}
        for v in OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE):
            villages.setdefault(v.parent_id, []).append(v)
        finders = {u.org_unit_id: u for u in User.objects.filter(role=Role.TOWNSHIP_STAFF)}
        officer = User.objects.filter(role=Role.OFFICER).first()
        names, weights = list(SECTOR_WEIGHTS), list(SECTOR_WEIGHTS.values())

        hazards: list[Hazard] = []
        month = start
        while month <= today:
            for township in townships:
                for _ in range(rng.randint(*PER_TOWNSHIP_PER_MONTH)):
                    day = month + dt.timedelta(days=rng.randint(0, 27))
                    if day > today:
                        continue
                    hazards.append(
                        self.one(
                            rng,
                            len(hazards),
                            township,
                            villages.get(township.pk, []),
                            day,
                            today,
                            sectors,
                            names,
                            weights,
                            campaigns,
                            criteria,
                            finders.get(township.pk, officer),
                        )
                    )
            month = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        Hazard.objects.bulk_create(hazards, batch_size=1000)
        self.audit(hazards, officer)
        return len(hazards)

    def one(
        self, rng, index, township, villages, found_on, today, sectors, names, weights, campaigns, criteria, finder
    ) -> Hazard:
        sector = rng.choices(names, weights)[0]
        place, description, measures = rng.choice(SAMPLES[sector])
        village = rng.choice(villages) if villages else None
        age = (today - found_on).days
        deadline = found_on + dt.timedelta(days=rng.choice([7, 15, 15, 30, 30, 60]))
        roll = rng.random()
        # Older hazards are mostly closed; the last weeks are mostly still open.
        if age > 90:
            status = Hazard.Status.CLOSED if roll < 0.97 else Hazard.Status.RECTIFYING
        elif age > 30:
            status = (
                Hazard.Status.CLOSED
                if roll < 0.75
                else rng.choice([Hazard.Status.RECTIFYING, Hazard.Status.AWAITING_REVIEW, Hazard.Status.ASSIGNED])
            )
        else:
            status = rng.choice(
                [
                    Hazard.Status.REPORTED,
                    Hazard.Status.ASSIGNED,
                    Hazard.Status.RECTIFYING,
                    Hazard.Status.AWAITING_REVIEW,
                    Hazard.Status.CLOSED,
                ]
            )
        closed_on = None
        if status == Hazard.Status.CLOSED:
            closed_on = min(today, found_on + dt.timedelta(days=rng.randint(1, (deadline - found_on).days + 5)))
        major = rng.random() < 0.015 and sector in ("工贸", "有限空间", "城镇燃气", "危险化学品")
        criterion = None
        if major and criteria:
            matching = [c for c in criteria if c.sector and c.sector.name == sector] or criteria
            criterion = rng.choice(matching)
        campaign = None
        if campaigns[0].start <= found_on <= campaigns[0].end and rng.random() < 0.3:
            campaign = campaigns[0]
        elif campaigns[1].start <= found_on <= campaigns[1].end and rng.random() < 0.5:
            campaign = campaigns[1]
        name = place.format(v=(village.name if village else township.name)[:2])
        h = Hazard(
            org_unit=township,
            village=village,
            place_name=name,
            address=f"{township.name}{name}",
            sector=sectors[sector],
            campaign=campaign,
            source=rng.choice(Hazard.Source.values),
            description=description,
            measures=measures,
            level=Hazard.Level.MAJOR if major else Hazard.Level.GENERAL,
            criterion=criterion,
            found_on=found_on,
            finder=finder,
            responsible_unit="" if status == Hazard.Status.REPORTED else name,
            responsible_person="" if status == Hazard.Status.REPORTED else rng.choice(RESPONSIBLE),
            deadline=None if status == Hazard.Status.REPORTED else deadline,
            status=status,
            closed_on=closed_on,
            import_key=f"demo-{index}",
            rectification_note="已按要求整改到位，现场复查合格。" if status == Hazard.Status.CLOSED else "",
        )
        if major:
            h.five_person, h.five_measures = "企业主要负责人", measures
            h.five_funds, h.five_deadline = Decimal(rng.choice(["2.50", "8.00", "15.60"])), deadline
            h.five_plan = "制定专项应急预案，整改期间停止相关作业并设置警戒" if rng.random() < 0.7 else ""
            if status != Hazard.Status.CLOSED and rng.random() < 0.6:
                h.supervision_level = rng.choice([Hazard.SupervisionLevel.CITY, Hazard.SupervisionLevel.COUNTY])
                h.listed_on = found_on + dt.timedelta(days=2)
        return h

    def audit(self, hazards: list[Hazard], officer: User | None) -> None:
        """Timeline entries so each demo hazard's history reads like a real one."""
        from django.contrib.contenttypes.models import ContentType

        ct = ContentType.objects.get_for_model(Hazard)
        order: list[str] = [
            Hazard.Status.REPORTED,
            Hazard.Status.ASSIGNED,
            Hazard.Status.RECTIFYING,
            Hazard.Status.AWAITING_REVIEW,
            Hazard.Status.CLOSED,
        ]
        actions: dict[str, A] = {
            Hazard.Status.ASSIGNED: A.HAZARD_ASSIGN,
            Hazard.Status.RECTIFYING: A.HAZARD_START,
            Hazard.Status.AWAITING_REVIEW: A.HAZARD_RECTIFY,
            Hazard.Status.CLOSED: A.HAZARD_REINSPECT_PASS,
        }
        saved = Hazard.objects.filter(import_key__startswith="demo-").only("pk", "import_key", "org_unit_id")
        ids = {h.import_key: (h.pk, h.org_unit_id) for h in saved}
        entries = []
        # A step is dated a day after the one before, which for a hazard found yesterday fell days after now
        # (issue 17: audit times shown in the future); each step keeps its order but never passes now.
        now = timezone.now()
        for h in hazards:
            pk, unit_id = ids[h.import_key]
            when = min(timezone.make_aware(dt.datetime.combine(h.found_on, dt.time(9, 0))), now - dt.timedelta(hours=1))
            entries.append(
                AuditEntry(
                    actor=h.finder,
                    action=A.HAZARD_CREATED,
                    org_unit_id=unit_id,
                    target_type=ct,
                    target_id=pk,
                    data={"to": "reported"},
                    created_at=when,
                )
            )
            for step, status in enumerate(order[1 : order.index(h.status) + 1], start=1):
                at = when + dt.timedelta(days=step)
                if status == Hazard.Status.CLOSED and h.closed_on:
                    at = timezone.make_aware(dt.datetime.combine(h.closed_on, dt.time(16, 0)))
                at = min(at, now - dt.timedelta(minutes=10 * (len(order) - step)))
                data: dict[str, str | None] = {"from": order[step - 1], "to": status, "reason": ""}
                if status == Hazard.Status.ASSIGNED:
                    data.update(
                        responsible_unit=h.responsible_unit, deadline=h.deadline.isoformat() if h.deadline else None
                    )
                entries.append(
                    AuditEntry(
                        actor=h.finder if step < 4 else officer,
                        action=actions[status],
                        org_unit_id=unit_id,
                        target_type=ct,
                        target_id=pk,
                        data=data,
                        created_at=at,
                    )
                )
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
