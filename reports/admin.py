from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reports.models import ReportVersion, SectionKind, SectionTemplate, SummaryReport
from reports.registry import unknown_placeholders
from reports.wording import __doc__ as WORDING_RULES


def check_placeholders(text: str, *, item: str | None = None) -> None:
    """Refuse a wording that names a figure the registry does not know (it would drop its sentence)."""
    unknown = unknown_placeholders(text, item=item)
    if unknown:
        raise ValidationError(
            _("Unknown figure %(names)s: check the spelling against the list of figures.")
            % {"names": "、".join(f"{{{name}}}" for name in unknown)}
        )


class SectionTemplateForm(forms.ModelForm):
    class Meta:
        model = SectionTemplate
        fields = ["key", "order", "level", "kind", "heading", "body"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        item = data.get("key") if data.get("kind") == SectionKind.REPEAT else None
        if item is not None and item not in ("campaign", "sector"):
            self.add_error("key", _("A repeated sentence is keyed “campaign” or “sector”."))
            return data
        for name in ("heading", "body"):
            try:
                check_placeholders(data.get(name) or "", item=item)
            except ValidationError as exc:
                self.add_error(name, exc)
        return data


@admin.register(SectionTemplate)
class SectionTemplateAdmin(admin.ModelAdmin):
    form = SectionTemplateForm
    list_display = ("key", "heading", "level", "kind", "order")
    list_editable = ("order",)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["body"].help_text = _("Placeholders and brackets: ") + (WORDING_RULES or "")
        return form


@admin.register(SummaryReport)
class SummaryReportAdmin(admin.ModelAdmin):
    list_display = ("title", "scope", "period_start", "period_end", "status")
    list_filter = ("status",)
    readonly_fields = ("status", "approved_by", "approved_at", "version")


admin.site.register(ReportVersion)
