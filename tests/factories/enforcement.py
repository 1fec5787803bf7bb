"""Enforcement rows written straight to the tables, for fixtures in a given state.
Tests of the flows themselves go through the views and services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from enforcement.models import Case, Finding, Inspection, JointAction, OfficerCertificate, RectificationOrder
from org.models import OrgUnit, Role, User
from tests.factories.hazards import sector
from tests.factories.org import OrgUnitFactory, UserFactory


def bureau(city: OrgUnit) -> OrgUnit:
    """临江市应急管理局, the authority documents are issued in the name of (its numbers read 临应急…)."""
    return OrgUnit.objects.filter(code="CD01").first() or OrgUnitFactory.create(
        name="临江市应急管理局", code="CD01", kind=OrgUnit.Kind.DEPARTMENT, parent=city
    )


class OfficerFactory(UserFactory):
    role = Role.OFFICER
    display_name = factory.Sequence(lambda n: f"执法员{n}")

    @factory.post_generation
    def certificate(user: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if create:
            OfficerCertificate.objects.create(user=user, number=extracted or f"3399{user.pk:06d}")


class JointActionFactory(factory.django.DjangoModelFactory[JointAction]):
    class Meta:
        model = JointAction

    name = factory.Sequence(lambda n: f"联合执法行动{n}")
    start = dt.date(2026, 1, 1)
    end = dt.date(2026, 6, 30)


class InspectionFactory(factory.django.DjangoModelFactory[Inspection]):
    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    org_unit = factory.SubFactory(OrgUnitFactory)
    issuer = factory.SubFactory(OrgUnitFactory, kind=OrgUnit.Kind.DEPARTMENT)
    unit_name = factory.Sequence(lambda n: f"被检查企业{n}")
    sector = factory.LazyFunction(sector)
    inspected_on = dt.date(2026, 3, 10)
    kind = Inspection.Kind.ROUTINE

    @factory.post_generation
    def officers(inspection: Inspection, create: bool, extracted: Iterable[User] | None, **kwargs: Any) -> None:
        if create and extracted:
            inspection.officers.set(extracted)


class FindingFactory(factory.django.DjangoModelFactory[Finding]):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    description = "安全出口被货物堵塞"
    handling = Finding.Handling.ORDER


class OrderFactory(factory.django.DjangoModelFactory[RectificationOrder]):
    class Meta:
        model = RectificationOrder

    inspection = factory.SubFactory(InspectionFactory)
    issued_on = factory.LazyAttribute(lambda o: o.inspection.inspected_on)
    deadline = factory.LazyAttribute(lambda o: o.issued_on + dt.timedelta(days=30))


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    issuer = factory.SubFactory(OrgUnitFactory, kind=OrgUnit.Kind.DEPARTMENT)
    year = 2026
    seq = factory.Sequence(lambda n: 1000 + n)
    number = factory.LazyAttribute(lambda c: f"临应急罚〔{c.year}〕{c.seq}号")
    org_unit = factory.SubFactory(OrgUnitFactory)
    sector = factory.LazyFunction(sector)
    cause = "未按规定设置安全警示标志"
    party_name = factory.Sequence(lambda n: f"当事企业{n}")
    facts = "现场检查发现有限空间作业场所未设置明显的安全警示标志。"
    legal_basis = "《中华人民共和国安全生产法》第三十五条"
    filed_on = dt.date(2026, 3, 12)
    stage = Case.Stage.FILED
    fine_yuan = Decimal("0")

    @factory.post_generation
    def officers(case: Case, create: bool, extracted: Iterable[User] | None, **kwargs: Any) -> None:
        if create and extracted:
            case.officers.set(extracted)


def case_form_data(township, issuer, officers, **overrides) -> dict:
    """What an officer posts to the filing form."""
    data = {
        "filed_on": (timezone.localdate() - dt.timedelta(days=20)).isoformat(),
        "issuer": issuer.pk,
        "source": "inspection",
        "org_unit": township.pk,
        "sector": sector("工贸").pk,
        "cause": "未对有限空间作业场所进行辨识并设置明显的安全警示标志",
        "party_kind": "unit",
        "party_name": "临江宏达五金制品有限公司",
        "credit_code": "91339900MA2XXXXX1K",
        "legal_representative": "周建国",
        "party_address": "临江市城关街道工业路18号",
        "facts": "2026年11月2日，执法人员检查发现该公司污水池有限空间未设置安全警示标志，未建立有限空间管理台账。",
        "legal_basis": "《中华人民共和国安全生产法》第三十五条",
        "penalty_basis": "《中华人民共和国安全生产法》第九十九条第一项",
        "officers": [o.pk for o in officers],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def inspection_form_data(township, issuer, officers, **overrides) -> dict:
    """What an officer posts to the inspection form after a visit."""
    data = {
        "inspected_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "kind": Inspection.Kind.ROUTINE,
        "issuer": issuer.pk,
        "org_unit": township.pk,
        "unit_name": "临江宏达五金制品有限公司",
        "credit_code": "91339900MA2XXXXX1K",
        "address": "临江市城关街道工业路18号",
        "unit_contact": "周建国",
        "contact_phone": "13800000000",
        "sector": sector("工贸").pk,
        "summary": "检查抛光车间、除尘系统、有限空间作业场所及安全管理台账。",
        "officers": [o.pk for o in officers],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
