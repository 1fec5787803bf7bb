"""Township assessment and ranking (考核晾晒), defined as data.

A scheme names the figures it reads (indicators, weighted), a rubric of elements
with deduction rules (考评细则), and colour bands. A computed ranking is kept with
each township's breakdown as it stood, so a township can see its history.
"""

from __future__ import annotations

from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet, visible_unit_ids


def _check_figure_key(key: str) -> None:
    # Imported here: the registry reads the selectors, which read these models.
    from responsibility.registry import FIGURES

    if key not in FIGURES:
        raise ValidationError(_("Unknown figure “%(key)s”.") % {"key": key})


class Colour(models.TextChoices):
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")


class RankingScheme(models.Model):
    """An assessment scheme (考核方案), e.g. the daily three-colour ranking of seed 000."""

    class Basis(models.TextChoices):
        RANK = "rank", _("By place in the ranking")
        SCORE = "score", _("By score")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    bulletin_title = models.CharField(_("bulletin title"), max_length=60, default="每日工作动态")
    colour_basis = models.CharField(_("colours by"), max_length=5, choices=Basis.choices, default=Basis.RANK)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ranking scheme")
        verbose_name_plural = _("ranking schemes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="scheme_unique_name")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """One weighted figure of a scheme; ``weight`` is the points a township at the top earns."""

    scheme = models.ForeignKey(RankingScheme, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=60)
    figure_key = models.CharField(_("figure"), max_length=60)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    weight = models.DecimalField(_("weight (points)"), max_digits=6, decimal_places=2)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="indicator_weight_positive")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_figure_key(self.figure_key)


class ColourBand(models.Model):
    """One colour of a scheme, in order from the best.

    By rank, ``size`` townships take the colour; the band without a size takes the rest, the bands
    before it count from the top and those after it from the bottom (5 / rest / 5 → 5 / 13 / 5 of 23).
    By score, a township takes the first band whose ``min_score`` it reaches; the last band has none.
    """

    scheme = models.ForeignKey(RankingScheme, on_delete=models.CASCADE, related_name="bands")
    position = models.PositiveSmallIntegerField(_("position"))
    colour = models.CharField(_("colour"), max_length=6, choices=Colour.choices)
    size = models.PositiveSmallIntegerField(_("townships"), null=True, blank=True)
    min_score = models.DecimalField(_("lowest score"), max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("colour band")
        verbose_name_plural = _("colour bands")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["scheme", "position"], name="band_unique_position")]

    def __str__(self) -> str:
        return self.get_colour_display()


class RubricElement(models.Model):
    """An element of the assessment rules (考评细则) worth ``points`` before deductions."""

    scheme = models.ForeignKey(RankingScheme, on_delete=models.CASCADE, related_name="elements")
    name = models.CharField(_("name"), max_length=60)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric element")
        verbose_name_plural = _("rubric elements")
        ordering = ["sort_order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(points__gt=0), name="element_points_positive")]

    def __str__(self) -> str:
        return self.name


class DeductionRule(models.Model):
    """A deduction rule: "each overdue major hazard −2, at most −10", or "rate below 90% −5"."""

    class Mode(models.TextChoices):
        EACH = "each", _("For each unit of the figure")
        BELOW = "below", _("When the figure is below the threshold")
        ABOVE = "above", _("When the figure is above the threshold")

    element = models.ForeignKey(RubricElement, on_delete=models.CASCADE, related_name="rules")
    description = models.CharField(_("rule"), max_length=120)
    figure_key = models.CharField(_("figure"), max_length=60)
    mode = models.CharField(_("mode"), max_length=5, choices=Mode.choices, default=Mode.EACH)
    points = models.DecimalField(_("points deducted"), max_digits=6, decimal_places=2)
    threshold = models.DecimalField(_("threshold"), max_digits=9, decimal_places=2, null=True, blank=True)
    cap = models.DecimalField(_("at most"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("deduction rule")
        verbose_name_plural = _("deduction rules")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="rule_points_positive"),
            models.CheckConstraint(condition=Q(mode="each") | Q(threshold__isnull=False), name="rule_has_threshold"),
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        _check_figure_key(self.figure_key)


def ancestor_paths(user: Any) -> list[str]:
    """Paths of the user's unit and every unit above it: "3399/", "3399/339901/", …"""
    unit = getattr(user, "org_unit", None) if getattr(user, "is_authenticated", False) else None
    if unit is None:
        return []
    return unit.ancestor_paths


def _bulletin_visibility(user: Any, prefix: str = "") -> Q | None:
    """Own records, or published rankings of the user's unit or a unit above it; None means all."""
    ids = visible_unit_ids(user)
    if ids is None:
        return None
    own = Q(**{f"{prefix}org_unit__in": ids})
    return own | Q(**{f"{prefix}status": "published", f"{prefix}org_unit__path__in": ancestor_paths(user)})


class RankingQuerySet(OrgScopedQuerySet):
    """A published ranking is a bulletin (晾晒): every township it ranks may read it, not only its owner."""

    def visible_to(self, user: Any) -> Self:
        condition = _bulletin_visibility(user)
        return self.all() if condition is None else self.filter(condition)


class Ranking(models.Model):
    """One computed ranking (one issue of 每日工作动态 / 晾晒通报) for a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    scheme = models.ForeignKey(
        RankingScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rankings"
    )
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+")
    issue = models.PositiveIntegerField(_("issue"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    township_count = models.PositiveSmallIntegerField(_("townships ranked"), default=0)
    computed_at = models.DateTimeField(_("computed"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = RankingQuerySet.as_manager()

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        ordering = ["-period_end", "-issue"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "issue"], name="ranking_unique_issue"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="ranking_period_order"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="ranking_published_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.bulletin_title}（第{self.issue}期）"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class RankingEntryQuerySet(OrgScopedQuerySet):
    """A township's own entries, and every entry of a bulletin the user may read."""

    def visible_to(self, user: Any) -> Self:
        bulletin = _bulletin_visibility(user, "ranking__")
        if bulletin is None:  # no unit limit: everything
            return self.all()
        return self.filter(Q(org_unit__in=visible_unit_ids(user)) | bulletin)


class RankingEntry(models.Model):
    """A township's place in one ranking, with the breakdown that produced its score.

    ``breakdown`` is a snapshot (indicator values and points, each deduction) so that
    later changes to the scheme never rewrite a published bulletin.
    """

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    indicator_points = models.DecimalField(_("indicator points"), max_digits=7, decimal_places=2)
    rubric_points = models.DecimalField(_("rubric points"), max_digits=7, decimal_places=2)
    colour = models.CharField(_("colour"), max_length=6, choices=Colour.choices)
    breakdown = models.JSONField(_("breakdown"), default=dict)

    objects = RankingEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ranking entry")
        verbose_name_plural = _("ranking entries")
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "org_unit"], name="entry_unique_township"),
            models.UniqueConstraint(fields=["ranking", "position"], name="entry_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} #{self.rank}"

    @property
    def deductions(self) -> list[dict[str, Any]]:
        return self.breakdown.get("deductions", [])

    @property
    def indicators(self) -> list[dict[str, Any]]:
        return self.breakdown.get("indicators", [])
