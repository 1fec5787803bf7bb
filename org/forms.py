"""Form helpers every app's views share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import Form

# A phone's native date picker; ISO values so the browser fills it back in.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def attach_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's refusal next to the field it names, or on top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
