"""The register as a workbook (企业名录), its columns the same titles the import reads back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.utils import timezone, translation

from enterprises.models import Enterprise
from org.spreadsheets import write_table

COLUMNS: tuple[tuple[str, bool, float], ...] = (
    ("统一社会信用代码", True, 22),
    ("企业名称", True, 30),
    ("曾用名", False, 20),
    ("镇街", True, 12),
    ("村社", False, 12),
    ("地址", False, 30),
    ("行业（GB/T 4754-2017）", False, 26),
    ("规模", False, 8),
    ("安全生产标准化等级", False, 12),
    ("风险等级", False, 10),
    ("重点监管类别", False, 20),
    ("法定代表人", False, 10),
    ("安全联系人", False, 10),
    ("联系电话", False, 14),
)


class RegisterExporter:
    def __init__(self, *, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()

    def quoted_filename(self) -> str:
        return quote(f"企业名录_{self.today:%Y%m%d}.xlsx")

    def iterate_rows(self, enterprises: QuerySet[Enterprise]) -> Iterator[list[Any]]:
        with translation.override("zh-hans"):
            for e in enterprises.select_related("org_unit", "village").iterator(chunk_size=2000):
                yield [
                    e.credit_code,
                    e.name,
                    e.former_names,
                    e.org_unit.name,
                    e.village.name if e.village else "",
                    e.address,
                    e.industry.label if e.industry else e.industry_code,
                    e.get_scale_display(),
                    e.get_standardization_display(),
                    e.get_risk_display(),
                    "、".join(e.key_kind_labels()),
                    e.legal_representative,
                    e.contact_name,
                    e.contact_phone,
                ]

    def write_xlsx(self, enterprises: QuerySet[Enterprise]) -> bytes:
        return write_table(
            "企业名录",
            [(title, required) for title, required, _w in COLUMNS],
            [width for _t, _r, width in COLUMNS],
            self.iterate_rows(enterprises),
        )
