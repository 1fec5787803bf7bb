"""One pipeline for importing records from Excel (批量导入): declare the columns once, get the rest.

A :class:`RecordImport` names the model, its sheet and its :class:`Column` list (name, Chinese title,
required, kind — text, int, decimal, date, choice, or an org unit named within the user's area — and a note
for the instructions sheet). From that the pipeline makes

* the template workbook (:func:`build_template`): dropdowns for the choices and an instructions sheet
  (org.spreadsheets.build_import_template);
* the dry run (:func:`check_file`): every row parsed and checked, every bad cell listed with its reference
  ("D7") and a Chinese message; dates not in the future and outside any approved summary's period
  (org.closed_periods, asked once per file); the model's own ``clean_fields``/``clean`` per row;
* the write (:func:`import_rows`): all rows or none, in one transaction, one bulk insert, one audit entry
  per record. Each row has a key (:attr:`RecordImport.key_fields`), so a file imported twice adds nothing
  the second time: the records already there are recognised by their key, without a column for it;
* the worker's part for long files (:func:`import_job_create` / :func:`import_job_run`), its ExportJob the
  progress the page polls.

Every import of the portal is declared on it, in its app's importers module: the register, cases and
inspections, the responsibility records, the hazard ledger and the flood roster.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, Generic, TypeVar

from celery import current_app
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from org.audit import import_confirmed_action, record_audit, record_audit_each
from org.closed_periods import ClosedPeriod, closed_periods
from org.jobs import heartbeat
from org.models import ExportJob, OrgUnit, User
from org.spreadsheets import RowError, build_import_template, cell_text, open_table, parse_date

log = logging.getLogger(__name__)

TEXT, INT, DECIMAL, DATE, CHOICE, UNIT = "text", "int", "decimal", "date", "choice", "unit"
MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
TEMPLATE_ROWS = 1000  # rows that carry the dropdowns
CHUNK = 500  # rows per INSERT, and how often the worker reports its progress
JOB_PREFIX = "import."  # ExportJob.kind of a confirmed import: "import.<slug>"


class LiveChoices(Sequence[tuple[str, str]]):
    """(value, label) pairs read from the database each time the template or a file asks for them (once per
    file: a column's labels are read once), not at import time: the active sectors, the campaigns."""

    def __init__(self, fetch: Callable[[], Iterable[tuple[Any, str]]]) -> None:
        self._fetch = fetch

    def _items(self) -> list[tuple[str, str]]:
        return [(str(value), label) for value, label in self._fetch()]

    def __getitem__(self, index: Any) -> Any:
        return self._items()[index]

    def __len__(self) -> int:
        return len(self._items())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items())


@dataclass(frozen=True)
class Column:
    name: str  # the model field
    title: str  # Chinese: the template is Chinese data
    required: bool = False
    kind: str = TEXT
    # CHOICE: the model's TextChoices .choices (value, lazy label); the labels are matched in Chinese.
    choices: Sequence[tuple[str, Any]] = ()
    townships_only: bool = False  # UNIT: only townships (镇街), not any unit of the area
    note: str = ""
    width: int = 14
    max_length: int | None = None
    # CHOICE: other spellings the file may use, not offered in the dropdown (登记 for 已登记).
    aliases: Sequence[tuple[str, str]] = ()
    future: bool = False  # DATE: may lie ahead (a deadline); other dates may not be later than today

    def labels(self) -> dict[str, str]:
        """Chinese label → value, as the dropdown shows them."""
        with translation.override("zh-hans"):
            return {str(label): value for value, label in self.choices}

    def accepted(self) -> dict[str, str]:
        """What a file may write: the dropdown's labels and the aliases."""
        return {**{label: value for value, label in self.aliases}, **self.labels()}


RecordT = TypeVar("RecordT", bound=models.Model)


