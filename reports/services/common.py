"""What every write to a summary shares: who may write, the frozen and submitted states, versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org.models import Role, User
from org.scoping import user_has_role
from reports.models import ReportVersion, SummaryReport

WRITERS = (Role.CLERK, Role.ADMIN)
APPROVERS = (Role.LEADER, Role.ADMIN)


@dataclass(frozen=True)
class TheirVersion:
    """What someone else saved over the text a writer started from."""

    text: str
    by: str
    at: dt.datetime | None


class EditConflict(ValidationError):
    """Someone else saved the same text since the writer loaded it: keep both, let her merge.

    ``theirs``: field name → their version. The writer's own typed text stays in her form.
    """

    def __init__(self, theirs: dict[str, TheirVersion]) -> None:
        self.theirs = theirs
        super().__init__(
            {
                name: _(
                    "Someone else saved this text in the meantime: their version is shown beside "
                    "yours. Merge the two, then save again."
                )
                for name in theirs
            }
        )


def require(user: User, roles: tuple[str, ...]) -> None:
    if not user_has_role(user, roles):
        raise ValidationError(_("Your role may not do this."))


def ensure_editable(report: SummaryReport) -> None:
    """Approved is frozen; submitted is locked for the writers until a leader sends it back."""
    if report.is_frozen:
        raise ValidationError(
            _("This report was approved by %(who)s on %(when)s and is frozen; a leader must reopen it first.")
            % {"who": report.approved_by, "when": date_format(timezone.localtime(report.approved_at), "Y-m-d H:i")}
        )
    if report.status == SummaryReport.Status.SUBMITTED:
        raise ValidationError(_("This report is submitted for approval and locked; a leader can send it back."))


def check_version(report: SummaryReport, version: int | None) -> None:
    """The whole-report check, for writes that change more than one text (choices, redrafts)."""
    if version is not None and version != report.version:
        raise ValidationError(
            _("Someone else saved this report in the meantime (now version %(now)s). Reload to see their changes.")
            % {"now": report.version}
        )


def snapshot(report: SummaryReport, user: User | None, note: str) -> None:
    sections = {s.key: {"heading": s.heading, "body": s.body} for s in report.sections.all()}
    ReportVersion.objects.create(
        report=report,
        number=report.version,
        created_by=user,
        note=note[:200],
        snapshot={"title": report.title, "problems": report.problems, "plans": report.plans, "sections": sections},
    )


def bump(report: SummaryReport, user: User | None, note: str, fields: list[str]) -> None:
    report.version += 1
    report.save(update_fields=[*fields, "version", "updated_at"])
    snapshot(report, user, note)


def part_name(heading: str, key: str) -> str:
    """How the history names a part: its heading, or what the opening is."""
    return heading or (_("opening paragraph") if key == "opening" else key)
