"""Scoring, ranking and colouring of townships: plain functions over figures already loaded.

The rules, as published with every bulletin:

- Indicators: on each indicator the best township earns the indicator's full weight, the worst
  earns nothing and the others earn in proportion (min–max). When every township has the same
  value, all earn the full weight. A township without the figure (a rate with nothing to divide)
  earns nothing on that indicator.
- Rubric (考评细则): each element starts at its points; each rule deducts — "each" rules per unit of
  the figure up to the rule's cap, threshold rules once when the figure is below / above the
  threshold (no figure, no deduction). An element never drops below zero.
- Score = indicator points + rubric points, to two decimal places.
- Ties: equal scores share a rank ("1, 2, 2, 4"); tied townships are listed in org-unit order.
  At a colour edge a tie is settled in the townships' favour: all of a tied group take the better
  colour (the top band may grow, a bottom band may shrink). When the top and bottom bands would
  overlap (few townships), the top band wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from org.models import OrgUnit
from org.periods import format_rate
from responsibility.models import ColourBand, DeductionRule, Indicator, RankingScheme, RubricElement
from responsibility.registry import FIGURES, Value

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class TownshipResult:
    unit: OrgUnit
    indicator_points: Decimal = ZERO
    rubric_points: Decimal = ZERO
    breakdown: dict[str, Any] = field(default_factory=dict)
    position: int = 0
    rank: int = 0
    colour: str = ""

    @property
    def score(self) -> Decimal:
        return (self.indicator_points + self.rubric_points).quantize(CENT, rounding=ROUND_HALF_UP)


def display(key: str, value: Value) -> str:
    if value is None:
        return "—"
    return format_rate(Decimal(value)) if FIGURES[key].is_rate else str(value)


def indicator_points(indicator: Indicator, values: Sequence[Value]) -> list[Decimal]:
    """Points on one indicator for each township, in the order of ``values``."""
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return [ZERO for _ in values]
    low, high = min(present), max(present)
    points = []
    for value in values:
        if value is None:
            points.append(ZERO)
        elif high == low:
            points.append(indicator.weight)
        else:
            share = (Decimal(value) - low) / (high - low)
            if not indicator.higher_is_better:
                share = 1 - share
            points.append((indicator.weight * share).quantize(CENT, rounding=ROUND_HALF_UP))
    return points


def rule_deduction(rule: DeductionRule, value: Value) -> Decimal:
    if value is None:
        return ZERO
    value = Decimal(value)
    if rule.mode == DeductionRule.Mode.EACH:
        deducted = rule.points * max(value, ZERO)
        return min(deducted, rule.cap) if rule.cap is not None else deducted
    if rule.threshold is None:  # a below/above rule without its threshold: nothing to compare, no deduction
        return ZERO
    if rule.mode == DeductionRule.Mode.BELOW:
        return rule.points if value < rule.threshold else ZERO
    return rule.points if value > rule.threshold else ZERO


def element_score(element: RubricElement, values: dict[str, Value]) -> tuple[Decimal, list[dict[str, str]]]:
    deductions = []
    total = ZERO
    for rule in element.rules.all():
        value = values.get(rule.figure_key)
        deducted = rule_deduction(rule, value)
        if deducted:
            total += deducted
            deductions.append(
                {
                    "element": element.name,
                    "rule": rule.description,
                    "key": rule.figure_key,
                    "value": display(rule.figure_key, value),
                    "points": str(deducted.quantize(CENT)),
                }
            )
    return max(element.points - total, ZERO), deductions


def score_townships(
    townships: Sequence[OrgUnit],
    values: dict[int, dict[str, Value]],
    indicators: Sequence[Indicator],
    elements: Sequence[RubricElement],
) -> list[TownshipResult]:
    results = [
        TownshipResult(unit=unit, breakdown={"indicators": [], "elements": [], "deductions": []}) for unit in townships
    ]
    for indicator in indicators:
        column = [values[r.unit.pk].get(indicator.figure_key) for r in results]
        for result, value, points in zip(results, column, indicator_points(indicator, column), strict=True):
            result.indicator_points += points
            result.breakdown["indicators"].append(
                {
                    "name": indicator.name,
                    "key": indicator.figure_key,
                    "value": display(indicator.figure_key, value),
                    "weight": str(indicator.weight),
                    "points": str(points),
                }
            )
    for result in results:
        for element in elements:
            points, deductions = element_score(element, values[result.unit.pk])
            result.rubric_points += points
            result.breakdown["elements"].append(
                {"name": element.name, "points": str(element.points), "score": str(points.quantize(CENT))}
            )
            result.breakdown["deductions"] += deductions
    return results


def assign_ranks(results: list[TownshipResult]) -> list[TownshipResult]:
    """Order by score, then org-unit path; equal scores share the better rank."""
    ordered = sorted(results, key=lambda r: (-r.score, r.unit.path))
    for position, result in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        result.position = position
        result.rank = previous.rank if previous is not None and previous.score == result.score else position
    return ordered


def assign_colours(ranked: list[TownshipResult], bands: Sequence[ColourBand], basis: str) -> None:
    if not bands:
        return
    if basis == RankingScheme.Basis.SCORE:
        for result in ranked:
            result.colour = next(
                (b.colour for b in bands if b.min_score is None or result.score >= b.min_score), bands[-1].colour
            )
        return
    count = len(ranked)
    rest = next((i for i, b in enumerate(bands) if b.size is None), len(bands))
    top, bottom = bands[:rest], list(reversed(bands[rest + 1 :]))
    middle = bands[rest].colour if rest < len(bands) else bands[-1].colour
    for result in ranked:
        result.colour = (
            _band_for(result.rank, top)  # a tied group takes its best rank …
            or _band_for(count - result.rank + 1, bottom)  # … which is also its farthest from the bottom
            or middle
        )


def _band_for(place: int, bands: Sequence[ColourBand]) -> str:
    reached = 0
    for band in bands:
        reached += band.size or 0
        if place <= reached:
            return band.colour
    return ""


def compute(
    scheme: RankingScheme, townships: Sequence[OrgUnit], values: dict[int, dict[str, Value]]
) -> list[TownshipResult]:
    """Score, rank and colour; the scheme's indicators, elements (with rules) and bands must be prefetched."""
    results = score_townships(townships, values, list(scheme.indicators.all()), list(scheme.elements.all()))
    ranked = assign_ranks(results)
    assign_colours(ranked, list(scheme.bands.all()), scheme.colour_basis)
    return ranked


def scheme_keys(scheme: RankingScheme) -> set[str]:
    keys = {i.figure_key for i in scheme.indicators.all()}
    return keys | {rule.figure_key for element in scheme.elements.all() for rule in element.rules.all()}
