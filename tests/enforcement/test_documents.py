"""The standard enforcement documents: filled from the records, numbered once, kept as issued."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from enforcement.models import Case, IssuedDocument, NumberSequence, OfficerCertificate, RectificationOrder
from tests.factories.enforcement import CaseFactory, FindingFactory, InspectionFactory, OrderFactory

pytestmark = pytest.mark.django_db

K = IssuedDocument.Kind


def pdf_text(document: IssuedDocument) -> str:
    """pdftotext of the stored file, with line breaks and spaces removed (long lines wrap)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext missing: run `make setup` (poppler-utils)")
    out = subprocess.run(["pdftotext", document.file.path, "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


@pytest.fixture
def inspection(township_a, bureau_unit, pair, today):
    inspection = InspectionFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        unit_name="临江宏达五金制品有限公司",
        credit_code="91339900MA2XXXXX1K",
        address="城关街道工业路18号",
        unit_contact="周建国",
        inspected_on=today - dt.timedelta(days=40),
        officers=pair,
    )
    FindingFactory.create(
        inspection=inspection,
        description="抛光车间除尘系统未设置泄爆装置",
        legal_basis="《工贸企业粉尘防爆安全规定》第十三条",
    )
    FindingFactory.create(inspection=inspection, description="有限空间未设置安全警示标志", handling="on_spot")
    order = OrderFactory.create(
        inspection=inspection,
        deadline=today - dt.timedelta(days=10),
        requirements="整改期间停止抛光作业",
        status=RectificationOrder.Status.PASSED,
        reinspected_on=today - dt.timedelta(days=8),
        reinspection_note="泄爆装置已加装",
    )
    order.reinspected_by.set(pair)
    return inspection


@pytest.fixture
def case(township_a, bureau_unit, pair, today):
    days = {
        name: today - dt.timedelta(days=n)
        for name, n in (
            ("filed_on", 60),
            ("investigated_on", 55),
            ("notified_on", 30),
            ("decided_on", 20),
            ("executed_on", 5),
        )
    }
    return CaseFactory.create(
        org_unit=township_a,
        issuer=bureau_unit,
        year=today.year,
        seq=12,
        number=f"临应急罚〔{today.year}〕12号",
        party_name="临江宏达五金制品有限公司",
        credit_code="91339900MA2XXXXX1K",
        legal_representative="周建国",
        party_address="城关街道工业路18号",
        cause="未对有限空间作业场所设置安全警示标志",
        facts="该公司污水池有限空间未设置明显的安全警示标志。",
        legal_basis="《中华人民共和国安全生产法》第三十五条",
        penalty_basis="《中华人民共和国安全生产法》第九十九条第一项",
        fine_yuan=Decimal("25000"),
        suspension=True,
        stage=Case.Stage.EXECUTED,
        paid_yuan=Decimal("25000"),
        execution_note="当事人已缴纳罚款",
        officers=pair,
        **days,
    )


def issue(client, record, kind: str):
    name = "enforcement:case_document" if isinstance(record, Case) else "enforcement:inspection_document"
    return client.post(reverse(name, args=[record.pk, kind]))


# What each document must show, drawn from the records above.
FIELDS = {
    K.INSPECTION_RECORD: [
        "现场检查记录",
        "临江宏达五金制品有限公司",
        "91339900MA2XXXXX1K",
        "周建国",
        "抛光车间除尘系统未设置泄爆装置",
        "已当场整改",
        "张执法",
        "33990002",
        "临江市应急管理局",
    ],
    K.RECTIFICATION_ORDER: [
        "责令限期整改指令书",
        "临江宏达五金制品有限公司：",
        "抛光车间除尘系统未设置泄爆装置",
        "整改期间停止抛光作业",
        "赵执法",
        "临江市人民政府",
        "临江市应急管理局（印章）",
    ],
    K.REINSPECTION_OPINION: ["整改复查意见书", "复查合格", "泄爆装置已加装", "张执法", "临江市应急管理局（印章）"],
    K.FILING_APPROVAL: [
        "立案审批表",
        "未对有限空间作业场所设置安全警示标志",
        "临江宏达五金制品有限公司",
        "《中华人民共和国安全生产法》第三十五条",
        "审批意见",
        "33990001",
    ],
    K.PENALTY_NOTICE: [
        "行政处罚告知书",
        "临江宏达五金制品有限公司：",
        "第九十九条第一项",
        "罚款人民币贰万伍仟元整（¥25,000.00）",
        "责令停产停业整顿",
        "陈述和申辩",
        "听证",
    ],
    K.PENALTY_DECISION: [
        "行政处罚决定书",
        "当事人：临江宏达五金制品有限公司",
        "统一社会信用代码：91339900MA2XXXXX1K",
        "罚款人民币贰万伍仟元整",
        "十五日内",
        "行政复议",
        "临江市应急管理局（印章）",
    ],
    K.CLOSING_APPROVAL: ["结案审批表", "已缴纳罚款人民币25000.00元", "当事人已缴纳罚款", "审批意见"],
}
FOR_INSPECTION = (K.INSPECTION_RECORD, K.RECTIFICATION_ORDER, K.REINSPECTION_OPINION)


@pytest.fixture
def issued(request, officer_client, inspection, case):
    """Issue one kind of document through the view; returns the stored document."""
    kind = request.param
    record = inspection if kind in FOR_INSPECTION else case
    response = issue(officer_client, record, kind)
    assert response.status_code == 302
    return IssuedDocument.objects.get(kind=kind)


@pytest.mark.parametrize("issued", list(FIELDS), indirect=True)
def test_each_document_shows_the_fields_of_its_record(issued):
    text = pdf_text(issued)

    assert [field for field in FIELDS[issued.kind] if field not in text] == []


@pytest.mark.parametrize("issued", list(FIELDS), indirect=True)
def test_each_document_carries_its_number_exactly_once(issued):
    assert pdf_text(issued).count(issued.number) == 1


@pytest.mark.parametrize(
    ("issued", "number"),
    [
        (K.INSPECTION_RECORD, "临应急检记〔{y}〕1号"),
        (K.RECTIFICATION_ORDER, "临应急责改〔{y}〕1号"),
        (K.REINSPECTION_OPINION, "临应急复查〔{y}〕1号"),
        (K.PENALTY_NOTICE, "临应急罚告〔{y}〕1号"),
        (K.FILING_APPROVAL, "临应急罚〔{y}〕12号"),
        (K.PENALTY_DECISION, "临应急罚〔{y}〕12号"),
    ],
    indirect=["issued"],
)
def test_documents_are_numbered_in_the_authoritys_style(issued, number, today):
    assert issued.number == number.format(y=today.year)


def test_issuing_again_returns_the_stored_document_unrenumbered(officer_client, inspection):
    issue(officer_client, inspection, K.RECTIFICATION_ORDER)
    first = IssuedDocument.objects.get()

    issue(officer_client, inspection, K.RECTIFICATION_ORDER)

    assert list(IssuedDocument.objects.values_list("pk", "number")) == [(first.pk, first.number)]
    assert NumberSequence.objects.get(code="责改").last == 1


def test_the_next_inspection_record_takes_the_next_number(officer_client, inspection, township_a, bureau_unit, pair):
    other = InspectionFactory.create(org_unit=township_a, issuer=bureau_unit, officers=pair)
    issue(officer_client, inspection, K.INSPECTION_RECORD)

    issue(officer_client, other, K.INSPECTION_RECORD)

    assert IssuedDocument.objects.get(inspection=other).number.endswith("〕2号")


def test_a_decision_cannot_be_issued_before_the_case_is_decided(officer_client, case):
    Case.objects.filter(pk=case.pk).update(
        stage=Case.Stage.INVESTIGATING, notified_on=None, decided_on=None, executed_on=None
    )

    issue(officer_client, case, K.PENALTY_DECISION)

    assert not IssuedDocument.objects.exists()
    assert not NumberSequence.objects.exists()


def test_a_leader_opens_an_issued_document_but_cannot_issue_one(officer_client, leader_client, case):
    issue(officer_client, case, K.FILING_APPROVAL)
    document = IssuedDocument.objects.get()

    response = leader_client.get(reverse("enforcement:document", args=[document.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert issue(leader_client, case, K.PENALTY_NOTICE).status_code == 403


def test_issuing_shows_on_the_case_timeline(officer_client, case):
    issue(officer_client, case, K.PENALTY_NOTICE)

    response = officer_client.get(reverse("enforcement:case_detail", args=[case.pk]))

    assert response.context["timeline"][-1].data["kind"] == K.PENALTY_NOTICE


def test_an_officer_without_a_certificate_still_gets_a_document(officer_client, inspection):
    OfficerCertificate.objects.all().delete()

    issue(officer_client, inspection, K.INSPECTION_RECORD)

    assert "张执法" in pdf_text(IssuedDocument.objects.get())
