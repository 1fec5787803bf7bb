"""The clerk's PDF and Excel annex, made by a real worker through Redis."""

from __future__ import annotations

import shutil
import subprocess
import time
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from org.models import ExportJob
from reports.defaults import ensure_default_wording
from tests.factories.reports import draft_report
from tests.integration.conftest import service_missing

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _wording():
    # Transactional tests flush the rows data migrations made.
    ensure_default_wording()


def _wait_done(job_id: int, timeout: float = 30) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ExportJob.objects.get(pk=job_id)
        if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError("the worker did not finish the export in time")


def _generate(client, report, kind: str) -> bytes:
    response = client.post(reverse("reports:generate", args=[report.pk, kind]))
    job = _wait_done(int(response.url.rstrip("/").split("/")[-1]))
    assert job.status == ExportJob.Status.DONE, job.error
    download = client.get(reverse("reports:file", args=[report.pk, job.pk]))
    return b"".join(download.streaming_content)


def test_worker_renders_the_summary_pdf_and_the_clerk_downloads_it(
    real_worker, clerk_client, clerk, city, half_year, tmp_path
):
    report = draft_report(clerk=clerk, scope=city)
    path = tmp_path / "summary.pdf"

    path.write_bytes(_generate(clerk_client, report, "pdf"))

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "整改完成率66.7%" in text.replace("\n", "")


def test_excel_annex_opens_in_libreoffice(real_worker, clerk_client, clerk, city, half_year, tmp_path):
    if shutil.which("soffice") is None:
        service_missing("LibreOffice (soffice) is not installed: run `make setup`")
    report = draft_report(clerk=clerk, scope=city)
    path = tmp_path / "annex.xlsx"
    path.write_bytes(_generate(clerk_client, report, "xlsx"))

    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )

    assert (tmp_path / "annex.pdf").stat().st_size > 1000
    assert load_workbook(BytesIO(path.read_bytes()))["隐患-按镇街"]["A3"].value == "城关街道"