@dataclass(frozen=True)
class RecordImport(Generic[RecordT]):
    slug: str  # "accident": ExportJob kind "import.accident"
    model: type[RecordT]
    sheet: str
    filename: str  # the template's download name
    columns: tuple[Column, ...]
    date_field: str  # the record's own date: never in the future, never inside an approved period ("": none)
    key_fields: tuple[str, ...]  # what makes two rows the same record (org_unit first)
    audit_action: str  # as the one-record create service writes it
    instructions: tuple[str, ...]
    example: tuple[Any, ...]
    audit_data: Callable[[RecordT], dict[str, Any]] = lambda record: {}
    # How a checked row becomes its record, when not simply ``model(**fields)`` (a case takes its number on
    # import, so the check builds it with a stand-in number), and the fields that check leaves to the write.
    record: Callable[[dict[str, Any]], models.Model] | None = None
    unchecked: tuple[str, ...] = ()
    # Rules across a row's cells beyond the model's clean() (a case's stages in order): ValidationError by column.
    # They get what ``prepare`` made of the user once per file (the officers of the user's area, say), and may
    # add to the row's fields what they resolved.
    rules: Callable[[dict[str, Any], Any], None] | None = None
    prepare: Callable[[User], Any] | None = None
    # A record of several rows (an inspection and its findings): the columns of each row's own line. Rows with
    # the same key are one record and must agree on every other column; a line repeated is a duplicate row.
    line_fields: tuple[str, ...] = ()
    # Other dates the figures count the record by (a case's decision): outside approved periods as well.
    closed_date_fields: tuple[str, ...] = ()
    # The kind's own write, when the generic bulk insert is not enough (numbers, lines, many-to-many).
    write: Callable[[ImportResult, User], tuple[int, int]] | None = None
    # Rows whose record is there already update it (the register, by credit code) instead of being skipped.
    merges: bool = False
    # What the generic bulk insert does to the new records before inserting them, once per file (point them at
    # the enterprise they name: enterprises.linking.Linker, which org cannot import).
    before_insert: Callable[[list[models.Model], User], None] | None = None
    # The rules also run on a row with bad cells (seeing None there), so that every bad cell of a row is listed
    # at once; an error of the rules on a cell already refused is left out.
    rules_on_bad_rows: bool = False
    # What one row is called in "the same … as row 3" (a hazard): the generic "record" when empty.
    same_row_message: Callable[[], str] | None = None
    max_rows: int = MAX_ROWS  # rows one file may carry (a city's whole flood roster: 6,000 and more)
    template_rows: int = TEMPLATE_ROWS  # rows of the template that carry the dropdowns
    text_columns: tuple[str, ...] = ()  # formatted as text in the template, so Excel keeps a mobile's digits
    # The model field that keeps each imported record's row key (Hazard.import_key): a record edited since its
    # import is still that row's record, though its key cells no longer match the file's.
    stored_key: str = ""

    @property
    def job_kind(self) -> str:
        return f"{JOB_PREFIX}{self.slug}"


@dataclass
class CellError(RowError):
    """A RowError that also names the cell (D7), as Excel shows it."""

    cell: str = ""


@dataclass
class ImportRow:
    row: int
    key: str
    fields: dict[str, Any]
    display: list[str]  # the row as the preview shows it, one text per column
    duplicate: bool = False


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    filename: str = ""  # the upload's own name, for a kind's write that records it (the roster's audit entries)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    # Counted by record, not by row: several rows may be one record's lines.
    @property
    def duplicates(self) -> int:
        return len({row.key for row in self.rows if row.duplicate})

    @property
    def to_create(self) -> int:
        return len({row.key for row in self.rows if not row.duplicate})


# --- The template -------------------------------------------------------------------------------------------


def build_template(spec: RecordImport, *, user: User) -> bytes:
    """The workbook to fill: dropdowns for the choices and for the units of the user's area."""
    choices: dict[str, list[str]] = {}
    for column in spec.columns:
        if column.kind == CHOICE:
            choices[column.name] = list(column.labels())
        elif column.kind == UNIT:
            units = OrgUnit.objects.visible_to(user)
            if column.townships_only:
                units = units.townships()
            else:
                units = units.exclude(kind=OrgUnit.Kind.VILLAGE)
            choices[column.name] = list(units.order_by("path").values_list("name", flat=True))
    return build_import_template(
        sheet_title=spec.sheet,
        columns=spec.columns,
        choices=choices,
        instructions=spec.instructions,
        example=spec.example,
        rows=spec.template_rows,
        text_columns=spec.text_columns,
        date_columns=[c.name for c in spec.columns if c.kind == DATE],
    )


# --- The dry run --------------------------------------------------------------------------------------------


