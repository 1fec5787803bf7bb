"""The flood roster as an Excel file (防汛责任人名册), in the shape of pretix's ListExporter.

The first columns are exactly the import template's, so an exported roster can be
corrected and imported again; the importer ignores the columns after them.
Mobile numbers are masked unless the file's owner may see them in the portal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from floodprep.models import ResponsiblePerson
from floodprep.phones import mask_mobile, sees_full_mobiles
from floodprep.roster_sheet import COLUMNS, EXTRA_TITLES, LEVEL_LABELS, SHEET
from floodprep.selectors import person_filter
from org.models import OrgUnit
from org.spreadsheets import ProgressFn, write_table

if TYPE_CHECKING:
    from org.models import ExportJob

PROGRESS_EVERY = 500


def unit_cells(unit: OrgUnit) -> tuple[str, str]:
    """(镇街, 村社) for a person's unit: a village sits under its township; a district stands alone."""
    if unit.kind == OrgUnit.Kind.VILLAGE and unit.parent is not None:
        return unit.parent.name, unit.name
    return unit.name, ""


class RosterExporter:
    identifier = "floodprep.roster"
    sheet_title = SHEET
    filename_stem = "防汛责任人名册"
    # (title, width, required)
    columns = tuple((c.title, c.width, c.required) for c in COLUMNS) + tuple((t, w, False) for t, w in EXTRA_TITLES)

    def __init__(self, *, full_mobiles: bool, today: dt.date | None = None) -> None:
        self.full_mobiles = full_mobiles
        self.today = today or timezone.localdate()

    @property
    def headers(self) -> list[str]:
        return [title for title, _width, _required in self.columns]

    def filename(self) -> str:
        return f"{self.filename_stem}_{self.today:%Y%m%d}.xlsx"

    def iterate_rows(self, queryset: QuerySet[ResponsiblePerson]) -> Iterator[list[Any]]:
        rows = (
            queryset.select_related("org_unit", "org_unit__parent")
            .prefetch_related("risk_points")
            .iterator(chunk_size=2000)
        )
        for person in rows:
            yield self.row(person)

    def row(self, p: ResponsiblePerson) -> list[Any]:
        township, village = unit_cells(p.org_unit)
        return [
            township,
            village,
            LEVEL_LABELS.get(p.level, p.level),
            p.post,
            p.name,
            p.mobile if self.full_mobiles else mask_mobile(p.mobile),
            "、".join(point.name for point in p.risk_points.all()),
            p.note,
            getattr(p, "last_checkin", None),
            "在册" if p.is_active else "已调整",
        ]

    def write_xlsx(self, queryset: QuerySet[ResponsiblePerson], progress: ProgressFn | None = None) -> bytes:
        return write_table(
            self.sheet_title,
            [(title, required) for title, _width, required in self.columns],
            [width for _title, width, _required in self.columns],
            self.iterate_rows(queryset),
            progress=progress,
            total=queryset.count() if progress else 0,
            progress_every=PROGRESS_EVERY,
        )


def roster_export_produce(job: ExportJob, progress: ProgressFn) -> tuple[bytes, str]:
    """Rebuild the roster list's queryset in the owner's scope; mask as the owner's role requires."""
    data = QueryDict(job.params.get("query", ""))
    queryset = person_filter(user=job.owner, data=data).qs
    exporter = RosterExporter(full_mobiles=sees_full_mobiles(job.owner))
    return exporter.write_xlsx(queryset, progress=progress), exporter.filename()
