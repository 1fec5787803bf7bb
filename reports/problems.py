"""二、存在的主要问题: suggestions drafted from the records, for the clerk to accept or ignore.

Section 二 stays people's words (``SummaryReport.problems``); a suggestion is only a sentence
in the seeds' register with the figures and ledger links behind it. Each kind speaks only when
the records support it: no suggestion is ever drawn from zero or missing data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils import translation

from hazards import selectors as hazard_selectors
from hazards.models import Sector
from org.models import OrgUnit
from org.periods import format_rate, rate
from reports.figures import ReportScope, _ledger, _list
from responsibility import selectors as responsibility_selectors

# A township with fewer hazards than this has a rate too noisy to single out.
MIN_TOWNSHIP_FOUND = 5
MAX_TOWNSHIPS = 3
MAX_SECTORS = 3

FigureRow = tuple[str, str, str]  # label, display value, link


@dataclass(frozen=True)
class ProblemSuggestion:
    key: str
    text: str
    figures: list[FigureRow] = field(default_factory=list)


def _area(unit: OrgUnit) -> str:
    """ "全市", "全区", "全县", "全镇"…: how a summary names its own area."""
    for suffix in ("街道", "市", "区", "县", "镇", "乡"):
        if unit.name.endswith(suffix):
            return f"全{suffix}"
    return "全辖区"


def _joined(values: list[str]) -> str:
    return "、".join(values)


def _township_rates(
    scope: ReportScope,
    total: hazard_selectors.HazardFigures,
    townships: list[tuple[OrgUnit, hazard_selectors.HazardFigures]],
) -> ProblemSuggestion | None:
    average = total.rate
    if average is None:
        return None
    low = sorted(
        (
            (unit, f)
            for unit, f in townships
            if f.found >= MIN_TOWNSHIP_FOUND and f.rate is not None and f.rate < average
        ),
        key=lambda row: (row[1].rate, row[0].path),
    )[:MAX_TOWNSHIPS]
    if not low:
        return None
    names = _joined([unit.name for unit, _f in low])
    rates = _joined([format_rate(f.rate) for _unit, f in low])
    area = _area(scope.unit)
    verb = "分别为" if len(low) > 1 else "为"
    text = f"隐患整改进度不平衡，{names}整改完成率{verb}{rates}，低于{area}平均水平（{format_rate(average)}）。"
    figures = [
        (f"{unit.name}整改完成率（{f.rectified}/{f.found}）", format_rate(f.rate), _ledger(replace(scope, unit=unit)))
        for unit, f in low
    ]
    figures.append((f"{area}整改完成率（{total.rectified}/{total.found}）", format_rate(average), _ledger(scope)))
    return ProblemSuggestion("low_rate_townships", text, figures)


def _ledger_now(scope: ReportScope, flag: str) -> str:
    """The ledger's state filters ("overdue", "listed") read hazards as they stand, not by period."""
    return f"{reverse('hazards:list')}?unit={scope.unit.pk}&{flag}=on"


def _overdue(scope: ReportScope, total: hazard_selectors.HazardFigures) -> ProblemSuggestion | None:
    if total.overdue <= 0:
        return None
    as_of = f"{scope.as_of.month}月{scope.as_of.day}日"
    text = f"部分隐患整改不及时，截至{as_of}，{_area(scope.unit)}仍有{total.overdue}处隐患超期未完成整改。"
    link = _ledger_now(scope, "overdue")
    return ProblemSuggestion("overdue_hazards", text, [("超期未整改（处）", str(total.overdue), link)])


