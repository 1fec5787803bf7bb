from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet


class Level(models.IntegerChoices):
    """Where a part sits in the summary's skeleton: no heading, 一、… or （一）…."""

    OPENING = 0, _("Opening paragraph (no heading)")
    PART = 1, _("First-level heading (一、)")
    SECTION = 2, _("Second-level heading (（一）)")


class SectionKind(models.TextChoices):
    DRAFTED = "drafted", _("Drafted from the records")
    PROBLEMS = "problems", _("Main problems (written by people)")
    PLANS = "plans", _("Plans (written by people)")
    REPEAT = "repeat", _("Sentence repeated per campaign or sector")


class SectionTemplate(models.Model):
    """One part of the summary's skeleton and its wording (administrators reword without a deploy).

    The rows in ``order`` are the skeleton: headings at two levels, the drafted paragraphs, and
    where the people-written problems and plans go. ``body`` holds sentences with ``{figure}``
    placeholders (reports.registry); text in ``[...]`` is left out when a figure inside it is
    missing or zero, and a sentence outside brackets is left out when one of its figures is
    missing, so nothing ever prints blank, "None" or a false 0. Two rows of kind "repeat"
    (keys ``campaign`` and ``sector``) word one campaign's and one sector's sentence.
    """

    key = models.SlugField(_("key"), max_length=40, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.SECTION)
    kind = models.CharField(_("kind"), max_length=10, choices=SectionKind.choices, default=SectionKind.DRAFTED)
    heading = models.CharField(_("heading"), max_length=120, blank=True)
    body = models.TextField(_("wording"), blank=True)

    class Meta:
        verbose_name = _("section template")
        verbose_name_plural = _("section templates")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        # The opening has no heading; its first words name it better than its key ("opening") does.
        return self.heading or Truncator(self.body).chars(24) or self.key


class SummaryReportQuerySet(OrgScopedQuerySet):
    org_field = "scope"


class SummaryReport(models.Model):
    """A half-year work summary (上半年工作总结) drafted from the records."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    scope = models.ForeignKey(OrgUnit, verbose_name=_("scope"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    as_of = models.DateField(_("figures as of"))
    title = models.CharField(_("title"), max_length=120)
    issuer = models.CharField(_("issuing organisation"), max_length=120)
    signed_on = models.DateField(_("date of signature"))
    problems = models.TextField(_("main problems"), blank=True)
    plans = models.TextField(_("plans for the second half"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # What was approved: the annex tables and the figures list as they stood (reports.exporters.freeze_figures).
    # An approved report's files print these, so records entered later cannot change what was approved.
    approved_figures = models.JSONField(_("figures as approved"), null=True, blank=True, editable=False)
    # The campaigns and sectors that get a sentence, in the clerk's order (pks); null: every one with records.
    campaign_choice = models.JSONField(_("campaigns worded"), null=True, blank=True)
    sector_choice = models.JSONField(_("sectors worded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic lock: a save carries the version it was read at.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = SummaryReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("half-year summary")
        verbose_name_plural = _("half-year summaries")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_order"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False), name="report_approved_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED


class ReportSection(models.Model):
    """One part of a report's skeleton: the opening, a heading, a drafted paragraph, or where 二、三 go."""

    report = models.ForeignKey(SummaryReport, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=40)
    order = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.SECTION)
    kind = models.CharField(max_length=10, choices=SectionKind.choices, default=SectionKind.DRAFTED)
    heading = models.CharField(_("heading"), max_length=120, blank=True)
    body = models.TextField(_("text"), blank=True)
    generated = models.TextField(_("text drafted from records"), blank=True)
    edited = models.BooleanField(_("edited by hand"), default=False)
    # The optional lines of the template ("?" lines) the clerk switched on, by their index.
    switched_on = models.JSONField(_("optional sentences switched on"), default=list, blank=True)
    # The figures the text was written from ({key: as displayed}), kept when it was drafted or edited: a
    # hand-edited part is flagged only when one of them has changed since, and says which and how.
    basis = models.JSONField(_("figures the text was written from"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("last saved"), null=True, blank=True)

    # Not columns: what reports.pdf.outline and the report's page set on the sections they show.
    numeral: str  # 一、 or （一）, as printed
    paragraphs: list[str]
    optional: list[dict[str, Any]]  # the template's optional sentences the records could add
    changes: list[tuple[str, str, str]]  # (label, then, now) behind a hand-edited part
    comments: list[ReportComment]

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="section_unique_key")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.key}"


class ReportVersion(models.Model):
    """A snapshot of every text of a report, kept at each save (who, when)."""

    report = models.ForeignKey(SummaryReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReportComment(models.Model):
    """A reviewer's comment on one part of a report (or on the whole report), and the replies to it."""

    report = models.ForeignKey(SummaryReport, on_delete=models.CASCADE, related_name="comments")
    section_key = models.SlugField(_("part"), max_length=40, blank=True)  # blank: the whole report
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    # A send-back's reason is kept as the comment that went with it.
    is_return = models.BooleanField(_("sent back with it"), default=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    thread: list[ReportComment]  # not a column: the replies the report's page lists under a comment

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.section_key or '*'}:{self.pk}"
