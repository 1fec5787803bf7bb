"""Departments' and townships' returns (部门报表): the bureau-defined indicators as figures.

Each indicator is a figure named by its code: the sum of the accepted returns in scope whose period lies
within the report's, None when no accepted return carries it. ``indicator_sentences`` says every reported
figure attributed to the unit that reported it ("区消防救援大队共检查单位849家次、发现火灾隐患1116处"),
never added into the bureau's own enforcement figures: a return is read from its own records only.

An indicator with a sector and a measure (ReturnIndicator.measure: 检查单位家次, 罚款万元 …) is said in that
sector's sentence instead, beside the bureau's own figures, by the rule of ``merge_sector_returns``; a value said
there is not said again in ``indicator_sentences``, so every accepted value is said exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse

from org.models import OrgUnit
from org.periods import rate
from reports.figures.base import ReportScope, checks_phrase, display, figure
from reports.registry import FIGURES, indicator_spec
from reports.wording import Figure
from responsibility.models import MEASURE_UNITS
from responsibility.selectors import returns as return_selectors
from responsibility.selectors.returns import SectorValue, UnitValue

# (reporting unit's path, indicator pk): one accepted value of one unit.
ValueKey = tuple[str, int]


def _number(value: Decimal) -> str:
    """849, 26.58: a reported value as a summary writes it, without trailing zeros."""
    return f"{value.normalize():f}"


def _unit_sentence(unit: UnitValue) -> str:
    return f"{unit.unit}共" + "、".join(f"{i.label}{_number(v)}{i.unit}" for i, v in unit.values)


def _reporters(units: tuple[UnitValue, ...]) -> str:
    kinds = {u.unit_kind for u in units}
    words = [
        word for kind, word in ((OrgUnit.Kind.DEPARTMENT, "各部门"), (OrgUnit.Kind.TOWNSHIP, "各镇街")) if kind in kinds
    ]
    return "、".join(words) or "各单位"


def indicator_sentences(units: tuple[UnitValue, ...], *, said_elsewhere: Iterable[ValueKey] = ()) -> str | None:
    """ "据各部门报送，区消防救援大队共检查单位849家次、发现火灾隐患1116处；区住建局共…。" or None.

    ``said_elsewhere``: values already said in a sector's sentence, left out here.
    """
    said = set(said_elsewhere)
    if said:
        units = tuple(
            UnitValue(u.unit, u.unit_kind, kept, u.path)
            for u in units
            if (kept := tuple((i, v) for i, v in u.values if (u.path, i.pk) not in said))
        )
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
        out.append(
            Figure(spec.key, spec.caption, value, "" if value is None else _number(value), link, module=spec.module)
        )
    sentences = figure("indicator_sentences", indicator_sentences(f.by_unit), link)
    if not f.indicators:
        # A bureau that defines no indicators does not use returns: "本期无记录：部门报表" would tell it nothing.
        sentences = Figure(sentences.key, sentences.label, None, display(FIGURES["indicator_sentences"], None))
    out.append(sentences)
    return out


def indicator_sentences_figure(scope: ReportScope, *, said_elsewhere: set[ValueKey]) -> Figure:
    """The attributed sentence again, without the values the chosen sectors' sentences said (two queries)."""
    f = return_selectors.indicator_figures(user=scope.viewer, period=scope.period)
    return figure(
        "indicator_sentences",
        indicator_sentences(f.by_unit, said_elsewhere=said_elsewhere),
        reverse("responsibility:return_list"),
    )


# --- Returns in a sector's sentence -----------------------------------------------------------------------
#
# The rule, slot by slot of the sector's sentence (检查单位, 发现隐患, 督促整改, 立案, 三停, 罚款 …):
# - a slot the bureau's own records fill (a figure other than zero) is said from them, and only from them. A
#   department's return for the same slot is not added: a return is a declared total, and its checks may be the
#   very checks the bureau made with the department (joint checks), which the portal cannot tell apart — adding
#   them could count a check twice. Nor does it replace the bureau's figure, which links to the records it counts
#   and must read the same in every part of the summary. That return value is said, attributed, in the
#   departments' sentence of the enforcement part (indicator_sentences) instead;
# - a slot the bureau's records leave empty is filled from the accepted returns for that sector (summed when
#   several units report it: each counts its own work), and the sentence says who reported it:
#   "消防领域，检查单位849家次，…（检查单位、罚款据区消防救援大队报送）".
# Checks (家 and 家次) and hazards (found, rectified, rate) go as groups: a rate or a "257家、300家次" is never
# made of one source's numerator and another's denominator.

CHECKS, HAZARDS = ("inspections", "units_inspected"), ("found", "rectified")
# How the attribution names each slot ("检查单位、罚款据…报送").
SLOT_WORDS = {
    "inspections": "检查单位",
    "units_inspected": "检查单位",
    "found": "发现隐患",
    "rectified": "督促整改",
    "orders": "整改指令书",
    "cases": "立案查处",
    "suspensions": "责令停产停业",
    "closures": "关闭取缔",
    "seals": "查封扣押",
    "three_stops": "责令“三停”",
    "detained_people": "行政拘留",
    "fines_wan": "罚款",
}
# The sector sentence's placeholder that carries the attribution; a bureau's wording without it keeps every
# return in the departments' sentence, so that no figure is said without its source.
SOURCE = "source_phrase"


