from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import OrgUnit
from org.scoping import OrgScopedQuerySet
from org.uploads import RandomName


class Sector(models.Model):
    """An industry sector (行业领域); an editable list."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A special campaign (专项行动), e.g. 安全生产隐患大排查大整治行动."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    sectors = models.ManyToManyField(Sector, verbose_name=_("target sectors"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Counted up by every save through a service; the edit form posts the one it was opened at (org/versioning.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="campaign_end_after_start")]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A clause that makes a hazard major (重大事故隐患判定依据)."""

    class Part(models.TextChoices):
        GENERAL = "general", _("General management items")
        INDUSTRY = "industry", _("Industry items")
        SPECIAL = "special", _("Special items")

    standard = models.CharField(_("standard"), max_length=120)
    part = models.CharField(_("part"), max_length=10, choices=Part.choices)
    clause = models.CharField(_("clause"), max_length=40)
    text = models.TextField(_("text"))
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("major-hazard criterion")
        verbose_name_plural = _("major-hazard criteria")
        ordering = ["standard", "part", "pk"]
        constraints = [models.UniqueConstraint(fields=["standard", "clause"], name="criterion_unique_clause")]

    def __str__(self) -> str:
        return f"{self.standard} {self.clause}"


class HazardQuerySet(OrgScopedQuerySet):
    def open(self) -> Self:
        return self.exclude(status=Hazard.Status.CLOSED)

    def overdue(self, today: dt.date | None = None) -> Self:
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def major(self) -> Self:
        return self.filter(level=Hazard.Level.MAJOR)

    def found_in(self, start: dt.date, end: dt.date) -> Self:
        return self.filter(found_on__range=(start, end))

    def closure_flagged(self) -> Self:
        """Closed with at least one genuine-closure flag (存疑销号)."""
        return self.filter(status=Hazard.Status.CLOSED).exclude(closure_flags=[])


class ClosureFlag(models.TextChoices):
    """Why a closing looks doubtful (hazards.closure_checks); a leader looks, nothing is blocked."""

    SAME_AS_DISCOVERY = "same_as_discovery", _("Rectification photo is the same image as the discovery photo")
    SAME_AS_OTHER = "same_as_other", _("Rectification photo is the same image as another hazard's photo")
    TAKEN_BEFORE_FOUND = "taken_before_found", _("Rectification photo was taken before the hazard was found")
    TAKEN_FAR_AWAY = "taken_far_away", _("Rectification photo was taken far from the hazard")
    TOO_FAST = "too_fast", _("Closed implausibly fast for its level")


