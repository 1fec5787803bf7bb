"""The roster import refuses the same broken workbooks as the hazard import, and writes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from floodprep.models import ResponsiblePerson
from tests.hazards.test_import_corpus import CORPUS

pytestmark = pytest.mark.django_db

# The hazard corpus's files that are broken whatever the template: not a workbook, a bomb, the wrong sheet.
BROKEN = ["zip_bomb", "hundred_thousand_rows", "pdf_renamed_xlsx", "csv_renamed_xlsx", "wrong_sheet"]


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_roster_file_writes_nothing_even_when_confirmed(name, staff_a_client, township_a):
    upload = SimpleUploadedFile("防汛责任人.xlsx", CORPUS[name][0]())
    preview = staff_a_client.post(reverse("floodprep:persons_import"), {"file": upload})

    confirm = staff_a_client.post(reverse("floodprep:persons_import_confirm"), {"token": preview.context["token"]})

    assert (preview.status_code, confirm.status_code, preview.context["token"]) == (200, 400, "")
    assert not ResponsiblePerson.objects.exists()
