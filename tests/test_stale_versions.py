"""No lost update anywhere (issue 17): the stale-version test, built from the URLconf.

Every URL of the portal (the admin excepted) that names a record with ``<int:pk>`` is recognised here, one way
or the other: it is an edit, with a scenario in EDITS, or it is something else, with the reason in NOT_EDITS.
A URL in neither fails test_every_url_with_a_record_is_known, so a new edit view cannot join the URLconf
unnoticed; a URL whose name ends in ``edit`` may not be written off as something else. Views with an action in
the URL (``<slug:action>``) are counted once per action their ACTION_FORMS table names.

What counts as an edit: a POST that overwrites fields of an existing record with what a form showed and the
user typed over (edit forms, the 五落实 and follow-up counts, a letter's signing, a summary's texts). Steps of a
loop (assign, decide, submit, publish …) are not: their service allows a step only from the state it starts
from, under the row lock, so the second of two is refused anyway. Nor are writes that add something new next
to the record (a finding, a document, a check-in, a comment) or that read it.

Each edit is driven as two people would drive it: the editor opens the form; a colleague of the same unit and
role opens it too and saves a change; the editor then saves her own change from the page she opened. That save
must answer 409 with the colleague's name and the value he saved, and leave his change in the database; the
form she gets back saves her change when she sends it again (a deliberate overwrite).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from enforcement.views.cases import ACTION_FORMS as CASE_ACTIONS
from enforcement.views.inspections import ACTION_FORMS as INSPECTION_ACTIONS
from hazards.views.ledger import ACTION_FORMS as HAZARD_ACTIONS
from tests.factories.org import UserFactory
from tests.permission_world import (  # noqa: F401  (the records every URL points at)
    bureau_unit,
    enforcement_records,
    flood_records,
    pair,
    partner,
    responsibility_records,
    today,
    world,
)

ACTIONS_OF: dict[str, Iterable[str]] = {
    "hazards:action": HAZARD_ACTIONS,
    "enforcement:inspection_action": INSPECTION_ACTIONS,
    "enforcement:case_action": CASE_ACTIONS,
}


@dataclass(frozen=True)
class Edit:
    record: str  # the key of the record in tests/permission_world.world
    editor: str  # the fixture of the person who edits it (a colleague of the same unit and role is made)
    field: str  # the field both change, to "mine" and "theirs"
    page: str = ""  # the URL name of the page the form is on; the edit URL itself when empty
    kwargs: tuple[tuple[str, str], ...] = ()  # further URL keywords (action, key)
    mine: str = "我方修改的内容"
    theirs: str = "同事先保存的内容"
    # What the shared record lacks for this edit (the world's case was made without the officer who filed it).
    prepare: Callable[[Any, Any], Any] | None = None
    # Where the field is kept, when not on the record itself (a summary's paragraph).
    holder: Callable[[Any], Any] | None = None


def _major(hazard, _editor) -> None:
    # The 五落实 form is on the page of a major hazard under rectification.
    type(hazard).objects.filter(pk=hazard.pk).update(level="major", status="rectifying")


def _hazards_part(report) -> Any:
    return report.sections.get(key="hazards")


def _filed_by(case, editor) -> None:
    type(case).objects.filter(pk=case.pk).update(filed_by=editor)


EDITS: dict[str, Edit] = {
    "hazards:edit": Edit("hazard", "township_a_staff", "place_name"),
    "enterprises:edit": Edit("enterprise", "township_a_staff", "address"),
    "hazards:action[five]": Edit(
        "hazard",
        "township_a_staff",
        "five_measures",
        page="hazards:detail",
        kwargs=(("action", "five"),),
        prepare=_major,
    ),
    "hazards:campaign_edit": Edit("campaign", "city_leader", "description"),
    "enforcement:inspection_edit": Edit("enf_inspection", "officer", "address"),
    "enforcement:case_edit": Edit("enf_case", "officer", "facts", prepare=_filed_by),
    "enforcement:limits_cap_edit": Edit("inspection_cap", "city_leader", "note"),
    "enforcement:limits_plan_edit": Edit("inspection_plan", "city_leader", "note"),
    "floodprep:person_edit": Edit("flood_person", "township_a_staff", "note"),
    "floodprep:risk_point_edit": Edit("flood_risk_point", "township_a_staff", "monitoring_notes"),
    "floodprep:team_edit": Edit("flood_team", "township_a_staff", "equipment"),
    "floodprep:shelter_edit": Edit("flood_shelter", "township_a_staff", "address"),
    "floodprep:inspection_counts": Edit("flood_inspection", "township_a_staff", "note", page="floodprep:inspection"),
    "responsibility:committee_edit": Edit("duty_committee", "city_leader", "duties"),
    "responsibility:letter_edit": Edit("duty_letter", "city_leader", "note"),
    "responsibility:letter_sign": Edit(
        "duty_letter", "township_a_staff", "signed_on", mine="2026-03-02", theirs="2026-03-01"
    ),
    "responsibility:meeting_edit": Edit("duty_meeting", "township_a_staff", "decisions"),
    "responsibility:inspection_edit": Edit("duty_inspection", "township_a_staff", "notes"),
    "responsibility:interview_edit": Edit("duty_interview", "township_a_staff", "outcome"),
    "responsibility:accident_edit": Edit("duty_accident", "township_a_staff", "description"),
    "responsibility:publicity_edit": Edit("duty_publicity", "township_a_staff", "notes"),
    "responsibility:complaint_edit": Edit("duty_complaint", "township_a_staff", "notes"),
    "responsibility:incident_edit": Edit("duty_incident", "township_a_staff", "description"),
    "responsibility:investment_edit": Edit("duty_investment", "township_a_staff", "project"),
    "responsibility:return_edit": Edit("duty_return", "township_a_staff", "notes"),
    "responsibility:indicator_edit": Edit("duty_indicator", "city_leader", "label"),
    "reports:narrative": Edit("report", "clerk", "problems", page="reports:detail"),
    "reports:section": Edit("report", "clerk", "body", kwargs=(("key", "hazards"),), holder=_hazards_part),
}

READS = "shows the record (GET only)"
STEP = "a step of its loop: allowed only from the state it starts from, under the row lock"
ADDS = "adds a new record beside it (nothing of the record is overwritten)"
NOT_EDITS: dict[str, str] = {
    "org:export_job": READS,
    "org:export_job_download": READS,
    "hazards:detail": READS,
    "enterprises:detail": READS,
    "enterprises:poster": READS,
    "hazards:notice_pdf": READS,
    "hazards:photo": READS,
    "hazards:action[assign]": STEP,
    "hazards:action[start]": STEP,
    "hazards:action[rectify]": STEP,
    "hazards:action[reinspect]": STEP,
    "hazards:action[send_back]": STEP,
    "hazards:action[supervise]": STEP,
    "floodprep:person": READS,
    "floodprep:person_checkin": ADDS + ": one check-in a day",
    "floodprep:risk_point": READS,
    "floodprep:inspection": READS,
    "floodprep:inspection_link_hazard": ADDS + ": a link, made once",
    "floodprep:warehouse": READS,
    "floodprep:warehouse_stock": "a count typed from scratch, not a value the form showed; the audit keeps the "
    "count it replaced",
    "enforcement:inspection_detail": READS,
    "enforcement:limits_plan": READS,
    "enforcement:limits_plan_draw": ADDS + ": a draw, with its own seed",
    "enforcement:inspection_document": ADDS + ": a numbered document, issued once",
    "enforcement:inspection_action[finding]": ADDS,
    "enforcement:inspection_action[order]": ADDS + ": one order an inspection",
    "enforcement:inspection_action[reinspect]": STEP,
    "enforcement:inspection_action[hazard]": ADDS + ": a finding is handed over once",
    "enforcement:case_detail": READS,
    "enforcement:case_document": ADDS + ": a numbered document, issued once",
    **{f"enforcement:case_action[{action}]": STEP for action in CASE_ACTIONS},
    "enforcement:document": READS,
    "enforcement:joint_action_detail": READS,
    "responsibility:letter_scan": READS,
    "responsibility:ranking_detail": READS,
    "responsibility:ranking_publish": STEP,
    "responsibility:ranking_discard": STEP,
    "responsibility:ranking_bulletin": READS,
    "responsibility:ranking_bulletin_pdf": READS,
    "responsibility:township_history": READS,
    "responsibility:return_detail": READS,
    "responsibility:return_submit": STEP + " (and it carries the version too)",
    "responsibility:review_accept": STEP + " (and it carries the version too)",
    "responsibility:review_send_back": STEP + " (and it carries the version too)",
    "responsibility:period_detail": READS,
    "reports:township_dossier": READS,
    "reports:detail": READS,
    "reports:sentences": "ticks, not typed text: the last choice saved holds (reports/views/summary.py)",
    "reports:items": "ticks, not typed text: the last choice saved holds (reports/views/summary.py)",
    "reports:generate": ADDS + ": an export job",
    "reports:file": READS,
    "reports:problem_accept": "appends a suggestion to the stored text, compared with the stored text",
    "reports:comment": ADDS,
    "reports:action": STEP,
    # An enterprise's own pages (issue 19): its rectification report and the township's decision on a self-report
    # are steps that carry the version too; the photo is read.
    "hazards:enterprise_hazard": STEP + " (and it carries the version too)",
    "hazards:enterprise_photo": READS,
    "hazards:self_report_decide": STEP + " (and it carries the version too)",
}


def _with_a_record(patterns, namespace: str = ""):
    """Names of every URL (admin excepted) with a ``pk``, one per action where the view has a table of them."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _with_a_record(
                entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            )
        elif isinstance(entry, URLPattern) and "pk" in entry.pattern.converters:
            name = f"{namespace}{entry.name}"
            if name in ACTIONS_OF:
                yield from (f"{name}[{action}]" for action in ACTIONS_OF[name])
            else:
                yield name


