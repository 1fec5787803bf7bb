from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from org.pdf import render_pdf


class Command(BaseCommand):
    help = "Render a one-page Chinese test document to check the PDF fonts (see fonts/README.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", nargs="?", default="font-check.pdf")

    def handle(self, *args, output: str, **options) -> None:
        data = render_pdf("pdf/font_check.html", {"issuer": "临江市应急管理局", "date": timezone.localdate()})
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data)} bytes")
