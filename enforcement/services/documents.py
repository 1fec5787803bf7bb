"""Issuing an enforcement document: numbered once, rendered once, kept."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.documents import SPECS, render_document
from enforcement.models import Case, Inspection, IssuedDocument
from enforcement.services.common import TransitionError, check_writer
from enforcement.services.numbering import number_take
from org.audit import AuditAction, record_audit
from org.models import User


@transaction.atomic
def document_issue(
    *, acting_user: User, kind: str, case: Case | None = None, inspection: Inspection | None = None
) -> tuple[IssuedDocument, bool]:
    """Issue a document for a case or an inspection; returns (document, newly issued).

    Issuing again returns the stored document untouched: it keeps its number, date and file,
    because the paper version has already been handed to the party.
    """
    check_writer(acting_user)
    spec = SPECS[kind]
    if spec.for_case != (case is not None) or (case is None) == (inspection is None):
        raise ValueError(f"{kind} is issued for {'a case' if spec.for_case else 'an inspection'}")
    # The record's row lock serialises two officers pressing the button at once.
    record: Case | Inspection
    if case is not None:
        record = Case.objects.select_for_update().select_related("issuer", "org_unit").get(pk=case.pk)
        existing = IssuedDocument.objects.filter(kind=kind, case=record).first()
    else:
        assert inspection is not None  # exactly one of the two, checked above
        record = Inspection.objects.select_for_update().select_related("issuer", "org_unit").get(pk=inspection.pk)
        existing = IssuedDocument.objects.filter(kind=kind, inspection=record).first()
    if existing is not None:
        return existing, False
    if not spec.ready(record):
        raise TransitionError(_("This document cannot be issued at this stage."))
    now = timezone.now()
    if spec.code is None:
        assert isinstance(record, Case)  # only a case's documents carry its number (enforcement.documents.SPECS)
        number = record.number
    else:
        _seq, number = number_take(issuer=record.issuer, code=spec.code, year=timezone.localtime(now).year)
    document = IssuedDocument(
        kind=kind,
        number=number,
        issuer=record.issuer,
        org_unit=record.org_unit,
        issued_by=acting_user,
        issued_at=now,
        **({"case": record} if case is not None else {"inspection": record}),
    )
    document.file.save(f"{kind}-{record.pk}.pdf", ContentFile(render_document(document)), save=False)
    document.save()
    record_audit(
        actor=acting_user,
        action=AuditAction.DOCUMENT_ISSUED,
        target=record,
        org_unit=record.org_unit,
        data={"kind": kind, "number": number, "document": document.pk},
    )
    return document, True
