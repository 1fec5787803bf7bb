from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import factory

from hazards.models import Hazard
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
from tests.factories.org import OrgUnitFactory


class CommitteeFactory(factory.django.DjangoModelFactory[Committee]):
    class Meta:
        model = Committee

    org_unit = factory.SubFactory(OrgUnitFactory)
    year = 2026
    kind = Committee.Kind.MAIN
    name = factory.Sequence(lambda n: f"安全生产委员会{n}")


class LetterFactory(factory.django.DjangoModelFactory[ResponsibilityLetter]):
    class Meta:
        model = ResponsibilityLetter

    year = 2026
    kind = ResponsibilityLetter.Kind.GOAL
    title = "2026年度安全生产和消防工作目标管理责任书"
    issuer = factory.SubFactory(OrgUnitFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    org_unit = factory.SubFactory(OrgUnitFactory)
    held_on = dt.date(2026, 3, 10)
    kind = Meeting.Kind.DISPATCH
    topic = "隐患大排查大整治调度会"


class LeaderInspectionFactory(factory.django.DjangoModelFactory[LeaderInspection]):
    class Meta:
        model = LeaderInspection
        skip_postgeneration_save = True

    org_unit = factory.SubFactory(OrgUnitFactory)
    held_on = dt.date(2026, 4, 2)
    leader = "副市长 张明华"
    places = "工业园区、农贸市场"

    @factory.post_generation
    def hazards(inspection: LeaderInspection, create: bool, extracted: Iterable[Hazard] | None, **kwargs: Any) -> None:
        if create and extracted:
            inspection.hazards.set(extracted)


class InterviewFactory(factory.django.DjangoModelFactory[Interview]):
    class Meta:
        model = Interview

    org_unit = factory.SubFactory(OrgUnitFactory)
    held_on = dt.date(2026, 5, 6)
    enterprise = factory.Sequence(lambda n: f"临江测试企业{n}有限公司")
    reason = "重大事故隐患逾期未整改"


class AccidentFactory(factory.django.DjangoModelFactory[Accident]):
    class Meta:
        model = Accident

    org_unit = factory.SubFactory(OrgUnitFactory)
    occurred_on = dt.date(2026, 3, 15)
    place = factory.Sequence(lambda n: f"事故地点{n}")
    kind = Accident.Kind.ROAD
    dead = 1
    description = "一辆货车与电动自行车相撞"


class PublicityEventFactory(factory.django.DjangoModelFactory[PublicityEvent]):
    class Meta:
        model = PublicityEvent

    org_unit = factory.SubFactory(OrgUnitFactory)
    held_on = dt.date(2026, 6, 16)
    kind = PublicityEvent.Kind.TRAINING
    title = factory.Sequence(lambda n: f"安全生产培训班{n}")


class SchemeFactory(factory.django.DjangoModelFactory[RankingScheme]):
    class Meta:
        model = RankingScheme

    org_unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"镇街晾晒{n}")
    colour_basis = RankingScheme.Basis.RANK


def add_indicator(
    scheme, key: str, weight: int | str = 10, *, higher_is_better: bool = True, name: str = ""
) -> Indicator:
    return Indicator.objects.create(
        scheme=scheme,
        name=name or key,
        figure_key=key,
        weight=Decimal(weight),
        higher_is_better=higher_is_better,
        sort_order=scheme.indicators.count(),
    )


def add_bands(scheme, *bands: tuple[str, int | None] | tuple[str, None, int | None]) -> None:
    """("blue", 5), ("yellow", None), ("red", 5) by rank; ("blue", None, 90) … by score."""
    for position, band in enumerate(bands, start=1):
        colour, size, *score = band
        ColourBand.objects.create(
            scheme=scheme, position=position, colour=Colour(colour), size=size, min_score=score[0] if score else None
        )


def add_rule(
    scheme,
    element: str,
    points: int,
    description: str,
    key: str,
    deduct: str,
    *,
    mode: str = "each",
    cap: str | None = None,
    threshold: str | None = None,
) -> DeductionRule:
    element_row, _ = RubricElement.objects.get_or_create(scheme=scheme, name=element, defaults={"points": points})
    return DeductionRule.objects.create(
        element=element_row,
        description=description,
        figure_key=key,
        mode=mode,
        points=Decimal(deduct),
        cap=Decimal(cap) if cap else None,
        threshold=Decimal(threshold) if threshold else None,
    )


class ComplaintFactory(factory.django.DjangoModelFactory[Complaint]):
    class Meta:
        model = Complaint

    org_unit = factory.SubFactory(OrgUnitFactory)
    received_on = dt.date(2026, 3, 20)
    channel = Complaint.Channel.HOTLINE_12350
    subject = factory.Sequence(lambda n: f"举报某企业违规动火作业{n}")


class IncidentFactory(factory.django.DjangoModelFactory[Incident]):
    class Meta:
        model = Incident

    org_unit = factory.SubFactory(OrgUnitFactory)
    occurred_on = dt.date(2026, 4, 8)
    kind = Incident.Kind.GAS_LEAK
    place = factory.Sequence(lambda n: f"道路施工点{n}")
    description = "道路施工挖断燃气管道，造成燃气泄漏，及时处置"


class InvestmentFactory(factory.django.DjangoModelFactory[SafetyInvestment]):
    class Meta:
        model = SafetyInvestment

    org_unit = factory.SubFactory(OrgUnitFactory)
    project = factory.Sequence(lambda n: f"安全投入项目{n}")
    invested_on = dt.date(2026, 5, 10)
    amount_yuan = Decimal("100000")
