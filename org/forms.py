"""Form helpers every app's views share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import Form
from django.forms.models import ModelChoiceIterator

# A phone's native date picker; ISO values so the browser fills it back in.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def attach_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's refusal next to the field it names, or on top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ListedChoiceIterator(ModelChoiceIterator):
    """A select's options from one plain SELECT.

    Django's iterator reads them with ``QuerySet.iterator()``, which on PostgreSQL opens a server-side
    cursor WITH HOLD: DECLARE, FETCH and CLOSE, three round trips, for a few dozen or hundred options.
    """

    def __iter__(self):  # noqa: ANN204 (Django's signature)
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def list_model_choices(form: Form) -> None:
    """Every model select of ``form`` reads its options with one plain SELECT (ListedChoiceIterator)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.iterator = ListedChoiceIterator
            field.widget.choices = field.choices  # the widget took its iterator when the field was made