class Hazard(models.Model):
    """A safety hazard (隐患) followed from discovery to sign-off (销号)."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        ASSIGNED = "assigned", _("Assigned")
        RECTIFYING = "rectifying", _("Rectifying")
        AWAITING_REVIEW = "awaiting_review", _("Awaiting re-inspection")
        CLOSED = "closed", _("Closed")

    class Level(models.TextChoices):
        GENERAL = "general", _("Ordinary hazard")
        MAJOR = "major", _("Major accident hazard")

    class Source(models.TextChoices):
        SELF_CHECK = "self_check", _("Enterprise self-check")
        DEPARTMENT = "department", _("Department inspection")
        TOWNSHIP = "township", _("Township inspection")
        SUPERVISION = "supervision", _("Safety committee supervision")
        UNANNOUNCED = "unannounced", _("Unannounced visit")
        PUBLIC_REPORT = "public_report", _("Public report")
        LEADER = "leader", _("Leader-led inspection")

    class SupervisionLevel(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County / district")

    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="hazards")
    village = models.ForeignKey(
        OrgUnit, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_name = models.CharField(_("place or enterprise"), max_length=120)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    # The register's enterprise this record names, when recognised (enterprises.linking); the typed name stays.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL, related_name="hazards"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.TOWNSHIP)
    description = models.TextField(_("description"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.GENERAL)
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("grounds for major"), null=True, blank=True, on_delete=models.PROTECT
    )
    found_on = models.DateField(_("found on"))
    finder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("found by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=120, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    measures = models.TextField(_("rectification measures"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    rectification_note = models.TextField(_("rectification note"), blank=True)
    # The dates each step happened, as stated by whoever records it (a bureau entering January in July);
    # who entered it, and when, is in the step's audit entry. closed_on is what the figures count.
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    reinspected_on = models.DateField(_("re-inspected on"), null=True, blank=True)
    reinspector = models.CharField(_("re-inspected by"), max_length=50, blank=True)
    # Who reported the rectification: someone else re-inspects and closes it (hazards.duties).
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rectification reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    # What the genuine-closure checks found when it was closed (hazards.closure_checks codes): flags, not blocks.
    closure_flags = models.JSONField(_("closure flags"), default=list, blank=True)

    # 五落实: the five items a major hazard must carry before it can be closed.
    five_person = models.CharField(_("responsible person (five in place)"), max_length=50, blank=True)
    five_measures = models.TextField(_("measures (five in place)"), blank=True)
    five_funds = models.DecimalField(
        _("funds in 10,000 yuan (five in place)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    five_deadline = models.DateField(_("deadline (five in place)"), null=True, blank=True)
    five_plan = models.TextField(_("contingency plan (five in place)"), blank=True)

    # 挂牌督办
    supervision_level = models.CharField(
        _("listed supervision level"), max_length=10, choices=SupervisionLevel.choices, blank=True
    )
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    delisted_on = models.DateField(_("delisted on"), null=True, blank=True)

    import_key = models.CharField(max_length=40, blank=True, editable=False)
    # Raised by every write (hazards.services._save); an edit form carries the one it was opened at.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-found_on", "-pk"]
        indexes = [
            # Covering (PostgreSQL): the dashboards' and summaries' aggregates read a city's hazards from
            # this index alone, without touching the wide rows (bench/README.md: 1.3 s → 0.3 s at 1M rows).
            models.Index(
                fields=["org_unit", "found_on"],
                name="hazard_unit_found_cover",
                include=[
                    "id",
                    "status",
                    "level",
                    "closed_on",
                    "deadline",
                    "sector",
                    "supervision_level",
                    "delisted_on",
                ],
            ),
            # What is overdue, open or listed, per township: open hazards are a few percent of the ledger.
            models.Index(
                fields=["org_unit", "deadline"],
                name="hazard_open_by_deadline",
                condition=~Q(status="closed"),
                include=["id", "level", "supervision_level", "delisted_on", "sector", "found_on"],
            ),
            # Hazards closed after a past period's end (hazards.selectors.hazard_found_counts).
            models.Index(
                fields=["org_unit", "closed_on"],
                name="hazard_closed_by_date",
                condition=Q(status="closed"),
                include=["id", "found_on", "level", "sector"],
            ),
            # Campaign figures (hazards.selectors.hazard_figures_by_campaign) are not in the rollup: a city's
            # campaign hazards from this index alone, not every campaign hazard of the province (bench/README.md).
            models.Index(
                fields=["org_unit", "found_on"],
                name="hazard_campaign_found",
                condition=Q(campaign__isnull=False),
                include=["id", "campaign", "status", "level", "closed_on"],
            ),
            # Major hazards listed and delisted in a period (hazard_supervision_figures): majors are a few per
            # thousand, so this reads them alone instead of every hazard.
            models.Index(
                fields=["org_unit", "listed_on"],
                name="hazard_major_supervision",
                condition=Q(level="major"),
                include=["id", "delisted_on", "supervision_level"],
            ),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["found_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "import_key"], condition=~Q(import_key=""), name="hazard_unique_import_key"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("found_on")),
                name="hazard_deadline_after_found",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False), name="hazard_closed_has_date"
            ),
            models.CheckConstraint(
                condition=Q(supervision_level="") | Q(level="major"), name="hazard_only_major_listed"
            ),
            # The stated dates follow the steps' order (hazards.services checks them first, with a message).
            models.CheckConstraint(
                condition=Q(rectified_on__isnull=True) | Q(rectified_on__gte=models.F("found_on")),
                name="hazard_rectified_after_found",
                violation_error_message=_("The date found cannot be after the rectification date."),
            ),
            models.CheckConstraint(
                condition=Q(reinspected_on__isnull=True)
                | Q(rectified_on__isnull=True)
                | Q(reinspected_on__gte=models.F("rectified_on")),
                name="hazard_reinspected_after_rectified",
                violation_error_message=_("The re-inspection date cannot be before the rectification date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place_name}：{self.description[:30]}"

    @property
    def is_major(self) -> bool:
        return self.level == self.Level.MAJOR

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.CLOSED and self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def is_listed(self) -> bool:
        return bool(self.supervision_level) and self.delisted_on is None

    @property
    def closure_flag_labels(self) -> list[str]:
        return [str(ClosureFlag(code).label) for code in self.closure_flags if code in ClosureFlag.values]

    @property
    def missing_five(self) -> list[str]:
        """Labels of the 五落实 items still empty."""
        fields = ["five_person", "five_measures", "five_funds", "five_deadline", "five_plan"]
        return [
            str(getattr(self._meta.get_field(name), "verbose_name", name))
            for name in fields
            if getattr(self, name) in (None, "")
        ]


class HazardPhoto(models.Model):
    """A before or after photo of a hazard."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before rectification")
        AFTER = "after", _("After rectification")

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    image = models.ImageField(_("photo"), upload_to=RandomName("hazards/photos"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # From the camera's EXIF, read on the phone before downscaling strips it (static/js/offline_photos.js);
    # the closure checks compare them with the hazard's date and position.
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    gps_lat = models.DecimalField(_("photo latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    gps_lon = models.DecimalField(_("photo longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Perceptual hash (imagehash.phash, 16 hex digits), computed on upload: the same scene photographed
    # twice, or one file sent again after downscaling, lies within a few bits (hazards.closure_checks).
    phash = models.CharField(_("perceptual hash"), max_length=16, blank=True, db_index=True)

    class Meta:
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.hazard_id} {self.get_kind_display()}"


class HazardMonthCounts(models.Model):
    """Hazards found in one calendar month, counted by what they are now (hazards/rollup.py).

    Written only by database triggers on ``hazards_hazard``, in the same transaction as the
    hazard's own change, so the counts are never stale: every write path (services, imports,
    QuerySet.update, bulk_create, the admin, raw SQL) keeps them exact. The dashboards and the
    summary read whole months from here instead of aggregating every hazard of a city.
    """

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    month = models.DateField()  # the first day of the month the hazards were found in
    found = models.IntegerField(default=0)
    major_found = models.IntegerField(default=0)
    major_closed = models.IntegerField(default=0)
    # By status now: the five add up to ``found``.
    reported = models.IntegerField(default=0)
    assigned = models.IntegerField(default=0)
    rectifying = models.IntegerField(default=0)
    awaiting_review = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)

    objects = OrgScopedQuerySet.as_manager()

    COUNTERS = (
        "found",
        "major_found",
        "major_closed",
        "reported",
        "assigned",
        "rectifying",
        "awaiting_review",
        "closed",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.month:%Y-%m}: {self.found}"


class HazardMonth(HazardMonthCounts):
    """Per township and month: what the dashboards read when no sector is picked."""

    class Meta:
        verbose_name = _("hazards of a township-month")
        verbose_name_plural = _("hazards of township-months")
        # Covering (PostgreSQL): a city's months are read from the index alone.
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "month"], name="hazard_month_unique", include=HazardMonthCounts.COUNTERS
            )
        ]


