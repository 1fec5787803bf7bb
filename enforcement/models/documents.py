"""Issued enforcement documents (执法文书), their number sequences and officers' certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.models.cases import Case
from enforcement.models.inspections import Inspection
from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet
from org.uploads import RandomName


class OfficerCertificate(models.Model):
    """An officer's enforcement certificate (执法证), printed on every document they sign."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enforcement_certificate"
    )
    number = models.CharField(_("certificate number"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("enforcement certificate")
        verbose_name_plural = _("enforcement certificates")

    def __str__(self) -> str:
        return self.number


class NumberSequence(models.Model):
    """The last number used per authority, kind of number and year (文号流水号).

    Rows are locked with select_for_update when a number is taken, so two officers
    filing at the same moment get consecutive numbers; a number is never given back.
    """

    issuer = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [models.UniqueConstraint(fields=["issuer", "code", "year"], name="sequence_unique")]

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.last}"


class IssuedDocument(models.Model):
    """An enforcement document (执法文书) as issued: numbered once, its PDF kept as handed over."""

    class Kind(models.TextChoices):
        INSPECTION_RECORD = "inspection_record", _("On-site inspection record")
        RECTIFICATION_ORDER = "rectification_order", _("Order to rectify within a time limit")
        REINSPECTION_OPINION = "reinspection_opinion", _("Re-inspection opinion")
        FILING_APPROVAL = "filing_approval", _("Case filing approval form")
        PENALTY_NOTICE = "penalty_notice", _("Notice of administrative penalty")
        PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
        CLOSING_APPROVAL = "closing_approval", _("Case closing approval form")

    kind = models.CharField(_("document"), max_length=24, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=60)
    issuer = models.ForeignKey(OrgUnit, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="enforcement_documents"
    )
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(_("file"), upload_to=RandomName("enforcement/documents"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspection__isnull=False, case__isnull=True)
                | Q(inspection__isnull=True, case__isnull=False),
                name="document_one_subject",
            ),
            # Issuing again returns the stored document: one per kind and record.
            models.UniqueConstraint(
                fields=["kind", "inspection"],
                condition=Q(inspection__isnull=False),
                name="document_once_per_inspection",
            ),
            models.UniqueConstraint(
                fields=["kind", "case"], condition=Q(case__isnull=False), name="document_once_per_case"
            ),
            models.UniqueConstraint(fields=["issuer", "kind", "number"], name="document_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
