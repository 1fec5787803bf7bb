from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from org.models import ExportJob, OrgUnit, User
from reports.models import SummaryReport


def report_list(*, user: User, status: str = "") -> QuerySet[SummaryReport]:
    """The user's summaries; ``status`` (one of SummaryReport.Status, else ignored) narrows them: 我的待办 links."""
    qs = SummaryReport.objects.visible_to(user).select_related("scope", "created_by", "approved_by")
    return qs.filter(status=status) if status in SummaryReport.Status.values else qs


def report_scopes(*, user: User) -> QuerySet[OrgUnit]:
    """A summary covers a city or a district."""
    return OrgUnit.objects.visible_to(user).filter(kind__in=[OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT])


def report_files(*, report: SummaryReport) -> QuerySet[ExportJob]:
    """Every PDF and annex produced for a report, with who made it and when."""
    return ExportJob.objects.filter(kind__startswith="reports.", params__report=report.pk).select_related("owner")


def previous_report(*, report: SummaryReport) -> SummaryReport | None:
    return (
        SummaryReport.objects.filter(scope=report.scope, period_end__lt=report.period_start)
        .order_by("-period_end")
        .first()
    )


# --- History ------------------------------------------------------------------------------------------------

CONTEXT = 12  # characters of unchanged text kept either side of a change


def text_diff(before: str, after: str) -> list[tuple[str, str]]:
    """A readable diff of two texts: ("same" | "del" | "ins", text) segments, long unchanged runs shortened."""
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            same = before[a0:a1]
            if len(same) > 2 * CONTEXT:
                same = (same[:CONTEXT] if out else "") + "…" + (same[-CONTEXT:] if a1 < len(before) else "")
            out.append(("same", same))
            continue
        if a1 > a0:
            out.append(("del", before[a0:a1]))
        if b1 > b0:
            out.append(("ins", after[b0:b1]))
    return out


def _texts(snapshot: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Key → (what the history calls it, its text), for every text a snapshot keeps."""
    texts = {"title": (str(_("Title")), snapshot.get("title", ""))}
    for key, part in (snapshot.get("sections") or {}).items():
        name = part.get("heading") or (str(_("opening paragraph")) if key == "opening" else key)
        texts[f"section:{key}"] = (name, part.get("body", ""))
    for key, label in (("problems", _("Main problems")), ("plans", _("Plans"))):
        texts[key] = (str(label), snapshot.get(key, ""))
    return texts


@dataclass
class HistoryEntry:
    number: int
    who: str
    when: Any
    note: str
    changes: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def version_history(*, report: SummaryReport, limit: int = 10) -> list[HistoryEntry]:
    """The latest versions, newest first, each with who, when, what and a diff of every text it changed."""
    versions = list(report.versions.select_related("created_by")[: limit + 1])
    entries = []
    for version, previous in zip(versions, [*versions[1:], None], strict=False):
        entry = HistoryEntry(version.number, str(version.created_by or "—"), version.created_at, version.note)
        if previous is not None:
            now, before = _texts(version.snapshot), _texts(previous.snapshot)
            for key, (name, text) in now.items():
                old = before.get(key, (name, ""))[1]
                if text != old:
                    entry.changes.append((name, text_diff(old, text)))
        entries.append(entry)
    return entries[:limit]