def row_key(spec: RecordImport, fields: dict[str, Any]) -> str:
    """The same record whatever the spacing of its text, the case of nothing else."""
    parts = []
    for name in spec.key_fields:
        value = fields.get(name)
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, dt.date):
            value = value.isoformat()
        parts.append(" ".join(str(value if value is not None else "").split()))
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def _line_key(spec: RecordImport, key: str, fields: dict[str, Any]) -> str:
    """A row of a several-row record: its record's key and its own line's cells."""
    if not spec.line_fields:
        return key
    parts = [
        key,
        *(" ".join(str(fields.get(name) if fields.get(name) is not None else "").split()) for name in spec.line_fields),
    ]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


class _Lookups:
    """The units a file may name, limited to the user's area, and the choices' labels, read once per file."""

    def __init__(self, user: User, spec: RecordImport) -> None:
        self.labels = {c.name: c.accepted() for c in spec.columns if c.kind == CHOICE}
        self.units: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.visible_to(user).exclude(kind=OrgUnit.Kind.VILLAGE):
            for name in {unit.name, unit.short_name, unit.code} - {""}:
                self.units.setdefault(name, []).append(unit)
        self.today = timezone.localdate()


def _read_row(
    spec: RecordImport,
    number: int,
    values: dict[str, Any],
    index: dict[str, int],
    look: _Lookups,
    context: Any = None,
) -> tuple[dict[str, Any], list[str], list[RowError]]:
    errors: list[RowError] = []
    by_name = {c.name: c for c in spec.columns}

    def error(name: str, message: str) -> None:
        cell = f"{get_column_letter(index[name] + 1)}{number}" if name in index else ""
        errors.append(CellError(number, by_name[name].title, message, cell))

    fields: dict[str, Any] = {}
    display: list[str] = []
    for column in spec.columns:
        raw = values.get(column.name)
        text = cell_text(raw)
        shown = text
        value: Any = None
        if not text:
            if column.required:
                error(column.name, _("Required; please fill it in."))
            value = {TEXT: "", INT: 0, DECIMAL: Decimal(0)}.get(column.kind)
        elif column.kind == TEXT:
            value = text
            if column.max_length and len(text) > column.max_length:
                error(column.name, _("Too long: at most %(max)s characters.") % {"max": column.max_length})
        elif column.kind == INT:
            try:
                value = int(Decimal(text))
                if value < 0 or value != Decimal(text):
                    raise ValueError
                shown = str(value)
            except (InvalidOperation, ValueError, OverflowError):  # "1.5", "abc", "Infinity"
                error(column.name, _("Write a whole number, 0 or more."))
                value = None
        elif column.kind == DECIMAL:
            try:
                value = Decimal(text.replace(",", "")).quantize(Decimal("0.01"))
                if value < 0:
                    raise ValueError
                shown = f"{value}"
            except (InvalidOperation, ValueError):
                error(column.name, _("Write an amount, 0 or more, such as 12000 or 12000.50."))
                value = None
        elif column.kind == DATE:
            value = parse_date(raw)
            if value is None:
                error(column.name, _("Date is not valid; use the form 2026-03-10."))
            elif value > look.today and not column.future:
                error(column.name, _("The date cannot be in the future."))
                value = None
            else:
                shown = value.isoformat()
        elif column.kind == CHOICE:
            labels = look.labels[column.name]
            value = labels.get(text) or (text if text in labels.values() else None)
            if value is None:
                offered = column.labels()
                error(column.name, _("Not in the list; choose one of: %(choices)s.") % {"choices": "、".join(offered)})
        elif column.kind == UNIT:
            matches = [
                u for u in look.units.get(text, []) if not column.townships_only or u.kind == OrgUnit.Kind.TOWNSHIP
            ]
            if not matches:
                # The same answer whether the unit exists elsewhere or not at all: outside scope reveals nothing.
                error(column.name, _("No unit of this name in your area."))
            elif len(matches) > 1:
                error(column.name, _("Several units have this name; write the unit code instead."))
            else:
                value = matches[0]
                shown = value.name
        fields[column.name] = value
        display.append(shown)
    if not errors:
        _check_model(spec, fields, error, context)
    elif spec.rules is not None and spec.rules_on_bad_rows:
        refused = {e.column for e in errors}

        def more(name: str, message: str) -> None:
            if by_name[name].title not in refused:
                error(name, message)

        try:
            spec.rules(fields, context)
        except ValidationError as exc:
            _report(spec, exc, more)
    return fields, display, errors


