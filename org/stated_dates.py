"""The date a record says something happened on, and why it may be refused (issue 15).

An inspection, a case's stages, an accident, a meeting, a training: each carries the day it happened,
which may be months before the day it is typed in (who typed it, and when, is its audit entry's actor
and time). The services of enforcement and responsibility check such a date here: not in the future,
not before the step it follows, and, inside a period whose figures are approved (org.closed_periods),
only with a reason, which the audit entry keeps. hazards has its own rules for the hazard loop
(hazards/step_dates.py); the closed-period part is the same.

The refusal of a date inside an approved period carries the code :data:`CLOSED_PERIOD`, so the form
that shows it (:class:`ClosedPeriodReasonMixin`) then shows its reason field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from org.closed_periods import ClosedPeriod, closed_period_for
from org.models import OrgUnit

CLOSED_PERIOD = "closed_period"  # the code of the refusal a reason overcomes
# Not "reason": some records (an interview) have a field of that name.
REASON_FIELD = "closed_period_reason"


def closed_period_refusal(period: ClosedPeriod, on: dt.date) -> str:
    return _(
        "%(period)s has been approved, and a record dated %(date)s would change its figures. "
        "Give a reason to record it anyway."
    ) % {"period": period.label, "date": on.isoformat()}


def check_stated_date(
    *,
    field: str,
    on: dt.date,
    org_unit: OrgUnit | None,
    today: dt.date | None = None,
    after: dt.date | None = None,
    after_label: Any = "",
    reason: str = "",
    was: dt.date | None = None,
) -> dict[str, str]:
    """Check ``on`` as the date of a record of ``org_unit``; return what its audit entry keeps of it.

    Raises ``ValidationError({field: …})``, so the message shows next to the form's date field: for a
    date after ``today`` (default: the local date), before ``after`` (the step it follows, named by
    ``after_label``), or inside an approved period without a ``reason`` (code :data:`CLOSED_PERIOD`).
    ``was`` is the date before an edit: moving a record out of an approved period changes its figures
    too. ``org_unit`` None: a date no approved figure counts, so no period is closed to it.
    """
    today = today or timezone.localdate()
    if on > today:
        raise ValidationError({field: _("The date cannot be in the future.")})
    if after is not None and on < after:
        raise ValidationError(
            {
                field: _("The date cannot be before %(label)s (%(date)s).")
                % {"label": after_label, "date": after.isoformat()}
            }
        )
    data = {field: on.isoformat()}
    if org_unit is None:
        return data
    for day in dict.fromkeys(d for d in (on, was) if d is not None):
        period = closed_period_for(org_unit=org_unit, on=day)
        if period is None:
            continue
        if not reason.strip():
            raise ValidationError({field: ValidationError(closed_period_refusal(period, day), code=CLOSED_PERIOD)})
        data.update(closed_period=period.label, closed_period_reason=reason.strip())
        break
    return data


def _codes(error: Any) -> set[str | None]:
    exc = error if isinstance(error, ValidationError) else ValidationError(error)
    items = [e for errors in exc.error_dict.values() for e in errors] if hasattr(exc, "error_dict") else exc.error_list
    return {e.code for e in items}


class ClosedPeriodReasonMixin:
    """For a form with a stated date: a reason field, hidden until the date falls into an approved period.

    Call :meth:`add_reason_field` at the end of ``__init__``. The field shows again when the page comes
    back with a reason typed in, or when the service's refusal (added with ``add_error``) says why.
    """

    fields: dict[str, forms.Field]

    def add_reason_field(self) -> None:
        self.fields[REASON_FIELD] = forms.CharField(
            label=_lazy("Reason for recording into an approved period"),
            required=False,
            max_length=500,
            widget=forms.HiddenInput,
            help_text=_lazy("The figures of this period have been approved; say why this record is entered now."),
        )
        helper = getattr(self, "helper", None)
        if helper is not None and helper.layout is not None:
            helper.layout.append(REASON_FIELD)
        if getattr(self, "data", None) and self.data.get(self.add_prefix(REASON_FIELD)):  # type: ignore[attr-defined]
            self.ask_reason()

    def ask_reason(self) -> None:
        self.fields[REASON_FIELD].widget = forms.Textarea(attrs={"rows": 2})

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if REASON_FIELD in self.fields and CLOSED_PERIOD in _codes(error):
            self.ask_reason()

    def stated_reason(self) -> str:
        return (self.cleaned_data.get(REASON_FIELD) or "").strip()  # type: ignore[attr-defined]
