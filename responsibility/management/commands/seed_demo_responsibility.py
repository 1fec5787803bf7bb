"""Last year and this year of the responsibility system for the demo city 临江市.

Committees (the 安委会 with fourteen 专委会 last year merged into ten this year), responsibility
letters, meetings, leader-led inspections with hazards handed over, interviews, accidents,
publicity and training events, complaints and tip-offs, incidents that are not production-safety
accidents, safety investments, two ranking schemes (seed 000's three-colour daily ranking and
seed 001's five-colour weekly index) and a few computed rankings.

Deterministic (fixed random seed) and idempotent: does nothing when the demo schemes exist.
Bulk inserts keep it to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from hazards.models import Campaign, Hazard, Sector
from org.models import OrgUnit, Role, User
from org.periods import Period
from org.services import org_unit_create
from responsibility import services
from responsibility.management.commands._demo_data import (
    ACCIDENT_COUNTS,
    ACCIDENTS,
    BRANDS,
    CITY_INVESTMENTS,
    CITY_LEADERS,
    COMMITTEES,
    COMPLAINT_SUBJECTS,
    DAILY_SCHEME,
    EXTRA_DEPARTMENTS,
    INCIDENTS,
    INTERVIEW_REASONS,
    LAST_YEAR_ONLY,
    LEDGER_SEED,
    LOSS,
    MAYOR,
    REWARDS_YUAN,
    SEED,
    THIS_YEAR_ONLY,
    TINY_PDF,
    TRADES,
    VICE,
    WEEKLY_SCHEME,
)
from responsibility.models import (
    Accident,
    Colour,
    ColourBand,
    Committee,
    Complaint,
    DeductionRule,
    Incident,
    Indicator,
    Interview,
    LeaderInspection,
    Meeting,
    PublicityEvent,
    RankingScheme,
    ResponsibilityLetter,
    RubricElement,
    SafetyInvestment,
)


class Command(BaseCommand):
    help = "Add last year and this year of committees, letters, meetings, accidents, events and rankings (idempotent)."

    def handle(self, *args, **options) -> None:
        city = OrgUnit.objects.filter(kind=OrgUnit.Kind.CITY).order_by("path").first()
        clerk = User.objects.filter(role=Role.CLERK, org_unit=city).first()
        if city is None or clerk is None:
            self.stdout.write("No demo city: run seed_demo first.")
            return
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.city = city
        self.townships = list(OrgUnit.objects.townships().order_by("path"))
        self.villages: dict[int | None, list[OrgUnit]] = {}
        for v in OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).order_by("path"):
            self.villages.setdefault(v.parent_id, []).append(v)
        if RankingScheme.objects.filter(org_unit=city, name=DAILY_SCHEME).exists():
            # A demo seeded before complaints, incidents and investments existed gets them on its own.
            ledgers = self.build_ledgers()
            self.stdout.write(
                "Demo responsibility records already present."
                + (f" {ledgers} complaints, incidents and investments added." if ledgers else "")
            )
            return
        with transaction.atomic():
            self.departments = self.build_departments()
            counts = {
                "committees": self.build_committees(),
                "letters": self.build_letters(),
                "meetings": self.build_meetings(),
                "leader inspections": self.build_inspections(),
                "interviews": self.build_interviews(),
                "accidents": self.build_accidents(),
                "publicity events": self.build_events(),
                "complaints, incidents and investments": self.build_ledgers(),
            }
            counts["rankings"] = self.build_rankings(clerk)
        self.stdout.write(", ".join(f"{n} {label}" for label, n in counts.items()) + " created")

    # --- helpers ------------------------------------------------------------------------------------------

    def years(self) -> list[int]:
        return [self.today.year - 1, self.today.year]

    def day_in(self, year: int, start_month: int = 1, end_month: int = 12) -> dt.date:
        start = dt.date(year, start_month, 1)
        end = min(dt.date(year, end_month, 28), self.today - dt.timedelta(days=1))
        return start + dt.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def enterprise(self, township: OrgUnit, index: int) -> str:
        return f"临江{BRANDS[index % len(BRANDS)]}{TRADES[(index // len(BRANDS) + township.sort_order) % len(TRADES)]}"

    def village_of(self, township: OrgUnit) -> OrgUnit:
        return self.rng.choice(self.villages.get(township.pk) or [township])

    # --- records ------------------------------------------------------------------------------------------

    def build_departments(self) -> dict[str, OrgUnit]:
        prefix = self.city.name
        for index, name in enumerate(EXTRA_DEPARTMENTS, start=1):
            full, code = f"{prefix}{name}", f"{self.city.code}R{index:02d}"
            if (
                not OrgUnit.objects.filter(name=full, kind=OrgUnit.Kind.DEPARTMENT).exists()
                and not OrgUnit.objects.filter(code=code).exists()
            ):
                org_unit_create(
                    name=full, code=code, kind=OrgUnit.Kind.DEPARTMENT, parent=self.city, sort_order=110 + index
                )
        units = OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT, name__startswith=prefix)
        return {unit.name.removeprefix(prefix): unit for unit in units}

    def build_committees(self) -> int:
        through = Committee.member_units.through
        links, created = [], 0
        districts = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT).order_by("path"))
        for year in self.years():
            main = Committee.objects.create(
                org_unit=self.city,
                year=year,
                kind=Committee.Kind.MAIN,
                name=f"{self.city.name}安全生产委员会",
                lead_department=self.departments.get("应急管理局"),
                leader_in_charge=MAYOR,
                duties="统筹协调全市安全生产工作，研究解决安全生产重大问题。",
            )
            links += [through(committee_id=main.pk, orgunit_id=u.pk) for u in [*self.departments.values(), *districts]]
            sets = COMMITTEES + (THIS_YEAR_ONLY if year == self.today.year else LAST_YEAR_ONLY)
            specialised = Committee.objects.bulk_create(
                [
                    Committee(
                        org_unit=self.city,
                        year=year,
                        kind=Committee.Kind.SPECIALISED,
                        parent=main,
                        name=name,
                        lead_department=self.departments.get(lead),
                        leader_in_charge=VICE[vice],
                        sort_order=i,
                    )
                    for i, (name, lead, vice, _members) in enumerate(sets, start=1)
                ]
            )
            for committee, (_n, _l, _v, members) in zip(specialised, sets, strict=True):
                links += [
                    through(committee_id=committee.pk, orgunit_id=self.departments[m].pk)
                    for m in members
                    if m in self.departments
                ]
            local = [
                Committee(
                    org_unit=unit,
                    year=year,
                    kind=Committee.Kind.MAIN,
                    name=f"{unit.name}{'安全生产委员会' if unit.kind == 'district' else '应急和消防安全委员会'}",
                    leader_in_charge="区（县）长" if unit.kind == "district" else "镇长（街道办事处主任）",
                )
                for unit in [*districts, *self.townships]
            ]
            Committee.objects.bulk_create(local)
            # 县-乡-村: a district committee's members are its townships, a township's are its villages.
            for committee in local:
                member_units = (
                    self.villages.get(committee.org_unit_id, [])
                    if committee.org_unit.kind == "township"
                    else [t for t in self.townships if t.parent_id == committee.org_unit_id]
                )
                links += [through(committee_id=committee.pk, orgunit_id=m.pk) for m in member_units]
            created += 1 + len(specialised) + len(local)
        through.objects.bulk_create(links)
        return created

    def build_letters(self) -> int:
        letters = []
        signers = [
            *OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT).order_by("path"),
            *self.townships,
            *sorted(self.departments.values(), key=lambda u: u.path),
        ]
        for year in self.years():
            unsigned = set(self.rng.sample(range(len(signers)), 2)) if year == self.today.year else set()
            for index, unit in enumerate(signers):
                signed = None if index in unsigned else dt.date(year, 2, self.rng.randint(8, 27))
                letters.append(
                    ResponsibilityLetter(
                        year=year,
                        kind=ResponsibilityLetter.Kind.GOAL,
                        title=f"{year}年度安全生产和消防工作目标管理责任书",
                        issuer=self.city,
                        org_unit=unit,
                        signed_on=signed,
                    )
                )
            for township in self.townships:
                for i in range(self.rng.randint(4, 8)):
                    signed = dt.date(year, 3, self.rng.randint(1, 31)) if self.rng.random() < 0.88 else None
                    letters.append(
                        ResponsibilityLetter(
                            year=year,
                            kind=ResponsibilityLetter.Kind.ENTERPRISE,
                            title=f"{year}年度企业安全生产主体责任书",
                            issuer=township,
                            org_unit=township,
                            enterprise=self.enterprise(township, i * 3 + year),
                            signed_on=signed,
                        )
                    )
        ResponsibilityLetter.objects.bulk_create(letters)
        # A few scanned letters, so the scoped download can be tried.
        for letter in ResponsibilityLetter.objects.filter(
            year=self.today.year, kind="goal", issuer=self.city, signed_on__isnull=False
        ).order_by("org_unit__path")[:3]:
            letter.scan.save(f"letter-{letter.org_unit.code}.pdf", ContentFile(TINY_PDF), save=True)
        return len(letters)

    def build_meetings(self) -> int:
        topics = [
            "城镇燃气安全专项整治",
            "防汛防台工作",
            "安全生产月活动部署",
            "重大事故隐患专项排查整治",
            "电动自行车消防安全整治",
            "节假日安全防范",
            "自建房安全专项整治",
            "危险化学品安全风险集中治理",
            "森林防灭火",
            "岁末年初安全生产",
        ]
        meetings = []
        for year in self.years():
            main = Committee.objects.get(org_unit=self.city, year=year, kind=Committee.Kind.MAIN)
            for n, month in enumerate([1, 4, 7, 10], start=1):
                day = dt.date(year, month, 10 + n)
                if day < self.today:
                    meetings.append(
                        Meeting(
                            org_unit=self.city,
                            held_on=day,
                            kind=Meeting.Kind.PLENARY,
                            committee=main,
                            topic=f"{year}年第{n}次安委会全体会议",
                            chaired_by=MAYOR,
                            attendees="市安委会全体成员单位主要负责人，各区（县）分管负责人",
                            decisions="通报前阶段安全生产形势，部署下阶段重点工作。",
                        )
                    )
            for month, topic in zip(range(1, 13), topics + topics[:2], strict=False):
                day = dt.date(year, month, self.rng.randint(3, 25))
                if day < self.today:
                    meetings.append(
                        Meeting(
                            org_unit=self.city,
                            held_on=day,
                            kind=Meeting.Kind.TOPICAL,
                            topic=f"{topic}专题会",
                            chaired_by=self.rng.choice(VICE),
                        )
                    )
            day, n = dt.date(year, 3, 6), 1
            while day < min(dt.date(year, 12, 31), self.today):
                meetings.append(
                    Meeting(
                        org_unit=self.city,
                        held_on=day,
                        kind=Meeting.Kind.DISPATCH,
                        topic=f"安全生产隐患大排查大整治行动第{n}次调度会",
                        chaired_by=VICE[0],
                    )
                )
                day, n = day + dt.timedelta(days=14), n + 1
            for township in self.townships:
                for kind in [Meeting.Kind.PLENARY, Meeting.Kind.DISPATCH, Meeting.Kind.DISPATCH, Meeting.Kind.TOPICAL]:
                    meetings.append(
                        Meeting(
                            org_unit=township,
                            held_on=self.day_in(year),
                            kind=kind,
                            topic=f"{township.name}{'安委会全体会议' if kind == 'plenary' else '安全生产工作会议'}",
                        )
                    )
        Meeting.objects.bulk_create(meetings)
        return len(meetings)

    def build_inspections(self) -> int:
        hazards: dict[int, list[tuple[dt.date, int]]] = {}
        for pk, unit, found in (
            Hazard.objects.filter(found_on__year__gte=self.today.year - 1)
            .values_list("pk", "org_unit_id", "found_on")
            .order_by("found_on", "pk")
        ):
            hazards.setdefault(unit, []).append((found, pk))
        inspections, handed = [], []
        for year, rounds in ((self.today.year - 1, 3), (self.today.year, 5)):
            for r in range(rounds):
                month = 2 + r * 2
                for leader in CITY_LEADERS:
                    township = self.rng.choice(self.townships)
                    day = self.day_in(year, month, month)
                    village = self.village_of(township)
                    inspections.append(
                        LeaderInspection(
                            org_unit=township,
                            held_on=day,
                            leader=leader,
                            places=f"{township.name}工业园区、{village.name}农贸市场、{township.name}在建安置房项目",
                            notes="明查暗访，现场交办问题隐患，要求限期整改。",
                        )
                    )
                    found_pks = [
                        pk for d, pk in hazards.get(township.pk, []) if day <= d <= day + dt.timedelta(days=10)
                    ]
                    handed.append(found_pks[: self.rng.randint(3, 12)])
        LeaderInspection.objects.bulk_create(inspections)
        through = LeaderInspection.hazards.through
        through.objects.bulk_create(
            [
                through(leaderinspection_id=i.pk, hazard_id=h)
                for i, pks in zip(inspections, handed, strict=True)
                for h in pks
            ]
        )
        return len(inspections)

    def build_interviews(self) -> int:
        interviews = []
        for year, count in ((self.today.year - 1, 28), (self.today.year, 36)):
            for i in range(count):
                township = self.rng.choice(self.townships)
                reason, outcome = self.rng.choice(INTERVIEW_REASONS)
                interviews.append(
                    Interview(
                        org_unit=township,
                        held_on=self.day_in(year),
                        enterprise=self.enterprise(township, i + year),
                        kind=self.rng.choice(
                            [
                                Interview.Kind.ON_SITE,
                                Interview.Kind.ON_SITE,
                                Interview.Kind.GROUP,
                                Interview.Kind.WARNING,
                            ]
                        ),
                        person="企业主要负责人",
                        convened_by=self.rng.choice(["临江市安委办", f"{township.name}", "临江市人民政府"]),
                        reason=reason,
                        outcome=outcome,
                    )
                )
        Interview.objects.bulk_create(interviews)
        return len(interviews)

    def build_accidents(self) -> int:
        accidents = []
        for kind, (last_year, this_year) in ACCIDENT_COUNTS.items():
            for year, count in ((self.today.year - 1, last_year), (self.today.year, this_year)):
                for _ in range(count):
                    township = self.rng.choice(self.townships)
                    village = self.village_of(township)
                    place, description = self.rng.choice(ACCIDENTS[kind])
                    day = self.day_in(year)
                    dead = 3 if kind == Accident.Kind.GAS else self.rng.choices([0, 1, 2], [25, 70, 5])[0]
                    age = (self.today - day).days
                    accidents.append(
                        Accident(
                            occurred_on=day,
                            org_unit=village if kind in ("fire", "gas", "other") else township,
                            place=place.format(
                                t=township.name, v=village.name, n=self.rng.randint(10, 90), b=self.rng.choice(BRANDS)
                            ),
                            kind=kind,
                            grade=Accident.Grade.LARGER if dead >= 3 else Accident.Grade.ORDINARY,
                            dead=dead,
                            injured=self.rng.choices([0, 1, 2, 3], [50, 30, 15, 5])[0],
                            direct_loss_yuan=Decimal(self.rng.randint(*LOSS[kind]) * 1000),
                            description=description,
                            investigation=(
                                Accident.Investigation.CLOSED
                                if age > 90
                                else Accident.Investigation.INVESTIGATING
                                if age > 20
                                else Accident.Investigation.REPORTED
                            ),
                        )
                    )
        Accident.objects.bulk_create(accidents)
        return len(accidents)

    def build_events(self) -> int:
        K = PublicityEvent.Kind
        events = []
        for year in self.years():
            city_events = [
                *[
                    (K.TRAINING, self.day_in(year), f"{name}培训班", self.rng.randint(80, 220), 0, 1)
                    for name in [
                        "企业主要负责人安全生产",
                        "安全生产管理人员",
                        "基层防汛业务",
                        "危险化学品从业人员",
                        "有限空间作业",
                        "镇街应急管理干部",
                        "网格员隐患排查能力",
                        "电气焊作业人员",
                        "消防安全管理人",
                        "灾害信息员报灾核灾",
                    ]
                ],
                (K.CONSULTATION_DAY, dt.date(year, 5, 12), "全国防灾减灾日宣传咨询活动", 1200, 30000, 4),
                (K.CONSULTATION_DAY, dt.date(year, 6, 16), "安全生产月安全宣传咨询日", 1500, 20000, 5),
                (K.SAFETY_MONTH, dt.date(year, 6, 1), f"{year}年安全生产月启动仪式", 600, 5000, 6),
                *[
                    (
                        K.WARNING_EDUCATION,
                        self.day_in(year),
                        "观看警示教育片《生命重于泰山》",
                        self.rng.randint(100, 400),
                        0,
                        1,
                    )
                    for _ in range(4)
                ],
                *[
                    (K.DRILL, self.day_in(year, 3, 10), f"{name}应急演练", self.rng.randint(60, 300), 0, 2)
                    for name in [
                        "防汛防台“无脚本”",
                        "危险化学品泄漏",
                        "高层建筑火灾",
                        "城镇燃气泄漏",
                        "地质灾害避险转移",
                    ]
                ],
            ]
            events += [
                PublicityEvent(
                    org_unit=self.city,
                    held_on=day,
                    kind=kind,
                    title=title,
                    participants=people,
                    organiser="临江市安委办",
                    materials=materials,
                    media_pieces=media,
                )
                for kind, day, title, people, materials, media in city_events
                if day < self.today
            ]
            for township in self.townships:
                local = [
                    (K.SAFETY_MONTH, dt.date(year, 6, self.rng.randint(2, 28)), f"{township.name}安全生产月主题活动"),
                    (
                        K.FIVE_INTO,
                        self.day_in(year),
                        f"安全宣传“五进”活动（进{self.rng.choice(['企业', '农村', '社区', '学校', '家庭'])}）",
                    ),
                    (K.FIVE_INTO, self.day_in(year), "安全宣传“五进”活动（进企业）"),
                    (K.TRAINING, self.day_in(year), f"{township.name}企业安全员培训"),
                    (K.DRILL, self.day_in(year, 4, 9), f"{township.name}防汛防台应急演练"),
                ]
                events += [
                    PublicityEvent(
                        org_unit=township,
                        held_on=day,
                        kind=kind,
                        title=title,
                        organiser=township.name,
                        participants=self.rng.randint(40, 400),
                        materials=self.rng.randint(0, 2000),
                        media_pieces=self.rng.randint(0, 2),
                    )
                    for kind, day, title in local
                    if day < self.today
                ]
        PublicityEvent.objects.bulk_create(events)
        return len(events)

    # --- complaints, incidents and investments (their own random stream) ----------------------------------

    def build_ledgers(self) -> int:
        """Each kind once: nothing when the demo has complaints already."""
        if Complaint.objects.exists():
            return 0
        rng, saved = random.Random(LEDGER_SEED), self.rng
        self.rng = rng  # day_in() and village_of() draw from it
        try:
            return self.build_complaints() + self.build_incidents() + self.build_investments()
        finally:
            self.rng = saved

    def build_complaints(self) -> int:
        sectors = {s.code: s for s in Sector.objects.all()}
        channels = Complaint.Channel
        complaints: list[Complaint] = []
        for year in self.years():
            for township in self.townships:
                for _ in range(self.rng.randint(1, 4)):
                    code, subject = self.rng.choice(COMPLAINT_SUBJECTS)
                    received = self.day_in(year)
                    items = self.rng.choices([1, 2, 3], [80, 15, 5])[0]
                    age = (self.today - received).days
                    status = (
                        Complaint.Status.CLOSED
                        if age > 30
                        else Complaint.Status.HANDLING
                        if age > 7
                        else Complaint.Status.RECEIVED
                    )
                    closed = status == Complaint.Status.CLOSED
                    closed_on = (
                        min(received + dt.timedelta(days=self.rng.randint(5, 25)), self.today - dt.timedelta(days=1))
                        if closed
                        else None
                    )
                    verified = closed and self.rng.random() < 0.45
                    rewards = self.rng.randint(1, items) if verified and self.rng.random() < 0.5 else 0
                    complaints.append(
                        Complaint(
                            org_unit=township,
                            received_on=received,
                            sector=sectors.get(code),
                            subject=subject,
                            channel=self.rng.choices(
                                [
                                    channels.HOTLINE_12350,
                                    channels.HOTLINE_12345,
                                    channels.LETTER_VISIT,
                                    channels.ONLINE,
                                    channels.TRANSFERRED,
                                ],
                                [35, 30, 10, 15, 10],
                            )[0],
                            reference=f"JB{received:%Y%m%d}{len(complaints) + 1:03d}",
                            items=items,
                            status=status,
                            closed_on=closed_on,
                            verified=verified,
                            rewards=rewards,
                            reward_yuan=Decimal(sum(self.rng.choice(REWARDS_YUAN) for _ in range(rewards))),
                        )
                    )
        Complaint.objects.bulk_create(complaints)
        return len(complaints)

    def build_incidents(self) -> int:
        incidents = []
        for year in self.years():
            for _ in range(6):
                kind, place, description = self.rng.choice(INCIDENTS)
                township = self.rng.choice(self.townships)
                incidents.append(
                    Incident(
                        occurred_on=self.day_in(year),
                        org_unit=township,
                        kind=kind,
                        description=description,
                        place=place.format(t=township.name, v=self.village_of(township).name),
                        injured=1 if kind == "traffic" else 0,
                        loss_yuan=Decimal(self.rng.randint(0, 20) * 1000 if kind in ("fire", "natural") else 0),
                    )
                )
        Incident.objects.bulk_create(incidents)
        return len(incidents)

    def build_investments(self) -> int:
        sectors = {s.code: s for s in Sector.objects.all()}
        investments = []
        for year in self.years():
            for project, code, wan, output, quantity, unit in CITY_INVESTMENTS:
                investments.append(
                    SafetyInvestment(
                        project=f"{year}年{project}",
                        org_unit=self.city,
                        sector=sectors.get(code),
                        invested_on=self.day_in(year),
                        amount_yuan=Decimal(str(wan)) * 10000,
                        output=output,
                        quantity=None if quantity is None else Decimal(quantity),
                        quantity_unit=unit,
                    )
                )
            for township in self.townships:
                count = self.rng.randint(10, 40)
                investments.append(
                    SafetyInvestment(
                        project=f"{township.name}微型消防站及消防设施配置",
                        org_unit=township,
                        sector=sectors.get("fire"),
                        invested_on=self.day_in(year),
                        amount_yuan=Decimal(self.rng.randint(20, 90) * 10000),
                        output="消防设施配置",
                        quantity=Decimal(count),
                        quantity_unit="处",
                    )
                )
        SafetyInvestment.objects.bulk_create(investments)
        return len(investments)

    # --- ranking schemes and rankings -----------------------------------------------------------------------

    def build_schemes(self) -> tuple[RankingScheme, RankingScheme]:
        daily = RankingScheme.objects.create(
            org_unit=self.city,
            name=DAILY_SCHEME,
            bulletin_title="每日工作动态",
            colour_basis=RankingScheme.Basis.RANK,
            description="针对重大隐患发现率、停产停业率、立案查处率三项指标，对前5名、中间13名、后5名分别赋蓝、黄、红三色，"
            "通过《每日工作动态》进行晾晒。",
        )
        Indicator.objects.bulk_create(
            [
                Indicator(
                    scheme=daily, name="重大隐患发现率", figure_key="hazards.major_found_rate", weight=30, sort_order=1
                ),
                Indicator(
                    scheme=daily, name="停产停业率", figure_key="enforcement.suspension_rate", weight=20, sort_order=2
                ),
                Indicator(scheme=daily, name="立案查处率", figure_key="enforcement.case_rate", weight=20, sort_order=3),
            ]
        )
        ColourBand.objects.bulk_create(
            [
                ColourBand(scheme=daily, position=1, colour=Colour.BLUE, size=5),
                ColourBand(scheme=daily, position=2, colour=Colour.YELLOW),
                ColourBand(scheme=daily, position=3, colour=Colour.RED, size=5),
            ]
        )
        element = RubricElement.objects.create(scheme=daily, name="隐患闭环整改", points=30)
        DeductionRule.objects.bulk_create(
            [
                DeductionRule(
                    element=element,
                    description="每处逾期未整改重大隐患扣2分，最多扣10分",
                    figure_key="hazards.major_overdue",
                    points=2,
                    cap=10,
                ),
                DeductionRule(
                    element=element,
                    description="隐患整改率低于90%扣5分",
                    figure_key="hazards.rectification_rate",
                    mode=DeductionRule.Mode.BELOW,
                    points=5,
                    threshold=90,
                ),
                DeductionRule(
                    element=element,
                    description="每处逾期未整改隐患扣0.5分，最多扣5分",
                    figure_key="hazards.overdue",
                    points=Decimal("0.5"),
                    cap=5,
                ),
            ]
        )
        weekly = RankingScheme.objects.create(
            org_unit=self.city,
            name=WEEKLY_SCHEME,
            bulletin_title="安全生产管控力指数周报",
            colour_basis=RankingScheme.Basis.SCORE,
            description="每周汇总各镇街在隐患排查、监管执法、事故防控等八个方面的安全指标数据，量化排名得分，按五色赋色。",
        )
        Indicator.objects.bulk_create(
            [
                Indicator(
                    scheme=weekly, name=name, figure_key=key, higher_is_better=better, weight=weight, sort_order=i
                )
                for i, (name, key, better, weight) in enumerate(
                    [
                        ("隐患排查", "hazards.found", True, 10),
                        ("隐患整改率", "hazards.rectification_rate", True, 10),
                        ("按期整改率", "hazards.on_time_rate", True, 10),
                        ("重大隐患发现", "hazards.major_found", True, 5),
                        ("检查单位", "enforcement.inspections", True, 10),
                        ("立案查处", "enforcement.cases", True, 10),
                        ("逾期未整改", "hazards.overdue", False, 5),
                        ("生产安全事故", "accidents.count", False, 10),
                    ],
                    start=1,
                )
            ]
        )
        ColourBand.objects.bulk_create(
            [
                ColourBand(scheme=weekly, position=i, colour=colour, min_score=score)
                for i, (colour, score) in enumerate(
                    [
                        (Colour.BLUE, 75),
                        (Colour.GREEN, 68),
                        (Colour.YELLOW, 60),
                        (Colour.ORANGE, 52),
                        (Colour.RED, None),
                    ],
                    start=1,
                )
            ]
        )
        accidents = RubricElement.objects.create(scheme=weekly, name="事故防控", points=15, sort_order=1)
        loop = RubricElement.objects.create(scheme=weekly, name="隐患闭环", points=15, sort_order=2)
        DeductionRule.objects.bulk_create(
            [
                DeductionRule(
                    element=accidents,
                    description="每死亡1人扣5分，最多扣15分",
                    figure_key="accidents.deaths",
                    points=5,
                    cap=15,
                ),
                DeductionRule(
                    element=loop,
                    description="每处逾期未整改重大隐患扣3分，最多扣9分",
                    figure_key="hazards.major_overdue",
                    points=3,
                    cap=9,
                ),
                DeductionRule(
                    element=loop,
                    description="逾期未整改隐患超过10处扣6分",
                    figure_key="hazards.overdue",
                    mode=DeductionRule.Mode.ABOVE,
                    points=6,
                    threshold=10,
                ),
            ]
        )
        return daily, weekly

    def build_rankings(self, clerk: User) -> int:
        daily, weekly = self.build_schemes()
        campaign = Campaign.objects.filter(name="安全生产隐患大排查大整治行动").first()
        start = campaign.start if campaign else self.today.replace(month=1, day=1)
        periods = [(daily, Period(start, self.today - dt.timedelta(days=back))) for back in range(7, 0, -1)]
        monday = self.today - dt.timedelta(days=self.today.weekday())
        periods += [
            (weekly, Period(monday - dt.timedelta(days=7 * w), monday - dt.timedelta(days=7 * w - 6)))
            for w in range(4, 0, -1)
        ]
        for index, (scheme, period) in enumerate(periods):
            ranking = services.ranking_compute(acting_user=clerk, scheme=scheme, period=period)
            if index != len(periods) - 1:  # the newest stays a draft, to show the publishing step
                services.ranking_publish(acting_user=clerk, ranking=ranking)
        return len(periods)
