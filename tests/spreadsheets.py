"""The workbook an import test uploads: a sheet of titled columns, one row per dict (``None``: a blank row)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def workbook(sheet: str, titles: Sequence[str], rows: Sequence[Mapping[str, Any] | None], *, first: str = "") -> bytes:
    """``first``: the title of a sheet put before the data sheet (the file is read by its sheet's name)."""
    book = Workbook(write_only=True)
    if first:
        book.create_sheet(first).append([f"请在“{sheet}”工作表中填写"])
    data = book.create_sheet(sheet)
    data.append(list(titles))
    for row in rows:
        data.append([] if row is None else [row.get(title) for title in titles])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(
    sheet: str, titles: Sequence[str], rows: Sequence[Mapping[str, Any] | None], name: str = "导入.xlsx", **kw: Any
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook(sheet, titles, rows, **kw))
