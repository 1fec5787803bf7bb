"""Bulk import of hazards from the Excel template (隐患批量导入).

Upload → dry run listing every bad cell → all-or-nothing import. Each row gets
a key (township, place, description, date found), so the same file imported
twice adds nothing the second time. The column titles, dropdown values and the
instructions sheet are Chinese data in a Chinese template; the error messages
are gettext msgids because the preview page shows them.

A row may carry the hazard's whole history (a bureau starting in July enters
January to June): its status and the stated dates of rectification,
re-inspection and closing, checked against each other like the one-hazard steps
(hazards.step_dates). The confirmed import runs in a worker
(hazards.tasks.import_hazards_task), its ExportJob the progress the page polls:
one bulk insert in one transaction, one audit entry per hazard, the rollup
triggers left on.
"""

from hazards.importers.batches import (
    ImportAlreadyStarted,
    hazards_of,
    import_batch_confirm,
    import_batch_create,
    import_batch_run,
    import_job_for,
    import_rows,
)
from hazards.importers.rows import (
    ALL_COLUMNS,
    COLUMNS,
    HISTORY_COLUMNS,
    IMPORTERS,
    JOB_KIND,
    MAX_BYTES,
    MAX_ROWS,
    SHEET,
    CellError,
    ImportColumn,
    ImportResult,
    ImportRow,
    _key,
    _read_row,
    build_template,
    check_file,
)

__all__ = [
    "ALL_COLUMNS", "COLUMNS", "HISTORY_COLUMNS", "IMPORTERS", "JOB_KIND", "MAX_BYTES", "MAX_ROWS", "SHEET",
    "CellError", "ImportAlreadyStarted", "ImportColumn", "ImportResult", "ImportRow", "_key", "_read_row",
    "build_template", "check_file", "hazards_of", "import_batch_confirm", "import_batch_create", "import_batch_run",
    "import_job_for", "import_rows",
]
