from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.scoping import OrgScopedQuerySet
from org.uploads import RandomName

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class OrgUnitQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        from org.scoping import visible_unit_ids

        ids = visible_unit_ids(user)
        return self.all() if ids is None else self.filter(pk__in=ids)

    def townships(self) -> Self:
        return self.filter(kind=OrgUnit.Kind.TOWNSHIP)


class OrgUnit(models.Model):
    """An administrative unit or department (行政区划 / 部门).

    ``path`` is the chain of codes from the root ("3301/330102/"), so "this unit
    and everything below it" is one indexed prefix match.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District / county")
        TOWNSHIP = "township", _("Township / street")
        VILLAGE = "village", _("Village / community")
        DEPARTMENT = "department", _("Department")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # 行政区划代码: GB/T 2260 (six digits) for a city or county, GB/T 10114 (nine) for a township; checked in clean().
    division_code = models.CharField(_("administrative division code"), max_length=9, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "path"])]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def contains(self, other: OrgUnit) -> bool:
        return other.path.startswith(self.path)

    @staticmethod
    def paths_above(path: str) -> list[str]:
        """The paths of the unit at ``path`` and of every unit above it, root first: "3301/", "3301/330102/", …"""
        codes = path.rstrip("/").split("/")
        return ["/".join(codes[: end + 1]) + "/" for end in range(len(codes))]

    @property
    def ancestor_paths(self) -> list[str]:
        """This unit's path and those above it: the scopes that cover it."""
        return OrgUnit.paths_above(self.path)

    @staticmethod
    def township_path_of(path: str, townships: Container[str]) -> str | None:
        """The path of the township the unit at ``path`` lies in (itself included), among ``townships``' paths;
        None above township level. For aggregations over many rows: no query."""
        return next((above for above in reversed(OrgUnit.paths_above(path)) if above in townships), None)

    @property
    def township(self) -> OrgUnit | None:
        """The township this unit lies in (itself for a township, the parent of a village); None for a unit above
        township level or a department."""
        if self.kind == OrgUnit.Kind.TOWNSHIP:
            return self
        if self.kind == OrgUnit.Kind.VILLAGE:
            return self.parent
        return None

    def clean(self) -> None:
        from org.divisions import validate_division_code

        parent_code = self.parent.division_code if self.parent is not None else ""
        try:
            validate_division_code(self.kind, self.division_code, parent_code)
        except ValidationError as exc:
            raise ValidationError({"division_code": exc.messages}) from exc


class Role(models.TextChoices):
    TOWNSHIP_STAFF = "township_staff", _("Township staff")
    OFFICER = "officer", _("Enforcement officer")
    LEADER = "leader", _("Bureau leader")
    CLERK = "clerk", _("Office clerk")
    ADMIN = "admin", _("Administrator")
    # 企业安全管理人员: sees only their own enterprise's assigned hazards (hazards.enterprise, org.scoping).
    ENTERPRISE = "enterprise", _("Enterprise safety manager")


class User(AbstractUser):
    """A portal user, attached to one org unit with one role."""

    display_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile"), max_length=20, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TOWNSHIP_STAFF)
    # Only for the enterprise role, and required for it (the constraint below).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role="enterprise") & models.Q(enterprise__isnull=False))
                | (~models.Q(role="enterprise") & models.Q(enterprise__isnull=True)),
                name="user_enterprise_iff_enterprise_role",
                violation_error_message=_("An enterprise safety manager needs an enterprise; other roles have none."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username


class AuditEntry(models.Model):
    """One state change: who did what to which record, and when (审计日志)."""

    # PROTECT: a user who leaves is deactivated, never deleted, so the trail keeps who did what (issue 17).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    # A default rather than auto_now_add so that imports and demo data can keep true dates.
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = OrgScopedQuerySet.as_manager()

    # Not columns: a page showing a trail sets these on the entries it lists (hazards.views.ledger._timeline,
    # enforcement.views.common, floodprep.views.detail): the step in words, the state it led to, its stated date.
    label: StrOrPromise
    to_label: StrOrPromise
    stated_on: str

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        from org.audit import action_label  # org.audit imports this module

        return f"{action_label(self.action, self.target_type_id)} #{self.target_id}"


class Notification(models.Model):
    """An in-portal notice for one user (站内通知), e.g. an overdue hazard."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The daily job may run twice; one notice per user and key.
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="notification_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.message


# Each exporter's identifier, in words.
EXPORT_KINDS = {
    "hazards.ledger": _("Hazard ledger"),
    "floodprep.roster": _("Flood responsible persons roster"),
    "reports.pdf": _("Summary PDF"),
    "reports.xlsx": _("Summary Excel annex"),
    "reports.docx": _("Summary Word file"),
}


class ExportJob(models.Model):
    """A long export run by a worker; the page polls it (pretix's CachedFile).

    It lives here, not in reports/, because every domain app exports and
    nothing may import reports/.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # What a waiting job's ``error`` starts with while the broker cannot be reached (org.services).
    BROKER_DOWN = "broker unavailable"
    # What a running job's ``error`` starts with once its worker is taken for dead (export_jobs_fail_stale).
    WORKER_LOST = "worker lost"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("kind"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveIntegerField(_("rows written"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    file = models.FileField(_("file"), upload_to=RandomName("exports"), blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    # What was produced, in words ("PDF，共12页"), set by the task that made it; lists of rows say rows instead.
    summary = models.CharField(_("what was produced"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The last sign of life of the worker (status, progress, or org.jobs.heartbeat while it runs); QuerySet.update()
    # callers set it themselves.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # How often a job whose worker died was sent again (org.jobs.jobs_recover_stale); past the limit it fails.
    attempts = models.PositiveSmallIntegerField(_("resumed"), default=0)
    # Set when the clean-up job removed the file after its retention period (org.retention); the row stays.
    file_removed_at = models.DateTimeField(_("file removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        """The kind in words: the admin and the job page never show the code (issue 17)."""
        return str(EXPORT_KINDS.get(self.kind, _("Export")))

    @property
    def worker_lost(self) -> bool:
        """Marked failed because its worker stopped answering (export_jobs_fail_stale): the user generates it again."""
        return self.status == self.Status.FAILED and self.error.startswith(self.WORKER_LOST)

    @property
    def is_waiting_for_broker(self) -> bool:
        """Requested while the broker was down (org.services.export_job_enqueue); it will be sent again."""
        return self.status == self.Status.PENDING and self.error.startswith(self.BROKER_DOWN)

    @property
    def file_removed(self) -> bool:
        return self.file_removed_at is not None and not self.file

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0


# Models kept in modules of their own, next to the code that uses them.
from org.holding import HeldUpload  # noqa: E402,F401
from org.idempotency import IdempotencyKey  # noqa: E402,F401


class BureauSettings(models.Model):
    """A bureau's own rules (本局设置), kept on its top org unit and edited by its administrators.

    A hazard follows the settings of the nearest unit above it that has some (hazards.duties.rules_for);
    without any it follows the defaults below.
    """

    class Separation(models.TextChoices):
        PERSON = "person", _("Another person")
        ROLE = "role", _("Someone of another role")
        LEVEL = "level", _("Someone at another org level")

    org_unit = models.OneToOneField(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.CASCADE, related_name="bureau_settings"
    )
    # 复查 and 销号 by whom, compared with the person who reported the rectification (hazards.duties).
    reinspection_by = models.CharField(
        _("re-inspection and closing by"), max_length=10, choices=Separation.choices, default=Separation.PERSON
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bureau settings")
        verbose_name_plural = _("bureau settings")

    def __str__(self) -> str:
        return str(self.org_unit)
