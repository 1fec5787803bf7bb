from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reports.models import ReportVersion, SectionTemplate, SummaryReport
from reports.wording import __doc__ as WORDING_RULES


@admin.register(SectionTemplate)
class SectionTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "heading", "order")
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
