"""Departments' and townships' returns (部门报表): the bureau-defined indicators as figures.

Each indicator is a figure named by its code: the sum of the accepted returns in scope whose period lies
within the report's, None when no accepted return carries it. ``indicator_sentences`` says every reported
figure attributed to the unit that reported it ("区消防救援大队共检查单位849家次、发现火灾隐患1116处"),
never added into the bureau's own enforcement figures: a return is read from its own records only.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from org.models import OrgUnit
from reports.figures.base import ReportScope, display, figure
from reports.registry import FIGURES, indicator_spec
from reports.wording import Figure
from responsibility.selectors import returns as return_selectors
from responsibility.selectors.returns import UnitValue


def _number(value: Decimal) -> str:
    """849, 26.58: a reported value as a summary writes it, without trailing zeros."""
    return f"{value.normalize():f}"


def _unit_sentence(unit: UnitValue) -> str:
    return f"{unit.unit}共" + "、".join(f"{i.label}{_number(v)}{i.unit}" for i, v in unit.values)


def _reporters(units: tuple[UnitValue, ...]) -> str:
    kinds = {u.unit_kind for u in units}
    words = [word for kind, word in ((OrgUnit.Kind.DEPARTMENT, "各部门"), (OrgUnit.Kind.TOWNSHIP, "各镇街"))
             if kind in kinds]
    return "、".join(words) or "各单位"


def indicator_sentences(units: tuple[UnitValue, ...]) -> str | None:
    """"据各部门报送，区消防救援大队共检查单位849家次、发现火灾隐患1116处；区住建局共…。" or None."""
    if not units:
        return None
    return f"据{_reporters(units)}报送，" + "；".join(_unit_sentence(u) for u in units) + "。"


def return_figures(scope: ReportScope) -> list[Figure]:
    """Two queries: the indicators defined, and the accepted values by indicator and unit."""
    f = return_selectors.indicator_figures(user=scope.viewer, period=scope.period)
    link = reverse("responsibility:return_list")
    out = []
    for indicator in f.indicators:
        if indicator.code in FIGURES:
            continue  # a registered figure keeps its name (the indicator form refuses such a code)
        spec = indicator_spec(indicator.code, indicator.label, indicator.unit)
        value = f.totals.get(indicator.code)
        out.append(Figure(spec.key, spec.caption, value, "" if value is None else _number(value), link,
                          module=spec.module))
    sentences = figure("indicator_sentences", indicator_sentences(f.by_unit), link)
    if not f.indicators:
        # A bureau that defines no indicators does not use returns: "本期无记录：部门报表" would tell it nothing.
        sentences = Figure(sentences.key, sentences.label, None, display(FIGURES["indicator_sentences"], None))
    out.append(sentences)
    return out