class HazardSectorMonth(HazardMonthCounts):
    """Per township, month and sector: the sector chart and any sector filter."""

    sector = models.ForeignKey(Sector, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    class Meta:
        verbose_name = _("hazards of a township-month by sector")
        verbose_name_plural = _("hazards of township-months by sector")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "month", "sector"],
                name="hazard_sector_month_unique",
                include=HazardMonthCounts.COUNTERS,
            ),
        ]
        # One sector picked: its rows only, not every sector's.
        indexes = [
            models.Index(
                fields=["sector", "org_unit", "month"],
                name="hazard_sector_month_by_sector",
                include=HazardMonthCounts.COUNTERS,
            )
        ]


class SelfReport(models.Model):
    """A hazard an enterprise found in its own check (企业自查自报), awaiting the township's acceptance.

    It is not a Hazard until accepted (hazards.enterprise.self_report_accept), so the ledger, the figures and
    the summary never count it before; accepted, it is a hazard with source 企业自查 like any other.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Sent back")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="self_reports"
    )
    # The enterprise's township when reported: whose staff accept it.
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    place_name = models.CharField(_("place"), max_length=120)
    description = models.TextField(_("description"))
    found_on = models.DateField(_("found on"))
    measures = models.TextField(_("measures planned"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    return_reason = models.TextField(_("reason sent back"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    hazard = models.OneToOneField(
        Hazard, verbose_name=_("hazard"), null=True, blank=True, on_delete=models.PROTECT, related_name="self_report"
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise self-report")
        verbose_name_plural = _("enterprise self-reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(hazard__isnull=False), name="self_report_accepted_has_hazard"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="self_report_returned_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place_name}：{self.description[:30]}"
