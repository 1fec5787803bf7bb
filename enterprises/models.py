"""The enterprise register (生产经营单位，一企一档), keyed on the unified social credit code.

Hazards, inspections, cases, interviews, accidents and complaints concern an enterprise; the register
holds it once, so its history can be shown and the same firm does not appear under five spellings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.codes import normalize_credit_code, validate_credit_code
from enterprises.industries import industry, parse_industry
from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class EnterpriseQuerySet(OrgScopedQuerySet):
    def search(self, text: str) -> Self:
        """By code or by any part of the name, former names included."""
        text = (text or "").strip()
        if not text:
            return self
        code = normalize_credit_code(text)
        return self.filter(
            models.Q(credit_code__startswith=code)
            | models.Q(name__icontains=text)
            | models.Q(former_names__icontains=text)
        )


class Enterprise(models.Model):
    """生产经营单位: one row per unified social credit code."""

    class Scale(models.TextChoices):
        # 统计上大中小微型企业划分办法 (国统字〔2017〕213号)
        LARGE = "large", _("Large")
        MEDIUM = "medium", _("Medium")
        SMALL = "small", _("Small")
        MICRO = "micro", _("Micro")

    class Standardization(models.TextChoices):
        # 安全生产标准化 grades (企业安全生产标准化建设定级办法, 2021)
        GRADE_1 = "1", _("Grade 1")
        GRADE_2 = "2", _("Grade 2")
        GRADE_3 = "3", _("Grade 3")
        NONE = "none", _("Not graded")

    class Risk(models.TextChoices):
        # 安全风险分级: 红 重大, 橙 较大, 黄 一般, 蓝 低
        RED = "red", _("Red (major risk)")
        ORANGE = "orange", _("Orange (high risk)")
        YELLOW = "yellow", _("Yellow (moderate risk)")
        BLUE = "blue", _("Blue (low risk)")

    class KeyKind(models.TextChoices):
        # 重点监管: what puts an enterprise under closer supervision
        HAZCHEM = "hazchem", _("Hazardous chemicals")
        DUST = "dust", _("Combustible dust")
        AMMONIA = "ammonia", _("Ammonia refrigeration")
        CONFINED = "confined", _("Confined spaces")
        METALLURGY = "metallurgy", _("Metal smelting")
        FIREWORKS = "fireworks", _("Fireworks")
        MINE = "mine", _("Non-coal mine")

    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField(_("enterprise name"), max_length=200)
    # Joined with 、 as a clerk writes them; plain text so that a search by an old name is one LIKE on any database.
    former_names = models.CharField(_("former names"), max_length=500, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="enterprises"
    )
    village = models.ForeignKey(
        OrgUnit,
        verbose_name=_("village / community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_enterprises",
    )
    industry_code = models.CharField(_("industry (GB/T 4754-2017)"), max_length=5, blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, blank=True)
    standardization = models.CharField(
        _("safety standardization grade"), max_length=10, choices=Standardization.choices, default=Standardization.NONE
    )
    risk = models.CharField(_("risk grade"), max_length=10, choices=Risk.choices, blank=True)
    key_kinds = models.JSONField(_("key supervision"), default=list, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_name = models.CharField(_("safety contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["org_unit__path", "name"]
        indexes = [models.Index(fields=["org_unit", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def industry(self):
        return industry(self.industry_code)

    @property
    def is_key(self) -> bool:
        return bool(self.key_kinds)

    @property
    def former_name_list(self) -> list[str]:
        return [name for name in self.former_names.split("、") if name]

    def key_kind_labels(self) -> list[str]:
        labels = dict(self.KeyKind.choices)
        return [str(labels[kind]) for kind in self.key_kinds if kind in labels]

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        self.credit_code = normalize_credit_code(self.credit_code)
        if self.industry_code and parse_industry(self.industry_code) != self.industry_code:
            errors["industry_code"] = _("Not a division of GB/T 4754-2017: pick one from the list.")
        if self.org_unit_id and self.org_unit.kind != OrgUnit.Kind.TOWNSHIP:
            errors["org_unit"] = _("An enterprise belongs to a township or street.")
        if (
            self.village_id
            and self.org_unit_id
            and self.village is not None
            and self.village.parent_id != self.org_unit_id
        ):
            errors["village"] = _("This village is not in the chosen township.")
        unknown = set(self.key_kinds) - set(self.KeyKind.values)
        if unknown:
            errors["key_kinds"] = _("Unknown key supervision kind.")
        if errors:
            raise ValidationError(errors)