@dataclass(frozen=True)
class SectorReturns:
    values: dict[str, Any]  # the sector sentence's values, the bureau's own with the returns' in the empty slots
    source_phrase: str | None  # "检查单位、罚款据区消防救援大队报送", or None when no return is said
    said: frozenset[ValueKey]  # the return values said in the sentence
    # Slots both gave, for the clerk: "检查单位：用本局记录2家次；区消防救援大队报送849家次另行说明，不相加".
    kept_apart: tuple[str, ...] = ()


def _as_count(value: Decimal) -> int | Decimal:
    """849.00 → 849 (a count as the bureau's own records give it); 26.58 stays (万元)."""
    return int(value) if value == value.to_integral_value() else value.normalize()


def _filled(value: Any) -> bool:
    return value is not None and value != 0


def _attribution(slots: dict[str, tuple[str, ...]], *, all_from_returns: bool) -> str:
    """Slots grouped by the units that reported them, in the order first said."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for slot, units in slots.items():
        words = groups.setdefault(units, [])
        if SLOT_WORDS[slot] not in words:
            words.append(SLOT_WORDS[slot])
    if all_from_returns and len(groups) == 1:
        return f"据{'、'.join(next(iter(groups)))}报送"
    return "，".join(f"{'、'.join(words)}据{'、'.join(units)}报送" for units, words in groups.items())


def merge_sector_returns(bureau: dict[str, Any], returned: list[SectorValue]) -> SectorReturns:
    """The sector sentence's values with the accepted returns put in the slots the bureau's records leave empty."""
    by_slot: dict[str, list[SectorValue]] = {}
    for v in returned:
        by_slot.setdefault(v.measure, []).append(v)
    values = dict(bureau)
    taken: dict[str, list[SectorValue]] = {}

    def take(*slots: str) -> None:
        for slot in slots:
            if slot in by_slot:
                taken[slot] = by_slot[slot]
                values[slot] = _as_count(sum((v.value for v in by_slot[slot]), Decimal(0)))

    if not any(_filled(bureau.get(slot)) for slot in CHECKS):
        take(*CHECKS)
        if set(CHECKS) & set(taken):
            visits, units = values.get("inspections") or 0, values.get("units_inspected") or 0
            values["checks_phrase"] = (
                checks_phrase(int(units), int(visits)) if visits else f"检查单位{_number(Decimal(units))}家"
            )
    if not any(_filled(bureau.get(slot)) for slot in HAZARDS):
        take(*HAZARDS)
        if set(HAZARDS) & set(taken):
            both = "found" in taken and "rectified" in taken  # then both are the returns' sums, never None
            values["rate"] = rate(values["rectified"], values["found"]) if both else None
    for slot in by_slot.keys() - set(CHECKS) - set(HAZARDS):
        if not _filled(bureau.get(slot)):
            take(slot)
    kept_apart = tuple(
        _kept_apart(slot, bureau, by_slot[slot])
        for slot in SLOT_WORDS
        if slot in by_slot and slot not in taken and slot in bureau
    )
    if not taken:
        return SectorReturns(values, None, frozenset(), kept_apart)
    order = list(SLOT_WORDS)
    slots = {slot: tuple(dict.fromkeys(v.unit for v in taken[slot])) for slot in sorted(taken, key=order.index)}
    bureau_said = any(_filled(bureau.get(slot)) for slot in SLOT_WORDS)
    return SectorReturns(
        values,
        _attribution(slots, all_from_returns=not bureau_said),
        frozenset((v.path, v.indicator_id) for vs in taken.values() for v in vs),
        kept_apart,
    )


def _kept_apart(slot: str, bureau: dict[str, Any], returned: list[SectorValue]) -> str:
    unit = MEASURE_UNITS[slot]
    own = bureau[slot] if slot == "fines_wan" else _as_count(Decimal(bureau[slot] or 0))
    reported = "、".join(f"{v.unit}报送{_number(v.value)}{unit}" for v in returned)
    return f"{SLOT_WORDS[slot]}：用本局记录{_number(Decimal(own))}{unit}；{reported}，另在部门报送情况中说明，不相加"


def kept_apart_figure(items: Iterable[Any], *, sources_said: bool) -> Figure:
    """For the clerk's list of figures: in which sectors a slot was given by both the bureau's records and a
    return, which was used, and that the other is said apart ("消防领域检查单位：用本局记录2家次；…").
    ``sources_said``: whether the sector wording says sources (else every return is said apart anyway)."""
    notes = [f"{item.name}领域{note}" for item in items for note in item.kept_apart] if sources_said else []
    if not notes:
        # Nothing to tell; no module, so that "本期无记录：部门报表" is never said because of this note.
        return Figure("sector_returns_kept_apart", FIGURES["sector_returns_kept_apart"].caption, None, "")
    return figure("sector_returns_kept_apart", "；".join(notes), reverse("responsibility:return_list"))