def test_every_url_with_a_record_is_known():
    # A new view with a pk fails here until it is an edit with a scenario, or written off with its reason.
    assert set(_with_a_record(get_resolver().url_patterns)) - set(EDITS) - set(NOT_EDITS) == set()


def test_every_edit_scenario_names_a_url():
    # (A row of NOT_EDITS may be written before its view lands: it only says what the view is not.)
    assert set(EDITS) - set(_with_a_record(get_resolver().url_patterns)) == set()


def test_no_url_is_both_an_edit_and_not_one():
    assert set(EDITS) & set(NOT_EDITS) == set()


def test_an_edit_page_by_its_name_is_not_written_off():
    assert {name for name in NOT_EDITS if name.split("[")[0].endswith("edit")} == set()


# --- Reading a form off the page, as a browser would -----------------------------------------------------------


class _Forms(HTMLParser):
    """Every <form> of a page: where it posts and the values a browser would send (files and buttons aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    @property
    def _fields(self) -> list[tuple[str, str]]:
        return self.forms[-1]["fields"]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            # htmx posts a form on submit to hx-post, unless hx-trigger gives it other events (live hints).
            hx_submit = a.get("hx-post") if "hx-trigger" not in a else ""
            self.forms.append({"action": a.get("action") or hx_submit or "", "fields": []})
        elif not self.forms or "name" not in a and tag in ("input", "select", "textarea"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("file", "submit", "button", "image", "reset"):
                self._fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._fields.append((self._textarea, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            name, text = self._fields[-1]
            # Browsers drop the one newline that follows <textarea>.
            self._fields[-1] = (name, text + (data[1:] if not text and data.startswith("\n") else data))


def _form_on(page: str, posts_to: str, opened_at: str) -> list[tuple[str, str]]:
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if (form["action"] or opened_at) == posts_to:
            return form["fields"]
    raise AssertionError(f"no form posting to {posts_to} on {opened_at}")


def _typed(fields: list[tuple[str, str]], name: str, value: str) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for key, item in fields:
        data.setdefault(key, []).append(item)
    assert name in data, f"{name} is not on the form: {sorted(data)}"
    data[name] = [value]
    return data


# --- The scenario, for every edit --------------------------------------------------------------------------------


@pytest.fixture
def scene(request, client_for):
    """(edit URL, form page URL, the editor's client, the colleague's client, the colleague, the record)."""

    def build(name: str) -> tuple[str, str, Any, Any, Any, Any]:
        edit = EDITS[name]
        record = request.getfixturevalue("world")[edit.record]
        editor = request.getfixturevalue(edit.editor)
        if edit.prepare:
            edit.prepare(record, editor)
        colleague = UserFactory.create(
            username="colleague", display_name="周同事", org_unit=editor.org_unit, role=editor.role
        )
        url = reverse(name.split("[")[0], kwargs={"pk": record.pk, **dict(edit.kwargs)})
        page = reverse(edit.page, kwargs={"pk": record.pk}) if edit.page else url
        return url, page, client_for(editor), client_for(colleague), colleague, record

    return build


def _stored(record: Any, name: str) -> str:
    edit = EDITS[name]
    holder = edit.holder(record) if edit.holder else record
    holder.refresh_from_db()
    return str(getattr(holder, edit.field))


def _open(client, page: str, url: str) -> list[tuple[str, str]]:
    response = client.get(page)
    assert response.status_code == 200
    return _form_on(response.content.decode(), url, page)


def _errors(response) -> str:
    """What refused a save, for the failure message."""
    form = response.context.get("form") if response.context is not None else None
    forms = [form] if form is not None else []
    return "; ".join(str(form.errors.as_data()) for form in forms if hasattr(form, "errors"))


def _stale_save(scene, name: str):
    edit = EDITS[name]
    url, page, mine, theirs, colleague, record = scene(name)
    opened = _open(mine, page, url)
    saved = theirs.post(url, _typed(_open(theirs, page, url), edit.field, edit.theirs))
    # A page redirects after a save; a paragraph of the summary answers with itself (htmx).
    assert saved.status_code == (200 if name == "reports:section" else 302), _errors(saved)
    assert _stored(record, name) == edit.theirs  # the colleague's save went through
    return mine.post(url, _typed(opened, edit.field, edit.mine)), url, page, record, colleague


pytestmark = pytest.mark.django_db
EDIT_NAMES = sorted(EDITS)


@pytest.mark.parametrize("name", EDIT_NAMES)
def test_a_stale_save_is_refused_with_409(scene, name):
    response, _url, _page, _record, _colleague = _stale_save(scene, name)
    assert response.status_code == 409


@pytest.mark.parametrize("name", EDIT_NAMES)
def test_the_refusal_says_who_changed_what(scene, name):
    response, _url, _page, _record, colleague = _stale_save(scene, name)
    page = response.content.decode()
    assert colleague.display_name in page
    assert EDITS[name].theirs in page


@pytest.mark.parametrize("name", EDIT_NAMES)
def test_the_colleagues_change_is_kept(scene, name):
    _response, _url, _page, record, _colleague = _stale_save(scene, name)
    assert _stored(record, name) == EDITS[name].theirs


@pytest.mark.parametrize("name", EDIT_NAMES)
def test_saving_the_refused_form_again_is_a_deliberate_overwrite(scene, name):
    response, url, page, record, _colleague = _stale_save(scene, name)
    again = response.client.post(
        url, _typed(_form_on(response.content.decode(), url, page), EDITS[name].field, EDITS[name].mine)
    )
    assert again.status_code in (200, 302)
    assert _stored(record, name) == EDITS[name].mine
