"""The standard enforcement documents (安全生产行政执法文书): which record each is filled
from, when it may be issued, how it is numbered, and how it is rendered to PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from enforcement.models import Case, Inspection, IssuedDocument, RectificationOrder
from org.pdf import render_pdf

K = IssuedDocument.Kind


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    title: str  # as printed; a document title is data, not UI text
    template: str
    code: str | None  # number code (临应急<code>〔2026〕5号); None: the document carries the case number
    for_case: bool
    ready: Callable[[Any], bool]  # may it be issued for this record yet?


def _order(inspection: Inspection) -> RectificationOrder | None:
    # A missing reverse one-to-one raises an AttributeError subclass, so getattr's default applies.
    return getattr(inspection, "order", None)


def _reinspected(inspection: Inspection) -> bool:
    order = _order(inspection)
    return order is not None and order.reinspected_on is not None


SPECS: dict[str, DocumentSpec] = {
    spec.kind: spec
    for spec in (
        DocumentSpec(
            K.INSPECTION_RECORD,
            "现场检查记录",
            "enforcement/pdf/inspection_record.html",
            "检记",
            False,
            lambda inspection: True,
        ),
        DocumentSpec(
            K.RECTIFICATION_ORDER,
            "责令限期整改指令书",
            "enforcement/pdf/rectification_order.html",
            "责改",
            False,
            lambda inspection: _order(inspection) is not None,
        ),
        DocumentSpec(
            K.REINSPECTION_OPINION,
            "整改复查意见书",
            "enforcement/pdf/reinspection_opinion.html",
            "复查",
            False,
            lambda inspection: _reinspected(inspection),
        ),
        DocumentSpec(
            K.FILING_APPROVAL, "立案审批表", "enforcement/pdf/filing_approval.html", None, True, lambda case: True
        ),
        DocumentSpec(
            K.PENALTY_NOTICE,
            "行政处罚告知书",
            "enforcement/pdf/penalty_notice.html",
            "罚告",
            True,
            lambda case: case.notified_on is not None,
        ),
        DocumentSpec(
            K.PENALTY_DECISION,
            "行政处罚决定书",
            "enforcement/pdf/penalty_decision.html",
            None,
            True,
            lambda case: case.decided_on is not None,
        ),
        DocumentSpec(
            K.CLOSING_APPROVAL,
            "结案审批表",
            "enforcement/pdf/closing_approval.html",
            None,
            True,
            lambda case: case.executed_on is not None,
        ),
    )
}


def document_menu(*, record: Case | Inspection, issued: list[IssuedDocument]) -> list[dict[str, Any]]:
    """Each document of the record's kind: issued (with its number), ready to issue, or not yet."""
    for_case = isinstance(record, Case)
    by_kind = {d.kind: d for d in issued}
    return [
        {
            "spec": spec,
            "label": IssuedDocument.Kind(spec.kind).label,
            "document": by_kind.get(spec.kind),
            "ready": spec.ready(record),
        }
        for spec in SPECS.values()
        if spec.for_case == for_case
    ]


DIGITS = "零壹贰叁肆伍陆柒捌玖"
GROUPS = ("", "万", "亿")


def _four(n: int) -> str:
    text, zero = "", False
    for power, unit in ((3, "仟"), (2, "佰"), (1, "拾"), (0, "")):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + unit
    return text


def rmb_in_words(amount: Decimal) -> str:
    """Amounts on penalty documents are written out in capitals: 25000 → 贰万伍仟元整."""
    fen_total = int((Decimal(amount) * 100).quantize(Decimal("1")))
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    groups = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    text, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _four(group) + GROUPS[index]
        gap = False
    text = (text or "零") + "元"
    if not jiao and not fen:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif text != "零元":
        text += "零"
    return text + (DIGITS[fen] + "分" if fen else "")


def measures_text(case: Case) -> list[str]:
    """The penalty and measures as the notice and the decision word them, one clause each."""
    clauses = []
    if case.warning:
        clauses.append("警告")
    if case.fine_yuan:
        clauses.append(f"罚款人民币{rmb_in_words(case.fine_yuan)}（¥{case.fine_yuan:,.2f}）")
    if case.confiscated_yuan:
        clauses.append(f"没收违法所得人民币{rmb_in_words(case.confiscated_yuan)}（¥{case.confiscated_yuan:,.2f}）")
    if case.suspension:
        clauses.append("责令停产停业整顿")
    if case.three_stops:
        clauses.append("责令停产、停业、停用（三停）")
    if case.seal:
        clauses.append("查封、扣押有关场所、设施、设备")
    if case.closure:
        clauses.append("提请县级以上人民政府予以关闭")
    if case.detained_people:
        clauses.append(f"移送公安机关对{case.detained_people}名责任人员依法予以行政拘留")
    if case.judicial_transfer:
        clauses.append("涉嫌犯罪部分移送司法机关依法处理")
    if case.credit_penalty:
        clauses.append("纳入安全生产失信惩戒")
    if case.exposure:
        clauses.append("予以公开曝光")
    return clauses


def _officers(users: Any) -> list[dict[str, str]]:
    people = []
    for user in users:
        certificate = getattr(user, "enforcement_certificate", None)
        people.append({"name": str(user), "certificate": certificate.number if certificate else ""})
    return people


def document_context(document: IssuedDocument) -> dict[str, Any]:
    spec = SPECS[document.kind]
    context: dict[str, Any] = {
        "document": document,
        "title": spec.title,
        "number": document.number,
        "issuer": document.issuer,
        "issued_on": timezone.localtime(document.issued_at).date(),
    }
    if spec.for_case:
        case = document.case
        assert case is not None  # a case's document (IssuedDocument's constraint: a case or an inspection)
        context.update(
            case=case,
            officers=_officers(case.officers.all()),
            measures=measures_text(case),
            documents={d.kind: d for d in case.documents.all() if d.pk != document.pk},
        )
    else:
        inspection = document.inspection
        assert inspection is not None  # an inspection's document, as above
        order = _order(inspection)
        context.update(
            inspection=inspection,
            order=order,
            officers=_officers(inspection.officers.all()),
            findings=list(inspection.findings.all().order_by("pk")),
            ordered=[f for f in inspection.findings.all().order_by("pk") if f.handling == "order"],
            reinspectors=_officers(order.reinspected_by.all()) if order else [],
            order_document=inspection.documents.filter(kind=K.RECTIFICATION_ORDER).first(),
        )
    return context


def render_document(document: IssuedDocument) -> bytes:
    # A document is printed in Chinese whatever language the officer's screen is in.
    with translation.override("zh-hans"):
        return render_pdf(SPECS[document.kind].template, document_context(document))
