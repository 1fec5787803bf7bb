"""Document numbers (文号) such as 临应急罚〔2026〕12号: per authority, kind and year, never reused."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from enforcement.models import NumberSequence
from org.models import OrgUnit

CASE_CODE = "罚"
NUMBER_RE = re.compile(r"^(?P<prefix>.+?)〔(?P<year>\d{4})〕(?P<seq>\d+)号$")


def issuer_abbreviation(issuer: OrgUnit) -> str:
    """The authority's short form in numbers: its short name, else 临江市应急管理局 → 临应急."""
    if issuer.short_name:
        return issuer.short_name
    return f"{issuer.name[:1]}应急"


def format_number(issuer: OrgUnit, code: str, year: int, seq: int) -> str:
    return f"{issuer_abbreviation(issuer)}{code}〔{year}〕{seq}号"


def _locked_sequence(issuer: OrgUnit, code: str, year: int) -> NumberSequence:
    # Create the row first (racing creators meet the unique constraint), then lock it.
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(issuer=issuer, code=code, year=year)
    except IntegrityError:
        pass
    return NumberSequence.objects.select_for_update().get(issuer=issuer, code=code, year=year)


def number_take(*, issuer: OrgUnit, code: str, year: int) -> tuple[int, str]:
    """The next number; must run inside the caller's transaction so the lock lasts until commit."""
    sequence = _locked_sequence(issuer, code, year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, format_number(issuer, code, year, sequence.last)


def number_take_block(*, issuer: OrgUnit, code: str, year: int, count: int) -> int:
    """Reserve ``count`` numbers at once (a backlog import numbers thousands of paper cases): the first of
    them; the caller numbers first … first + count - 1. One lock and one write, inside the caller's
    transaction, so a rolled-back import gives its block back and nobody else can take from it meanwhile."""
    sequence = _locked_sequence(issuer, code, year)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return first


def number_claim(*, issuer: OrgUnit, code: str, number: str) -> tuple[int, int]:
    """Accept a number given by hand (a paper case entered later); returns (year, seq).

    The sequence moves past it so the next automatic number cannot collide.
    """
    match = NUMBER_RE.match(number.strip())
    expected = f"{issuer_abbreviation(issuer)}{code}"
    if not match or match["prefix"] != expected:
        raise ValidationError(
            {
                "number": _("A number of %(issuer)s reads like %(example)s.")
                % {"issuer": issuer.name, "example": format_number(issuer, code, 2026, 12)}
            }
        )
    year, seq = int(match["year"]), int(match["seq"])
    if seq < 1:
        raise ValidationError({"number": _("The sequence number must be at least 1.")})
    sequence = _locked_sequence(issuer, code, year)
    if seq > sequence.last:
        sequence.last = seq
        sequence.save(update_fields=["last"])
    return year, seq