def _check_model(
    spec: RecordImport,
    fields: dict[str, Any],
    error: Callable[[str, str], None],
    context: Any = None,
) -> None:
    """The model's own rules for one row (lengths, choices, clean()), without its database checks."""
    record = spec.record(fields) if spec.record else spec.model(**fields)
    foreign = [f.name for f in spec.model._meta.fields if f.is_relation]
    try:
        record.clean_fields(exclude=[*foreign, *spec.unchecked])
        record.clean()
        if spec.rules:
            spec.rules(fields, context)
    except ValidationError as exc:
        _report(spec, exc, error)


def _report(spec: RecordImport, exc: ValidationError, error: Callable[[str, str], None]) -> None:
    names = [c.name for c in spec.columns]
    # A ValidationError("…") of clean() or a rule names no field (it has no message_dict): the whole row's.
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    for name, messages in by_field.items():
        # A foreign key's error names the relation ("campaign"); its column is the id ("campaign_id").
        target = name if name in names else f"{name}_id" if f"{name}_id" in names else names[0]
        for message in messages:
            error(target, message)


def check_file(
    spec: RecordImport,
    file: IO[bytes],
    user: User,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """The dry run: every row parsed and every problem listed; nothing is written."""
    result = ImportResult()
    rows, index, result.errors = open_table(file, spec.sheet, spec.columns, max_bytes=MAX_BYTES)
    if result.errors:
        return result
    look = _Lookups(user, spec)
    context = spec.prepare(user) if spec.prepare else None
    seen: dict[str, int] = {}
    first: dict[str, tuple[int, list[str]]] = {}  # a several-row record's first row, for line_fields
    line_columns = {i for i, c in enumerate(spec.columns) if c.name in spec.line_fields}
    letters = {c.name: get_column_letter(index[c.name] + 1) for c in spec.columns if c.name in index}
    count = 0
    for number, cells in enumerate(rows, start=2):
        values = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
        if not any(cell_text(v) for v in values.values()):
            continue
        count += 1
        if progress and count % CHUNK == 0:
            progress(count)
        if count > spec.max_rows:
            result.errors.append(
                RowError(None, "", _("At most %(max)s rows can be imported at once.") % {"max": spec.max_rows})
            )
            break
        fields, display, row_errors = _read_row(spec, number, values, index, look, context)
        result.errors.extend(row_errors)
        key = row_key(spec, fields)
        # The rows of one record are compared even when one has errors of its own, so that every bad cell is
        # listed at once; a row whose key cells are themselves wrong belongs to no record yet.
        titles = {e.column for e in row_errors}
        if spec.line_fields and all(fields.get(name) not in (None, "") for name in spec.key_fields):
            if key in first:
                earlier, shown = first[key]
                for i, column in enumerate(spec.columns):
                    if i not in line_columns and column.title not in titles and display[i] != shown[i]:
                        message = _(
                            "Row %(row)s of the same record says “%(value)s” here; every row of one "
                            "record must say the same."
                        ) % {"row": earlier, "value": shown[i] or "—"}
                        result.errors.append(
                            CellError(number, column.title, message, f"{letters.get(column.name, '')}{number}")
                        )
            else:
                first[key] = (number, display)
        if row_errors:
            continue
        line = _line_key(spec, key, fields)
        if line in seen:
            same = spec.same_row_message() if spec.same_row_message else _("The same record as row %(row)s.")
            result.errors.append(RowError(number, "", same % {"row": seen[line]}))
            continue
        seen[line] = number
        result.rows.append(ImportRow(row=number, key=key, fields=fields, display=display))
    for name in filter(None, (spec.date_field, *spec.closed_date_fields)):
        _check_closed(spec, result, index, name)
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", _("The file has no rows to import.")))
    if result.errors:
        result.rows = []  # nothing of a file with errors is imported, so nothing of it is shown as to import
    else:
        mark_duplicates(spec, result.rows)
    return result


def _check_closed(spec: RecordImport, result: ImportResult, index: dict[str, int], date_field: str) -> None:
    """Rows dated inside an approved summary's period would change figures already approved: refused at
    their date cell until a leader reopens the summary. One question for the whole file and date."""
    rows = [row for row in result.rows if row.fields.get(date_field)]
    if not rows:
        return
    dates = [row.fields[date_field] for row in rows]
    units = [row.fields["org_unit"] for row in rows]
    periods: list[ClosedPeriod] = closed_periods(org_units=units, start=min(dates), end=max(dates))
    if not periods:
        return
    title = next(c.title for c in spec.columns if c.name == date_field)
    letter = get_column_letter(index[date_field] + 1)
    for row in rows:
        on, unit = row.fields[date_field], row.fields["org_unit"]
        period = next((p for p in periods if p.covers(unit, on)), None)
        if period is not None:
            message = _(
                "This date lies in %(period)s, which is approved: a leader must reopen it before "
                "records are added to it."
            ) % {"period": period.label}
            result.errors.append(CellError(row.row, title, message, f"{letter}{row.row}"))
    result.errors.sort(key=lambda e: e.row or 0)


def mark_duplicates(spec: RecordImport, rows: list[ImportRow]) -> None:
    """Rows whose record is already there (same key) are skipped, not errors: one query."""
    if not rows:
        return
    # Narrowed by the rows' units and dates when the key has them: one indexed query whatever the table's size.
    near: dict[str, Any] = {}
    if "org_unit" in spec.key_fields:
        near["org_unit_id__in"] = {row.fields["org_unit"].pk for row in rows}
    if spec.date_field:
        near[f"{spec.date_field}__in"] = {row.fields[spec.date_field] for row in rows}
    if len(spec.key_fields) == 1:
        near[f"{spec.key_fields[0]}__in"] = {row.fields[spec.key_fields[0]] for row in rows}
    names = [name if name != "org_unit" else "org_unit_id" for name in spec.key_fields]
    found = Q(**near)
    if spec.stored_key:  # still the same one query
        units = {k: v for k, v in near.items() if k == "org_unit_id__in"}
        found |= Q(**units, **{f"{spec.stored_key}__in": {row.key for row in rows}})
    existing = set()
    for values in spec.model._default_manager.filter(found).values(*names, *filter(None, [spec.stored_key])):
        existing.add(row_key(spec, {name: values[alias] for name, alias in zip(spec.key_fields, names, strict=True)}))
        if spec.stored_key and values[spec.stored_key]:
            existing.add(values[spec.stored_key])
    for row in rows:
        row.duplicate = row.key in existing


# --- The write ----------------------------------------------------------------------------------------------


@transaction.atomic
def import_rows(spec: RecordImport, result: ImportResult, *, acting_user: User) -> tuple[int, int]:
    """Create every new row, or nothing: one bulk insert in chunks, one audit entry per record.

    Not the one-record create service row by row: the dry run has checked every cell against the same
    rules (role, scope, the model's clean), and a thousand saves and audit inserts take half a minute.
    """
    if result.errors:
        raise ValueError("a file with errors cannot be imported")
    # Two imports of the same file at once take turns on their units' rows, the second finding the records.
    unit_ids = sorted({row.fields["org_unit"].pk for row in result.rows})
    list(OrgUnit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk").values_list("pk", flat=True))
    mark_duplicates(spec, result.rows)
    pending = [spec.model(**row.fields) for row in result.rows if not row.duplicate]
    if spec.before_insert is not None:
        spec.before_insert(pending, acting_user)
    records = spec.model._default_manager.bulk_create(pending, batch_size=CHUNK)
    record_audit_each(
        actor=acting_user,
        action=spec.audit_action,
        entries=[(record, {"imported": True, **spec.audit_data(record)}) for record in records],
    )
    return len(records), result.duplicates


def import_checked(spec: RecordImport, result: ImportResult, *, acting_user: User) -> tuple[int, int]:
    """Write a checked file with the kind's own write, else the generic bulk insert: (created, skipped)."""
    if spec.write is not None:
        return spec.write(result, acting_user)
    return import_rows(spec, result, acting_user=acting_user)


# --- The worker's part, for long files ----------------------------------------------------------------------


class ImportAlreadyConfirmed(Exception):
    """A second confirmation of a checked upload whose import has been claimed already."""


def import_jobs_of(*, user: User, spec: RecordImport) -> models.QuerySet[ExportJob]:
    """The user's own confirmed imports of this kind, latest first."""
    return ExportJob.objects.filter(owner=user, kind=spec.job_kind).order_by("-created_at", "-pk")


@transaction.atomic
def import_job_create(
    *, spec: RecordImport, acting_user: User, content: bytes, filename: str, rows: int, task: Any, upload: str = ""
) -> ExportJob:
    """Keep the checked file with a job and send the job's id to a worker once it commits.

    ``upload`` names the checked upload being confirmed: it is claimed exactly once. Two confirmations at
    once (a double click, two tabs) take turns on the owner's row lock; the second finds the first's job
    and is refused with ImportAlreadyConfirmed.
    """
    list(User.objects.select_for_update().filter(pk=acting_user.pk).values_list("pk", flat=True))
    if upload and ExportJob.objects.filter(owner=acting_user, kind=spec.job_kind, params__upload=upload).exists():
        raise ImportAlreadyConfirmed(_("This file is being imported already."))
    job = ExportJob(
        owner=acting_user,
        kind=spec.job_kind,
        total=rows,
        filename=filename[:200],
        params={"file": filename[:200], "upload": upload},
    )
    job.file.save("import.xlsx", ContentFile(content), save=False)
    job.save()
    record_audit(
        actor=acting_user,
        action=import_confirmed_action(spec.audit_action),
        target=job,
        org_unit=acting_user.org_unit,
        data={"file": filename[:200], "rows": rows},
    )

    def send() -> None:
        try:
            task.apply_async(args=[job.pk], retry=False)
        except Exception as exc:  # the broker is down: the page says so, the user confirms again later
            log.warning("import job %s not queued: %s", job.pk, exc)
            _job_failed(
                job,
                message=_(
                    "The import service cannot be reached just now; please confirm the import again in a few minutes."
                ),
            )

    if current_app.conf.task_always_eager:
        # No broker (development, the tests): the task runs here, on this connection, which sees the job
        # already; under a test's transaction there is no commit to wait for.
        send()
    else:
        transaction.on_commit(send)
    return job


def import_job_run(*, spec: RecordImport, job_id: int, allowed: Callable[[User], bool]) -> ExportJob:
    """The worker's part: check the kept file again as its owner and import it whole, or not at all.

    Idempotent for tasks acknowledged late: a job done already is left alone.
    """
    job = ExportJob.objects.select_related("owner__org_unit").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    owner = job.owner
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, error="", updated_at=timezone.now())

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=done, total=max(job.total, done), updated_at=timezone.now())

    with translation.override("zh-hans"), heartbeat(job.pk):  # a sign of life while it checks (org.jobs)
        if not (owner.is_active and allowed(owner)):
            return _job_failed(job, message=_("Your role may not do this."))
        with job.file.open("rb") as file:
            result = check_file(spec, io.BytesIO(file.read()), owner, progress)  # the owner's scope now
        result.filename = job.filename
        if not result.ok:
            return _job_failed(job, errors=result.errors)
        try:
            with transaction.atomic():
                job = ExportJob.objects.select_for_update().get(pk=job.pk)
                if job.status == ExportJob.Status.DONE:
                    return job
                created, duplicates = import_checked(spec, result, acting_user=owner)
                ExportJob.objects.filter(pk=job.pk).update(
                    status=ExportJob.Status.DONE,
                    finished_at=timezone.now(),
                    progress=len(result.rows),
                    total=len(result.rows),
                    params={**job.params, "created": created, "duplicates": duplicates},
                )
        except IntegrityError:
            # Someone imported some of the same records between the check and the insert; nothing was written.
            return _job_failed(
                job, message=_("Some of these rows were imported by someone else meanwhile. Please upload again.")
            )
        except ValidationError as exc:
            return _job_failed(job, message=" ".join(exc.messages))
    job.refresh_from_db()
    return job


def _job_failed(job: ExportJob, *, message: str = "", errors: Iterable[RowError] = ()) -> ExportJob:
    rows = [{"row": e.row, "column": e.column, "cell": getattr(e, "cell", ""), "message": e.message} for e in errors]
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED,
        finished_at=timezone.now(),
        error=message[:2000],
        params={**job.params, "message": message, "errors": rows},
    )
    job.refresh_from_db()
    return job
