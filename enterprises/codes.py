"""The code an enterprise is known by, checked as its standard defines it.

* 统一社会信用代码 (GB 32100-2015): 18 characters over the 31-character set 0–9 and A–Z without I, O, Z, S, V
  (they read like 1, 0, 2, 5, U). Position 1 is the registering authority, 2 the kind of body, 3–8 the
  registering authority's administrative division (GB/T 2260), 9–17 the body's identifier, 18 the check
  character: 31 − (Σ value × 3^i mod 31) mod 31, over positions 1–17 (weights 1, 3, 9, 27, 19, 26, …).

An org unit's own division code is checked in org/divisions.py.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from org.ids import is_digits

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
FORBIDDEN = "IOZSV"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
LENGTH = 18


def normalize_credit_code(value: str) -> str:
    """What a clerk types or pastes: spaces and a lower-case letter are not errors."""
    return "".join((value or "").split()).upper()


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """A Chinese message saying what is wrong and where, for the field or the spreadsheet cell."""
    code = normalize_credit_code(value)
    if len(code) != LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(code)}, code="length"
        )
    for position, char in enumerate(code, start=1):
        if char in FORBIDDEN:
            raise ValidationError(
                _(
                    "Unified social credit codes never use the letters I, O, Z, S or V: check character %(pos)d "
                    "(“%(char)s”)."
                )
                % {"pos": position, "char": char},
                code="forbidden",
            )
        if char not in ALPHABET:
            raise ValidationError(
                _(
                    "Character %(pos)d (“%(char)s”) cannot appear in a unified social credit code: only digits "
                    "and capital letters."
                )
                % {"pos": position, "char": char},
                code="character",
            )
    if not is_digits(code[2:8]):
        raise ValidationError(
            _("Characters 3 to 8 must be the six-digit division code of the registering authority."), code="division"
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character does not match: character 18 should be “%(expected)s”. The code may have "
                "been copied wrongly."
            )
            % {"expected": expected},
            code="check",
        )
