from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from org.admin import DomainRecordAdmin, DomainRecordInline
from reports.models import ReportVersion, SectionKind, SectionTemplate, SummaryReport
from reports.registry import unknown_placeholders


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
        super().clean()
        data = self.cleaned_data
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


# The rules of reports/wording.py, for the administrator who rewords a template (kept in step with its docstring).
WORDING_RULES = _(
    "Placeholders and brackets: each line of a template is one sentence or clause group, and the lines of a "
    "section are joined into one paragraph; a line is left out when one of its {figure} placeholders has no "
    "value; a [...] segment is left out when a figure inside it has no value or is 0; a line that starts with ? "
    "is optional: off unless the clerk switches it on for her report."
)


@admin.register(SectionTemplate)
class SectionTemplateAdmin(admin.ModelAdmin):
    # Editable: the wording of the summary is configuration no service owns, and the form refuses an unknown
    # placeholder. Drafts copy a template's text when they are generated and versions keep what was approved,
    # so a change reaches only drafts generated afterwards. Not deleted: reports' sections carry a template's
    # key, and a draft regenerated without it would silently lose that part.
    form = SectionTemplateForm
    list_display = ("key", "heading", "level", "kind", "order")
    list_editable = ("order",)

    def get_form(
        self, request: HttpRequest, obj: SectionTemplate | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["body"].help_text = WORDING_RULES
        return form

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReportVersionInline(DomainRecordInline):
    """A report's saved versions, read-only under it: editing one would rewrite what was approved.

    Shown here rather than on their own page because the model has no verbose names of its own yet; the inline
    names them in Chinese.
    """

    model = ReportVersion
    verbose_name = _("report version")
    verbose_name_plural = _("report versions")
    fields = ("version_number", "version_note", "version_author", "version_created")
    readonly_fields = fields

    @admin.display(description=_("version"))
    def version_number(self, version: ReportVersion) -> int:
        return version.number

    @admin.display(description=_("note"))
    def version_note(self, version: ReportVersion) -> str:
        return version.note

    @admin.display(description=_("saved by"))
    def version_author(self, version: ReportVersion) -> str:
        return str(version.created_by or "")

    @admin.display(description=_("created"))
    def version_created(self, version: ReportVersion) -> object:
        return version.created_at


@admin.register(SummaryReport)
class SummaryReportAdmin(DomainRecordAdmin):
    # Read-only: drafting, editing and review go through reports.services (version, snapshot, audit).
    list_display = ("title", "scope", "period_start", "period_end", "status")
    list_filter = ("status",)
    inlines = [ReportVersionInline]
