from __future__ import annotations

import datetime as dt
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hazards.models import Campaign, Criterion, Hazard, HazardPhoto, Sector
from tests.factories.org import OrgUnitFactory


def sector(name: str = "消防") -> Sector:
    """Sectors come from a data migration; transactional tests flush them, so recreate on demand."""
    return Sector.objects.get_or_create(name=name, defaults={"code": f"s{ord(name[0]):x}{len(name)}"})[0]


class CampaignFactory(factory.django.DjangoModelFactory[Campaign]):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"专项行动{n}")
    start = dt.date(2026, 1, 1)
    end = dt.date(2026, 12, 31)


class CriterionFactory(factory.django.DjangoModelFactory[Criterion]):
    class Meta:
        model = Criterion

    standard = "工贸企业重大事故隐患判定标准（2023）"
    part = Criterion.Part.SPECIAL
    clause = factory.Sequence(lambda n: f"第十一条第（{n}）项")
    text = "干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施的。"


class HazardFactory(factory.django.DjangoModelFactory[Hazard]):
    """A hazard row written straight to the table: for fixtures of a given
    state. Tests of the loop itself go through the views and services."""

    class Meta:
        model = Hazard

    org_unit = factory.SubFactory(OrgUnitFactory)
    place_name = factory.Sequence(lambda n: f"测试企业{n}")
    sector = factory.LazyFunction(sector)
    description = "疏散通道堆放杂物，安全出口指示标志损坏"
    found_on = dt.date(2026, 3, 10)
    status = Hazard.Status.REPORTED


class HazardPhotoFactory(factory.django.DjangoModelFactory[HazardPhoto]):
    class Meta:
        model = HazardPhoto

    hazard = factory.SubFactory(HazardFactory)
    kind = HazardPhoto.Kind.BEFORE
    image = factory.django.ImageField(filename="photo.png", format="PNG", width=2, height=2, color="red")


def tiny_png(name: str = "after.png") -> SimpleUploadedFile:
    """A real 2×2 PNG, small enough to post from a test, valid enough for ImageField."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), color="green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def hazard_form_data(org_unit, **overrides) -> dict:
    """What a grid worker posts to the entry form: the required fields, filled in."""
    data = {
        "org_unit": org_unit.pk,
        "place_name": "城关五金加工厂",
        "sector": sector().pk,
        "source": Hazard.Source.TOWNSHIP,
        "found_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "description": "车间东侧疏散通道堆放纸箱，安全出口指示标志损坏不亮",
        "level": Hazard.Level.GENERAL,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
