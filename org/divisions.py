"""Administrative-division codes of org units (行政区划代码).

Six digits for a province, city or county (GB/T 2260), nine for a township or street (GB/T 10114: the
county's six digits and three of its own). Villages and departments carry none here: a village's twelve-digit
statistical code is not a division code, and a department is not a division.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from org.ids import is_digits

DIVISION_DIGITS = {"city": 6, "district": 6, "township": 9}


def validate_division_code(kind: str, code: str, parent_code: str = "") -> None:
    """An org unit's administrative-division code, by its kind; a township's begins with its county's."""
    if not code:
        return
    digits = DIVISION_DIGITS.get(kind)
    if digits is None:
        raise ValidationError(
            _("Only cities, districts and townships have an administrative division code."), code="kind"
        )
    if len(code) != digits or not is_digits(code):
        raise ValidationError(
            _("This kind of unit has a %(n)d-digit administrative division code.") % {"n": digits}, code="digits"
        )
    if digits == 9 and parent_code and not code.startswith(parent_code):
        raise ValidationError(
            _("A township's code begins with its county's six digits (%(parent)s).") % {"parent": parent_code},
            code="parent",
        )
