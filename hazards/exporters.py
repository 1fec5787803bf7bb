"""The hazard ledger as an Excel file (隐患台账), in the shape of pretix's ListExporter.

The file is a Chinese document whatever the UI language: column titles are Chinese
data, and choice labels are the Chinese the screens show (from the translation
catalogue); the import template uses the same labels, so an exported ledger can be
read back in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone, translation

from hazards.models import Hazard
from hazards.selectors import hazard_filter
from org.spreadsheets import ProgressFn, write_table

if TYPE_CHECKING:
    from org.models import ExportJob


class ChineseLabels:
    """The Chinese labels the screens show, so a spreadsheet uses the same words as the portal
    (and an exported ledger reads back through the importer). Built once, on first use."""

    def __init__(self, choices: type[models.TextChoices]) -> None:
        self.choices = choices

    @cached_property
    def _labels(self) -> dict[str, str]:
        with translation.override("zh-hans"):
            return {choice.value: str(choice.label) for choice in self.choices}

    def get(self, value: str, default: str = "") -> str:
        return self._labels.get(value, default)

    def values(self) -> list[str]:
        return list(self._labels.values())

    def items(self) -> list[tuple[str, str]]:
        return list(self._labels.items())


STATUS_LABELS = ChineseLabels(Hazard.Status)
LEVEL_LABELS = ChineseLabels(Hazard.Level)
SOURCE_LABELS = ChineseLabels(Hazard.Source)
SUPERVISION_LABELS = ChineseLabels(Hazard.SupervisionLevel)

PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Column:
    title: str
    width: int


class HazardLedgerExporter:
    """隐患台账: one row per hazard, streamed from the ledger's own filter."""

    identifier = "hazards.ledger"
    sheet_title = "隐患台账"
    filename_stem = "隐患台账"
    columns: tuple[Column, ...] = (
        Column("序号", 6),
        Column("镇街", 12),
        Column("村社", 12),
        Column("场所/企业名称", 24),
        Column("统一社会信用代码", 20),
        Column("地址", 24),
        Column("行业领域", 10),
        Column("专项行动", 18),
        Column("隐患来源", 12),
        Column("隐患描述", 40),
        Column("隐患等级", 12),
        Column("判定依据", 24),
        Column("发现日期", 12),
        Column("责任单位", 18),
        Column("责任人", 10),
        Column("整改措施", 30),
        Column("整改期限", 12),
        Column("状态", 8),
        Column("是否超期", 8),
        Column("销号日期", 12),
        Column("挂牌督办", 12),
        Column("整改情况", 30),
    )
    # Read as tuples, not model instances with five related ones: 100,000 rows take 18 s
    # instead of 23-25 s (bench/README.md). The names row() reads, joined in one SELECT.
    fields = (
        "org_unit__name",
        "village__name",
        "place_name",
        "credit_code",
        "address",
        "sector__name",
        "campaign__name",
        "source",
        "description",
        "level",
        "criterion_id",
        "criterion__standard",
        "criterion__clause",
        "found_on",
        "responsible_unit",
        "responsible_person",
        "measures",
        "deadline",
        "status",
        "closed_on",
        "supervision_level",
        "delisted_on",
        "rectification_note",
    )

    def __init__(self, *, today: dt.date | None = None) -> None:
        # One date for the whole file, so 是否超期 cannot change halfway through.
        self.today = today or timezone.localdate()

    @property
    def headers(self) -> list[str]:
        return [column.title for column in self.columns]

    def filename(self) -> str:
        return f"{self.filename_stem}_{self.today:%Y%m%d}.xlsx"

    def iterate_rows(self, queryset: QuerySet[Hazard]) -> Iterator[list[Any]]:
        rows = queryset.values_list(*self.fields, named=True).iterator(chunk_size=2000)
        for number, values in enumerate(rows, start=1):
            yield self.row(number, values)

    def row(self, number: int, h: Any) -> list[Any]:
        """One sheet row from a named tuple of ``fields``."""
        overdue = h.status != Hazard.Status.CLOSED and h.deadline is not None and h.deadline < self.today
        return [
            number,
            h.org_unit__name,
            h.village__name or "",
            h.place_name,
            h.credit_code,
            h.address,
            h.sector__name,
            h.campaign__name or "",
            SOURCE_LABELS.get(h.source, h.source),
            h.description,
            LEVEL_LABELS.get(h.level, h.level),
            # As Criterion.__str__ writes it.
            f"{h.criterion__standard} {h.criterion__clause}" if h.criterion_id is not None else "",
            h.found_on,
            h.responsible_unit,
            h.responsible_person,
            h.measures,
            h.deadline,
            STATUS_LABELS.get(h.status, h.status),
            "是" if overdue else "否",
            h.closed_on,
            self._supervision(h.supervision_level, h.delisted_on),
            h.rectification_note,
        ]

    @staticmethod
    def _supervision(level: str, delisted_on: dt.date | None) -> str:
        if not level:
            return ""
        label = SUPERVISION_LABELS.get(level, level)
        return f"{label}（已摘牌）" if delisted_on else label

    def write_xlsx(self, queryset: QuerySet[Hazard], progress: ProgressFn | None = None) -> bytes:
        return write_table(
            self.sheet_title,
            [(title, False) for title in self.headers],
            [c.width for c in self.columns],
            self.iterate_rows(queryset),
            freeze="B2",
            progress=progress,
            total=queryset.count() if progress else 0,
            progress_every=PROGRESS_EVERY,
        )


def ledger_export_produce(job: ExportJob, progress: ProgressFn) -> tuple[bytes, str]:
    """Rebuild the ledger's queryset in the owner's scope from the saved query string."""
    data = QueryDict(job.params.get("query", ""))
    queryset = hazard_filter(user=job.owner, data=data).qs
    exporter = HazardLedgerExporter()
    return exporter.write_xlsx(queryset, progress=progress), exporter.filename()