def _major_open(scope: ReportScope, total: hazard_selectors.HazardFigures) -> ProblemSuggestion | None:
    still_open = total.major_found - total.major_rectified
    if still_open <= 0 and total.listed <= 0:
        return None
    parts = []
    figures: list[FigureRow] = []
    major = _ledger(scope, level="major")
    if still_open > 0:
        parts.append(f"排查出的{total.major_found}处重大事故隐患中，尚有{still_open}处未完成整改")
        figures += [
            ("重大事故隐患（处）", str(total.major_found), major),
            ("重大隐患未整改（处）", str(still_open), major),
        ]
    if total.listed > 0:
        parts.append(f"目前仍有{total.listed}处重大事故隐患处于挂牌督办状态")
        figures.append(("挂牌督办（处）", str(total.listed), _ledger_now(scope, "listed")))
    text = f"重大事故隐患治理仍需加力，{'，'.join(parts)}。"
    return ProblemSuggestion("major_hazards_open", text, figures)


def _rising_accidents(scope: ReportScope) -> ProblemSuggestion | None:
    f = responsibility_selectors.accident_figures(user=scope.viewer, period=scope.period)
    # Year on year only when last year has records to compare with (domain.md).
    if f.previous is None or f.previous.count <= 0:
        return None
    rising = [row for row in f.kind_rows() if row["kind"].count > row["previous"].count]
    if not rising:
        return None
    last = scope.period.same_period_last_year()
    now_link = _list("responsibility:accident_list", scope)
    last_link = _list("responsibility:accident_list", replace(scope, period=last))
    clauses, figures = [], []
    for row in rising:
        kind, before = row["kind"], row["previous"]
        clauses.append(f"{kind.label}事故{kind.count}起，{row['count_change']}")
        figures += [
            (f"{kind.label}事故（起）", str(kind.count), now_link),
            (f"去年同期{kind.label}事故（起）", str(before.count), last_link),
        ]
    text = f"部分领域事故起数同比上升，其中{'；'.join(clauses)}。"
    return ProblemSuggestion("rising_accident_kinds", text, figures)


def _top_sectors(scope: ReportScope, total: hazard_selectors.HazardFigures) -> ProblemSuggestion | None:
    rows = [
        (name, f)
        for name, f in hazard_selectors.hazard_figures_by_sector(
            user=scope.viewer, period=scope.period, today=scope.as_of
        )
        if f.found > 0
    ]
    if len(rows) < 2 or total.found <= 0:
        return None
    top = sorted(rows, key=lambda row: -row[1].found)[:MAX_SECTORS]
    pks = dict(Sector.objects.filter(name__in=[name for name, _f in top]).values_list("name", "pk"))
    shares = [format_rate(rate(f.found, total.found)) for _name, f in top]
    text = (
        f"隐患主要集中在{_joined([name for name, _f in top])}等领域，"
        f"分别占隐患总数的{_joined(shares)}，行业领域风险仍然突出。"
    )
    figures = [
        (f"{name}隐患（处）", f"{f.found}（{share}）", _sector_ledger(scope, pks.get(name)))
        for (name, f), share in zip(top, shares, strict=True)
    ]
    figures.append(("排查隐患（处）", str(total.found), _ledger(scope)))
    return ProblemSuggestion("top_hazard_sectors", text, figures)


def _sector_ledger(scope: ReportScope, pk: int | None) -> str:
    return _ledger(scope, sector=str(pk)) if pk is not None else _ledger(scope)


def problem_suggestions(scope: ReportScope) -> list[ProblemSuggestion]:
    """Every suggestion the records support, in the order a summary would raise them.

    A fixed number of queries whatever the data size: one set for the headline and the townships,
    one for the accidents, one set for the sectors and one for their ids.
    """
    # The text goes into the report, which is Chinese whatever the clerk's interface language.
    with translation.override("zh-hans"):
        total, townships = hazard_selectors.hazard_figures_with_townships(
            user=scope.viewer, period=scope.period, today=scope.as_of
        )
        found = [
            _township_rates(scope, total, townships),
            _overdue(scope, total),
            _major_open(scope, total),
            _rising_accidents(scope),
            _top_sectors(scope, total),
        ]
    return [s for s in found if s is not None]
