"""Demo enforcement records for the demo city, from January of last year to today: some five
thousand inspections by pairs of officers, their findings and orders, six joint actions and
about 150 penalty cases a year with fines and measures.

Deterministic (fixed random seed) and idempotent: does nothing when the demo inspections are
already there. Bulk inserts keep it to seconds; audit entries give each record its timeline.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from enforcement.management.commands import _demo_data as demo
from enforcement.models import (
    Case,
    Finding,
    Inspection,
    JointAction,
    NumberSequence,
    OfficerCertificate,
    RectificationOrder,
)
from enforcement.services.numbering import CASE_CODE, format_number
from hazards.models import Campaign, Hazard, Sector
from org.models import AuditEntry, OrgUnit, Role, User
from org.services import user_create

INSPECTIONS_PER_TOWNSHIP_MONTH = (7, 13)
CASE_SHARE = 0.054  # of inspections: about 150 cases a year for the demo city
# Of the inspections while a campaign runs, the share done under it (more in the sectors it targets).
CAMPAIGN_SHARE, TARGETED_CAMPAIGN_SHARE = 0.3, 0.5
F = Finding.Handling
S = Case.Stage


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    # Today's entries at an hour still to come would be shown in the future: never after now.
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0))), timezone.now())


class Command(BaseCommand):
    help = "Add demo inspections, joint actions and penalty cases to the demo city (idempotent)."

    def handle(self, *args, **options) -> None:
        townships = list(OrgUnit.objects.townships().order_by("path"))
        issuer = (
            OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT, name__endswith="应急管理局").order_by("path").first()
        )
        if not townships or issuer is None:
            self.stdout.write("No townships or 应急管理局: run seed_demo first.")
            return
        if Inspection.objects.filter(import_key__startswith="demo-").exists():
            self.stdout.write("Demo enforcement records already present.")
            return
        with transaction.atomic():
            officers = self.officers(issuer.parent)
            counts = Builder(random.Random(20261123), timezone.localdate(), townships, issuer, officers).build()
        self.stdout.write(
            "{inspections} demo inspections, {findings} findings, {orders} orders, {cases} cases, "
            "{joint} joint actions created".format(**counts)
        )

    def officers(self, unit: OrgUnit | None) -> list[User]:
        for username, name in demo.OFFICERS:
            if not User.objects.filter(username=username).exists():
                user_create(
                    username=username, password="Demo@2026", display_name=name, role=Role.OFFICER, org_unit=unit
                )
        officers = list(User.objects.filter(role=Role.OFFICER, is_active=True).order_by("pk"))
        for index, user in enumerate(officers, start=1):
            OfficerCertificate.objects.get_or_create(user=user, defaults={"number": f"339900{index:04d}"})
        return officers


class Builder:
    def __init__(
        self, rng: random.Random, today: dt.date, townships: list[OrgUnit], issuer: OrgUnit, officers: list[User]
    ) -> None:
        self.rng, self.today, self.townships, self.issuer, self.officers = rng, today, townships, issuer, officers
        self.sectors = {s.name: s for s in Sector.objects.all()}
        self.start = dt.date(today.year - 1, 1, 1)
        self.audit: list[AuditEntry] = []
        # The campaigns come from seed_demo_hazards. Their own generator, so that adding them left
        # every other demo record as it was.
        self.campaigns = [
            (c, {s.pk for s in c.sectors.all()})
            for c in Campaign.objects.prefetch_related("sectors").order_by("-start", "pk")
        ]
        self.campaign_rng = random.Random(20261202)

    def pair(self) -> list[User]:
        # The demo login 张执法 goes out on about half the visits, so his own work page is full.
        lead = self.officers[0] if self.rng.random() < 0.5 else self.rng.choice(self.officers)
        return [lead, self.rng.choice([o for o in self.officers if o.pk != lead.pk])]

    def log(
        self,
        actor: User | None,
        action: str,
        ct: ContentType,
        pk: int,
        unit_id: int,
        day: dt.date,
        data: dict,
        hour: int = 10,
    ) -> None:
        self.audit.append(
            AuditEntry(
                actor=actor,
                action=action,
                org_unit_id=unit_id,
                target_type=ct,
                target_id=pk,
                data=data,
                created_at=_at(day, hour),
            )
        )

    def build(self) -> dict[str, int]:
        joint = self.joint_actions()
        units = {t.pk: self.unit_pool(t) for t in self.townships}
        inspections, pairs, findings_of = self.inspections(units, joint)
        orders = self.orders(inspections, findings_of, pairs)
        hazards = self.hand_over(inspections, findings_of)
        cases = self.cases(inspections, findings_of, orders, pairs)
        AuditEntry.objects.bulk_create(self.audit, batch_size=2000)
        return {
            "inspections": len(inspections),
            "findings": sum(len(f) for f in findings_of.values()),
            "orders": len(orders),
            "cases": len(cases),
            "joint": len(joint),
            "hazards": hazards,
        }

    def joint_actions(self) -> list[JointAction]:
        departments = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).order_by("path"))
        actions = []
        for name, (m1, d1), (m2, d2), offset, members in demo.JOINT_ACTIONS:
            year = self.today.year + offset
            action, _ = JointAction.objects.get_or_create(
                name=name.format(y=year),
                defaults={
                    "start": dt.date(year, m1, d1),
                    "end": dt.date(year, m2, d2),
                    "lead": self.issuer,
                    "description": "由市安委办牵头，应急管理、住建、消防、市场监管等部门联合开展。",
                },
            )
            action.departments.set([departments[i] for i in members if i < len(departments)])
            actions.append(action)
        return actions

    def campaign(self, day: dt.date, sector: Sector) -> Campaign | None:
        """The newest campaign running that day takes a share of the inspections, if it covers the sector."""
        for campaign, sectors in self.campaigns:
            if campaign.start <= day <= campaign.end and (not sectors or sector.pk in sectors):
                share = TARGETED_CAMPAIGN_SHARE if sectors else CAMPAIGN_SHARE
                return campaign if self.campaign_rng.random() < share else None
        return None

    def unit_pool(self, township: OrgUnit) -> list[dict]:
        pool = []
        names, weights = list(demo.SECTOR_WEIGHTS), list(demo.SECTOR_WEIGHTS.values())
        for index in range(28):
            sector = self.rng.choices(names, weights)[0]
            pattern, _, _ = self.rng.choice(demo.PROBLEMS[sector])
            words = demo.UNIT_WORDS if index < len(demo.UNIT_WORDS) else demo.MORE_UNIT_WORDS
            word = words[(index + township.pk) % len(words)]
            has_code = "有限公司" in pattern or self.rng.random() < 0.4
            pool.append(
                {
                    "unit_name": pattern.format(t=township.name[:2], n=word),
                    # 18 characters, shaped like a unified social credit code (统一社会信用代码).
                    "credit_code": f"91339900MA{township.pk % 100:02d}{index:04d}{'ABCDEFGHJK'[index % 10]}{index % 7}"
                    if has_code
                    else "",
                    "address": f"临江市{township.name}{word}路{index + 1}号",
                    "sector": sector,
                    "unit_contact": self.rng.choice(demo.CONTACTS),
                }
            )
        return pool

    def inspections(self, units: dict[int, list[dict]], joint: list[JointAction]):
        rows: list[Inspection] = []
        pairs, problems = [], []
        month = self.start
        while month <= self.today:
            for township in self.townships:
                for _ in range(self.rng.randint(*INSPECTIONS_PER_TOWNSHIP_MONTH)):
                    day = month + dt.timedelta(days=self.rng.randint(0, 27))
                    if day > self.today:
                        continue
                    unit = self.rng.choice(units[township.pk])
                    action = next((a for a in joint if a.start <= day <= a.end), None)
                    in_action = action is not None and self.rng.random() < 0.45
                    kind = (
                        Inspection.Kind.JOINT
                        if in_action
                        else self.rng.choices(
                            [
                                Inspection.Kind.ROUTINE,
                                Inspection.Kind.SPECIAL,
                                Inspection.Kind.RANDOM,
                                Inspection.Kind.UNANNOUNCED,
                            ],
                            [55, 20, 15, 10],
                        )[0]
                    )
                    pair = self.pair()
                    sector = self.sectors[unit["sector"]]
                    rows.append(
                        Inspection(
                            org_unit=township,
                            issuer=self.issuer,
                            kind=kind,
                            joint_action=action if in_action else None,
                            campaign=self.campaign(day, sector),
                            unit_name=unit["unit_name"],
                            credit_code=unit["credit_code"],
                            address=unit["address"],
                            unit_contact=unit["unit_contact"],
                            sector=sector,
                            inspected_on=day,
                            summary=self.rng.choice(demo.SUMMARIES),
                            recorded_by=pair[0],
                            import_key=f"demo-{len(rows)}",
                        )
                    )
                    pairs.append(pair)
                    count = self.rng.choices([0, 1, 2, 3, 4], [30, 30, 22, 12, 6])[0]
                    choices = demo.PROBLEMS[unit["sector"]]
                    problems.append(self.rng.sample(choices, min(count, len(choices))))
            month = (month + dt.timedelta(days=32)).replace(day=1)
        Inspection.objects.bulk_create(rows, batch_size=1000)
        through = Inspection.officers.through
        through.objects.bulk_create(
            [through(inspection_id=i.pk, user_id=u.pk) for i, pair in zip(rows, pairs, strict=True) for u in pair],
            batch_size=2000,
        )
        ct = ContentType.objects.get_for_model(Inspection)
        findings = []
        for inspection, found, pair in zip(rows, problems, pairs, strict=True):
            self.log(
                pair[0],
                "enforcement.inspection.created",
                ct,
                inspection.pk,
                inspection.org_unit_id,
                inspection.inspected_on,
                {"unit": inspection.unit_name, "officers": [u.pk for u in pair], "campaign": inspection.campaign_id},
            )
            for _, description, basis in found:
                handling = self.rng.choices([F.ORDER, F.ON_SPOT, F.HAZARD], [62, 30, 8])[0]
                findings.append(
                    Finding(
                        inspection=inspection,
                        description=description,
                        legal_basis=basis,
                        handling=handling,
                        is_major=self.rng.random() < 0.01,
                    )
                )
        Finding.objects.bulk_create(findings, batch_size=2000)
        findings_of: dict[int, list[Finding]] = {}
        for finding in findings:
            findings_of.setdefault(finding.inspection_id, []).append(finding)
        return rows, dict(zip((i.pk for i in rows), pairs, strict=True)), findings_of

    def orders(self, inspections: list[Inspection], findings_of: dict, pairs: dict) -> dict[int, RectificationOrder]:
        orders = {}
        for inspection in inspections:
            if not any(f.handling == F.ORDER for f in findings_of.get(inspection.pk, [])):
                continue
            deadline = inspection.inspected_on + dt.timedelta(days=self.rng.choice([7, 15, 15, 30, 30]))
            order = RectificationOrder(
                inspection=inspection,
                issued_on=inspection.inspected_on,
                deadline=deadline,
                requirements=self.rng.choice(demo.REQUIREMENTS),
            )
            # Re-inspected a few days either side of the deadline; the last weeks are still open.
            checked = deadline + dt.timedelta(days=self.rng.randint(-3, 6))
            if checked < self.today - dt.timedelta(days=12) or (checked < self.today and self.rng.random() < 0.6):
                passed = self.rng.random() < 0.95
                order.status = RectificationOrder.Status.PASSED if passed else RectificationOrder.Status.FAILED
                order.reinspected_on = max(checked, order.issued_on)
                order.reinspection_note = "已按要求整改到位。" if passed else "未按期完成整改，仍存在原问题。"
            orders[inspection.pk] = order
        RectificationOrder.objects.bulk_create(orders.values(), batch_size=1000)
        through = RectificationOrder.reinspected_by.through
        through.objects.bulk_create(
            [
                through(rectificationorder_id=o.pk, user_id=u.pk)
                for pk, o in orders.items()
                if o.reinspected_on
                for u in pairs[pk]
            ],
            batch_size=2000,
        )
        ct = ContentType.objects.get_for_model(Inspection)
        for pk, order in orders.items():
            unit_id = order.inspection.org_unit_id
            self.log(
                pairs[pk][0],
                "enforcement.order.issued",
                ct,
                pk,
                unit_id,
                order.issued_on,
                {"deadline": order.deadline.isoformat()},
                hour=11,
            )
            if order.reinspected_on:
                self.log(
                    pairs[pk][0],
                    "enforcement.order.reinspected",
                    ct,
                    pk,
                    unit_id,
                    order.reinspected_on,
                    {"to": order.status, "on": order.reinspected_on.isoformat(), "reason": order.reinspection_note},
                    hour=15,
                )
        return orders

    def hand_over(self, inspections: list[Inspection], findings_of: dict) -> int:
        """Findings handed to the township hazard loop become hazards there, linked back."""
        by_pk = {i.pk: i for i in inspections}
        handed = [f for found in findings_of.values() for f in found if f.handling == F.HAZARD]
        hazards = []
        for finding in handed:
            inspection = by_pk[finding.inspection_id]
            age = (self.today - inspection.inspected_on).days
            deadline = inspection.inspected_on + dt.timedelta(days=30)
            closed = age > 45 and self.rng.random() < 0.95
            hazards.append(
                Hazard(
                    org_unit_id=inspection.org_unit_id,
                    place_name=inspection.unit_name,
                    sector=inspection.sector,
                    credit_code=inspection.credit_code,
                    address=inspection.address,
                    source=Hazard.Source.DEPARTMENT,
                    description=finding.description,
                    found_on=inspection.inspected_on,
                    finder=inspection.recorded_by,
                    level=Hazard.Level.MAJOR if finding.is_major else Hazard.Level.GENERAL,
                    responsible_unit=inspection.unit_name,
                    responsible_person=inspection.unit_contact,
                    deadline=deadline,
                    status=Hazard.Status.CLOSED if closed else Hazard.Status.ASSIGNED,
                    closed_on=min(self.today, deadline - dt.timedelta(days=self.rng.randint(0, 20)))
                    if closed
                    else None,
                    rectification_note="已按要求整改到位，现场复查合格。" if closed else "",
                    import_key=f"enf-{finding.pk}",
                )
            )
        Hazard.objects.bulk_create(hazards, batch_size=1000)
        for finding, hazard in zip(handed, hazards, strict=True):
            finding.hazard = hazard
        Finding.objects.bulk_update(handed, ["hazard"], batch_size=1000)
        ct = ContentType.objects.get_for_model(Hazard)
        for hazard in hazards:
            self.log(
                hazard.finder,
                "hazards.hazard.created",
                ct,
                hazard.pk,
                hazard.org_unit_id,
                hazard.found_on,
                {"to": "reported", "level": hazard.level},
            )
            self.log(
                hazard.finder,
                "hazards.hazard.assign",
                ct,
                hazard.pk,
                hazard.org_unit_id,
                hazard.found_on,
                {
                    "from": "reported",
                    "to": "assigned",
                    "responsible_unit": hazard.responsible_unit,
                    "deadline": hazard.deadline.isoformat() if hazard.deadline else None,
                    "reason": "",
                },
                hour=11,
            )
            if hazard.closed_on:
                self.log(
                    hazard.finder,
                    "hazards.hazard.reinspect_pass",
                    ct,
                    hazard.pk,
                    hazard.org_unit_id,
                    hazard.closed_on,
                    {"from": "awaiting_review", "to": "closed", "reason": ""},
                    hour=16,
                )
        return len(hazards)

    def cases(self, inspections: list[Inspection], findings_of: dict, orders: dict, pairs: dict) -> list[Case]:
        failed = [i for i in inspections if i.pk in orders and orders[i.pk].status == RectificationOrder.Status.FAILED]
        others = [i for i in inspections if findings_of.get(i.pk) and i not in failed]
        chosen = sorted(
            set(failed) | set(self.rng.sample(others, max(0, int(len(inspections) * CASE_SHARE) - len(failed)))),
            key=lambda i: (i.inspected_on, i.pk),
        )
        sequence: dict[int, int] = {}
        cases = []
        for inspection in chosen:
            filed = inspection.inspected_on + dt.timedelta(days=self.rng.randint(1, 12))
            if filed > self.today:
                continue
            sequence[filed.year] = sequence.get(filed.year, 0) + 1
            seq = sequence[filed.year]
            basis = findings_of[inspection.pk][0].legal_basis
            case = Case(
                number=format_number(self.issuer, CASE_CODE, filed.year, seq),
                issuer=self.issuer,
                year=filed.year,
                seq=seq,
                org_unit_id=inspection.org_unit_id,
                inspection=inspection,
                sector=inspection.sector,
                campaign_id=inspection.campaign_id,
                cause=demo.CAUSES.get(basis, demo.DEFAULT_CAUSE),
                party_name=inspection.unit_name,
                credit_code=inspection.credit_code,
                legal_representative=inspection.unit_contact,
                party_address=inspection.address,
                legal_basis=basis,
                penalty_basis=demo.PENALTY_BASIS,
                facts=f"{inspection.inspected_on.year}年{inspection.inspected_on.month}月{inspection.inspected_on.day}日，"
                f"执法人员现场检查发现该单位" + "；".join(f.description for f in findings_of[inspection.pk]) + "。",
                filed_on=filed,
                filed_by=pairs[inspection.pk][0],
                import_key=f"demo-{inspection.pk}",
            )
            self.walk(case, pairs[inspection.pk][0])
            cases.append(case)
        Case.objects.bulk_create(cases, batch_size=500)
        through = Case.officers.through
        through.objects.bulk_create(
            [through(case_id=c.pk, user_id=u.pk) for c in cases for u in pairs[c.inspection_id]], batch_size=2000
        )
        for year, last in sequence.items():
            NumberSequence.objects.update_or_create(
                issuer=self.issuer, code=CASE_CODE, year=year, defaults={"last": last}
            )
        ct = ContentType.objects.get_for_model(Case)
        for case in cases:
            officer = pairs[case.inspection_id][0]
            self.log(
                officer,
                "enforcement.case.filed",
                ct,
                case.pk,
                case.org_unit_id,
                case.filed_on,
                {"to": S.FILED, "number": case.number, "on": case.filed_on.isoformat(), "campaign": case.campaign_id},
            )
            previous = S.FILED
            for stage, prefix in list(Case.STAGE_FIELDS.items())[1:]:
                on = getattr(case, f"{prefix}_on")
                if on is None:
                    continue
                action = {
                    S.INVESTIGATING: "investigate",
                    S.NOTIFIED: "notify",
                    S.HEARING: "hearing",
                    S.DECIDED: "decide",
                    S.EXECUTED: "execute",
                    S.CLOSED: "close",
                }[stage]
                data = {"from": previous, "to": stage, "on": on.isoformat()}
                if stage == S.DECIDED:
                    data["fine_yuan"] = str(case.fine_yuan)
                self.log(officer, f"enforcement.case.{action}", ct, case.pk, case.org_unit_id, on, data, hour=14)
                previous = stage
        return cases

    def walk(self, case: Case, officer: User) -> None:
        """Move a demo case as far along as its age allows, with realistic measures."""
        rng, age = self.rng, (self.today - case.filed_on).days
        step = case.filed_on
        plan = [
            (S.INVESTIGATING, 2, 6),
            (S.NOTIFIED, 10, 25),
            (S.HEARING, 5, 10),
            (S.DECIDED, 4, 12),
            (S.EXECUTED, 5, 20),
            (S.CLOSED, 3, 15),
        ]
        hearing = rng.random() < 0.05
        roll = rng.random()
        if roll < 0.9:
            case.fine_yuan = Decimal(rng.choice([3000, 5000, 5000, 8000, 10000, 12000, 15000, 20000, 30000]))
            case.fine_yuan += Decimal(rng.choice([0, 0, 0, 500, 800]))
        elif roll < 0.95:
            case.fine_yuan = Decimal(rng.choice([50000, 100000, 150000]))
        else:
            case.fine_yuan = Decimal(0)
        case.warning = case.fine_yuan == 0 or rng.random() < 0.05
        case.suspension, case.three_stops = rng.random() < 0.12, rng.random() < 0.06
        case.seal, case.closure = rng.random() < 0.08, rng.random() < 0.02
        case.detained_people = rng.choice([1, 1, 2, 3]) if rng.random() < 0.05 else 0
        case.judicial_transfer, case.credit_penalty = rng.random() < 0.02, rng.random() < 0.1
        case.exposure = rng.random() < 0.15
        for stage, low, high in plan:
            if stage == S.HEARING and not hearing:
                continue
            on = step + dt.timedelta(days=rng.randint(low, high))
            if on > self.today or rng.random() < (0.01 if age > 150 else 0.12):
                break
            prefix = Case.STAGE_FIELDS[stage]
            setattr(case, f"{prefix}_on", on)
            setattr(case, f"{prefix}_by", officer)
            case.stage, step = stage, on
        if case.decided_on is None:
            for name in (
                "suspension",
                "three_stops",
                "seal",
                "closure",
                "judicial_transfer",
                "credit_penalty",
                "exposure",
                "warning",
            ):
                setattr(case, name, False if case.notified_on is None else getattr(case, name))
            if case.notified_on is None:
                case.fine_yuan, case.detained_people = Decimal(0), 0
        if case.executed_on:
            case.paid_yuan, case.execution_note = case.fine_yuan, "当事人已按期缴纳罚款，相关措施已落实。"
        if case.closed_on:
            case.closing_note = "处罚决定已执行完毕，案卷材料齐全，建议结案归档。"
