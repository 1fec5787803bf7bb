"""What every URL of the portal answers to every kind of visitor (tests/test_permission_matrix.py).

One row per named URL in the URLconf (the admin excepted): the method the matrix uses, the records
its URL keywords name (``@key`` is ``world[key].pk``, anything else a literal slug), and six answers,
in the order of ``VISITORS``:

    anonymous · township staff of the record's township · township staff of another township ·
    enforcement officer · bureau leader · office clerk (the last three city-wide)

    L  302 to the login page            D  403: the role may not do this
    O  answered (200, a redirect, or 400 for an empty form)
    H  404: outside the visitor's area, or not theirs (an export job, an upload)

A URL added to the URLconf without a row here fails test_every_url_has_a_row_in_the_table.
"""

from __future__ import annotations

GET, POST = "GET", "POST"
VISITORS = ("anonymous", "staff_own", "staff_other", "officer", "leader", "clerk")

TABLE: dict[str, tuple[str, dict[str, str], str]] = {
    # project
    "home": (GET, {}, "L O O O O O"),
    "healthz": (GET, {}, "O O O O O O"),
    "service_worker": (GET, {}, "O O O O O O"),
    "login": (GET, {}, "O O O O O O"),
    "logout": (POST, {}, "O O O O O O"),
    "password_change": (GET, {}, "L O O O O O"),
    "password_change_done": (GET, {}, "L O O O O O"),
    "set_language": (POST, {}, "O O O O O O"),
    # org
    "org:notifications": (GET, {}, "L O O O O O"),
    "org:notifications_read": (POST, {}, "L O O O O O"),
    "org:bureau_settings": (GET, {}, "L D D D D D"),
    "org:export_job": (GET, {"pk": "@export_job"}, "L O H H H H"),
    "org:export_job_download": (GET, {"pk": "@export_job"}, "L O H H H H"),
    # enterprises: every role reads the register of its area; leaders do not keep it
    "enterprises:list": (GET, {}, "L O O O O O"),
    "enterprises:export": (GET, {}, "L O O O O O"),
    "enterprises:search": (GET, {}, "L O O O O O"),
    "enterprises:enterprise_import": (GET, {}, "L O O O D O"),
    "enterprises:enterprise_import_template": (GET, {}, "L O O O D O"),
    "enterprises:enterprise_import_confirm": (POST, {}, "L O O O D O"),
    "enterprises:enterprise_import_progress": (GET, {}, "L O O O D O"),
    "enterprises:create": (GET, {}, "L O O O D O"),
    "enterprises:detail": (GET, {"pk": "@enterprise"}, "L O H O O O"),
    "enterprises:poster": (GET, {"pk": "@enterprise"}, "L O H O O O"),
    "enterprises:edit": (GET, {"pk": "@enterprise"}, "L O H O D O"),
    # hazards
    "hazards:list": (GET, {}, "L O O O O O"),
    "hazards:create": (GET, {}, "L O O O D D"),
    "hazards:hints": (POST, {}, "L O O O O O"),
    "hazards:criteria": (GET, {}, "L O O O O O"),
    "hazards:criterion_options": (GET, {}, "L O O O O O"),
    "hazards:criterion_suggestions": (GET, {}, "L O O O O O"),
    "hazards:export": (POST, {}, "L O O O O O"),
    "hazards:import": (GET, {}, "L O O O D D"),
    "hazards:import_template": (GET, {}, "L O O O D D"),
    "hazards:import_confirm": (POST, {}, "L O O O D D"),  # without its signed check: 400
    "hazards:import_progress": (GET, {}, "L O O O D D"),  # no job of the visitor's own: to the upload page
    "hazards:detail": (GET, {"pk": "@hazard"}, "L O H O O O"),
    "hazards:edit": (GET, {"pk": "@hazard"}, "L O H O D D"),
    "hazards:notice_pdf": (GET, {"pk": "@hazard"}, "L O H O O O"),
    "hazards:photo": (GET, {"pk": "@hazard", "photo_pk": "@photo"}, "L O H O O O"),
    "hazards:action": (POST, {"pk": "@hazard", "action": "assign"}, "L O H O O O"),
    # the enterprise level: only enterprise users open their own pages (tests/enterprises/test_enterprise_users.py
    # walks this table as one); the township decides self-reports (no pending one here: 404 in scope)
    "hazards:enterprise_home": (GET, {}, "L D D D D D"),
    "hazards:enterprise_hazard": (GET, {"pk": "@hazard"}, "L D D D D D"),
    "hazards:enterprise_photo": (GET, {"pk": "@hazard", "photo_pk": "@photo"}, "L D D D D D"),
    "hazards:enterprise_self_report": (GET, {}, "L D D D D D"),
    "hazards:self_reports": (GET, {}, "L O O O D D"),
    "hazards:self_report_decide": (GET, {"pk": "999999"}, "L H H H D D"),
    # floodprep
    "floodprep:readiness": (GET, {}, "L O O O O O"),
    "floodprep:persons_export": (POST, {}, "L O O O O O"),
    "floodprep:persons_import": (GET, {}, "L O O D D D"),
    "floodprep:persons_import_template": (GET, {}, "L O O D D D"),
    "floodprep:persons_import_confirm": (POST, {}, "L O O D D D"),  # without its signed check: 400
    "floodprep:persons_import_progress": (GET, {}, "L O O D D D"),  # no job of the visitor's own: to the upload page
    "floodprep:persons": (GET, {}, "L O O O O O"),
    "floodprep:person_create": (GET, {}, "L O O D D D"),
    "floodprep:person_edit": (GET, {"pk": "@flood_person"}, "L O H D D D"),
    "floodprep:person": (GET, {"pk": "@flood_person"}, "L O H O O O"),
    "floodprep:person_checkin": (POST, {"pk": "@flood_person"}, "L O H D D D"),
    "floodprep:risk_points": (GET, {}, "L O O O O O"),
    "floodprep:risk_point_create": (GET, {}, "L O O D D D"),
    "floodprep:risk_point_edit": (GET, {"pk": "@flood_risk_point"}, "L O H D D D"),
    "floodprep:risk_point": (GET, {"pk": "@flood_risk_point"}, "L O H O O O"),
    "floodprep:inspections": (GET, {}, "L O O O O O"),
    "floodprep:inspection_create": (GET, {}, "L O O D D D"),
    "floodprep:inspection": (GET, {"pk": "@flood_inspection"}, "L O H O O O"),
    "floodprep:inspection_counts": (POST, {"pk": "@flood_inspection"}, "L O H D D D"),
    "floodprep:inspection_link_hazard": (POST, {"pk": "@flood_inspection"}, "L O H D D D"),
    "floodprep:warehouses": (GET, {}, "L O O O O O"),
    "floodprep:warehouse_create": (GET, {}, "L O O D D D"),
    "floodprep:warehouse": (GET, {"pk": "@flood_warehouse"}, "L O H O O O"),
    "floodprep:warehouse_stock": (POST, {"pk": "@flood_warehouse"}, "L O H D D D"),
    "floodprep:shortfalls": (GET, {}, "L O O O O O"),
    "floodprep:teams": (GET, {}, "L O O O O O"),
    "floodprep:team_create": (GET, {}, "L O O D D D"),
    "floodprep:team_edit": (GET, {"pk": "@flood_team"}, "L O H D D D"),
    "floodprep:shelters": (GET, {}, "L O O O O O"),
    "floodprep:shelter_create": (GET, {}, "L O O D D D"),
    "floodprep:shelter_edit": (GET, {"pk": "@flood_shelter"}, "L O H D D D"),
    "floodprep:drills": (GET, {}, "L O O O O O"),
    "floodprep:drill_create": (GET, {}, "L O O D D D"),
    "floodprep:patrols": (GET, {}, "L O O O O O"),
    "floodprep:patrol_create": (GET, {}, "L O O D D D"),
    # enforcement
    "enforcement:index": (GET, {}, "O O O O O O"),
    "enforcement:inspection_list": (GET, {}, "L O O O O O"),
    "enforcement:inspection_create": (GET, {}, "L D D O D D"),
    "enforcement:inspection_visit_warnings": (GET, {}, "L D D O D D"),
    "enforcement:inspection_detail": (GET, {"pk": "@enf_inspection"}, "L O H O O O"),
    "enforcement:inspection_edit": (GET, {"pk": "@enf_inspection"}, "L D H O D D"),
    "enforcement:inspection_document": (POST, {"pk": "@enf_inspection", "kind": "inspection_record"}, "L D H O D D"),
    "enforcement:inspection_action": (POST, {"pk": "@enf_inspection", "action": "finding"}, "L D H O D D"),
    "enforcement:case_list": (GET, {}, "L O O O O O"),
    "enforcement:case_create": (GET, {}, "L D D O D D"),
    "enforcement:case_detail": (GET, {"pk": "@enf_case"}, "L O H O O O"),
    "enforcement:case_edit": (GET, {"pk": "@enf_case"}, "L D H O D D"),
    "enforcement:case_document": (POST, {"pk": "@enf_case", "kind": "filing_approval"}, "L D H O D D"),
    "enforcement:case_action": (POST, {"pk": "@enf_case", "action": "investigate"}, "L D H O D D"),
    "enforcement:document": (GET, {"pk": "@enf_document"}, "L O H O O O"),
    "enforcement:joint_action_list": (GET, {}, "L O O O O O"),
    "enforcement:joint_action_create": (GET, {}, "L D D O D D"),
    "enforcement:joint_action_detail": (GET, {"pk": "@enf_joint"}, "L O O O O O"),
    "enforcement:my_work": (GET, {}, "L D D O D D"),
    "enforcement:figures": (GET, {}, "L O O O O O"),
    # inspections within limits: everyone reads the use of the caps in their area; leaders keep caps and plans
    "enforcement:limits_usage": (GET, {}, "L O O O O O"),
    "enforcement:limits_caps": (GET, {}, "L D D O O O"),
    "enforcement:limits_cap_create": (GET, {}, "L D D D O D"),
    "enforcement:limits_cap_edit": (GET, {"pk": "@inspection_cap"}, "L D D D O D"),
    "enforcement:limits_plans": (GET, {}, "L D D O O O"),
    "enforcement:limits_plan_create": (GET, {}, "L D D D O D"),
    "enforcement:limits_plan": (GET, {"pk": "@inspection_plan"}, "L D D O O O"),
    "enforcement:limits_plan_edit": (GET, {"pk": "@inspection_plan"}, "L D D D O D"),
    "enforcement:limits_plan_draw": (POST, {"pk": "@inspection_plan"}, "L D D D O D"),
    # responsibility
    "responsibility:overview": (GET, {}, "L O O O O O"),
    "responsibility:letter_sign": (GET, {"pk": "@duty_letter"}, "L O H D O O"),
    "responsibility:letter_scan": (GET, {"pk": "@duty_letter"}, "L O H O O O"),
    "responsibility:ranking_list": (GET, {}, "L O O O O O"),
    "responsibility:ranking_compute": (POST, {}, "L D D D O O"),
    "responsibility:scheme_rules": (GET, {}, "L O O O O O"),
    "responsibility:ranking_detail": (GET, {"pk": "@duty_ranking"}, "L H H O O O"),
    "responsibility:ranking_publish": (POST, {"pk": "@duty_ranking"}, "L H H D O O"),
    "responsibility:ranking_discard": (POST, {"pk": "@duty_ranking"}, "L H H D O O"),
    "responsibility:ranking_bulletin": (GET, {"pk": "@duty_ranking"}, "L H H H O O"),
    "responsibility:ranking_bulletin_pdf": (GET, {"pk": "@duty_ranking"}, "L H H H O O"),
    "responsibility:township_history": (GET, {"pk": "@township"}, "L O H O O O"),
    "responsibility:committee_list": (GET, {}, "L O O O O O"),
    "responsibility:committee_create": (GET, {}, "L D D D O O"),
    "responsibility:committee_edit": (GET, {"pk": "@duty_committee"}, "L D H D O O"),
    "responsibility:letter_list": (GET, {}, "L O O O O O"),
    "responsibility:letter_create": (GET, {}, "L O O D O O"),
    "responsibility:letter_edit": (GET, {"pk": "@duty_letter"}, "L O H D O O"),
    "responsibility:meeting_list": (GET, {}, "L O O O O O"),
    "responsibility:meeting_create": (GET, {}, "L O O O O O"),
    "responsibility:meeting_edit": (GET, {"pk": "@duty_meeting"}, "L O H O O O"),
    "responsibility:inspection_list": (GET, {}, "L O O O O O"),
    "responsibility:inspection_create": (GET, {}, "L O O O O O"),
    "responsibility:inspection_edit": (GET, {"pk": "@duty_inspection"}, "L O H O O O"),
    "responsibility:interview_list": (GET, {}, "L O O O O O"),
    "responsibility:interview_create": (GET, {}, "L O O O O O"),
    "responsibility:interview_edit": (GET, {"pk": "@duty_interview"}, "L O H O O O"),
    "responsibility:accident_list": (GET, {}, "L O O O O O"),
    "responsibility:accident_create": (GET, {}, "L O O O O O"),
    "responsibility:accident_edit": (GET, {"pk": "@duty_accident"}, "L O H O O O"),
    "responsibility:publicity_list": (GET, {}, "L O O O O O"),
    "responsibility:publicity_create": (GET, {}, "L O O O O O"),
    "responsibility:publicity_edit": (GET, {"pk": "@duty_publicity"}, "L O H O O O"),
    # reports
    "reports:list": (GET, {}, "L D D D O O"),
    "reports:dashboard": (GET, {}, "L D D O O O"),
    "reports:township_dashboard": (GET, {}, "L O O O O O"),
    "reports:township_dossier": (GET, {"pk": "@township"}, "L O H O O O"),
    "reports:create": (GET, {}, "L D D D D O"),
    "reports:detail": (GET, {"pk": "@report"}, "L D D D O O"),
    "reports:narrative": (POST, {"pk": "@report"}, "L D D D O O"),
    "reports:section": (GET, {"pk": "@report", "key": "hazards"}, "L D D D O O"),
    "reports:generate": (POST, {"pk": "@report", "kind": "pdf"}, "L D D D O O"),
    "reports:file": (GET, {"pk": "@report", "job_pk": "@report_file"}, "L D D D O O"),
    "reports:action": (POST, {"pk": "@report", "action": "submit"}, "L D D D O O"),
    "reports:problem_accept": (POST, {"pk": "@report"}, "L D D D D O"),
    "reports:items": (POST, {"pk": "@report"}, "L D D D D O"),
    "reports:comment": (POST, {"pk": "@report"}, "L D D D O O"),
    "reports:sentences": (POST, {"pk": "@report", "key": "hazards"}, "L D D D D O"),
    # responsibility: complaints and tip-offs, non-production-safety incidents, safety investments (issue 15)
    "responsibility:complaint_list": (GET, {}, "L O O O O O"),
    "responsibility:complaint_create": (GET, {}, "L O O O O O"),
    "responsibility:complaint_edit": (GET, {"pk": "@duty_complaint"}, "L O H O O O"),
    "responsibility:incident_list": (GET, {}, "L O O O O O"),
    "responsibility:incident_create": (GET, {}, "L O O O O O"),
    "responsibility:incident_edit": (GET, {"pk": "@duty_incident"}, "L O H O O O"),
    "responsibility:investment_list": (GET, {}, "L O O O O O"),
    "responsibility:investment_create": (GET, {}, "L O O O O O"),
    "responsibility:investment_edit": (GET, {"pk": "@duty_investment"}, "L O H O O O"),
}

# hazards: bulk re-inspection and closing from the ledger (an empty POST goes back to the ledger)
TABLE["hazards:bulk_close"] = (POST, {}, "L O O O D D")

# responsibility: department returns and bureau-defined indicators (issue 15). The return belongs to 城关街道:
# its own staff fill in and submit it; the office above reviews it; the period page and the indicators are the
# bureau's (leaders and administrators define indicators).
TABLE.update(
    {
        "responsibility:return_list": (GET, {}, "L O O O O O"),
        "responsibility:return_create": (GET, {}, "L O O O O O"),
        "responsibility:return_detail": (GET, {"pk": "@duty_return"}, "L O H O O O"),
        "responsibility:return_edit": (GET, {"pk": "@duty_return"}, "L O H D D D"),
        "responsibility:return_submit": (POST, {"pk": "@duty_return"}, "L O H D D D"),
        "responsibility:review_accept": (POST, {"pk": "@duty_return"}, "L D H D O O"),
        "responsibility:review_send_back": (POST, {"pk": "@duty_return"}, "L D H D O O"),
        "responsibility:period_create": (GET, {}, "L D D D O O"),
        "responsibility:period_detail": (GET, {"pk": "@duty_period"}, "L H H D O O"),
        "responsibility:indicator_list": (GET, {}, "L D D D O O"),
        "responsibility:indicator_create": (GET, {}, "L D D D O D"),
        "responsibility:indicator_edit": (GET, {"pk": "@duty_indicator"}, "L H H D O D"),
    }
)

# hazards: special campaigns (issue 15) are the bureau's; leaders (and administrators) write them, all read them
TABLE["hazards:campaign_list"] = (GET, {}, "L O O O O O")
TABLE["hazards:campaign_create"] = (GET, {}, "L D D D O D")
TABLE["hazards:campaign_edit"] = (GET, {"pk": "@campaign"}, "L D D D O D")

# responsibility: backlog imports from Excel (issue 15), the roles of the records' own create pages. A confirm
# without its signed check is a 400; the progress page shows only the visitor's own import jobs, and without
# one sends the visitor to the upload page.
for _kind in ("accident", "meeting", "publicity"):
    TABLE[f"responsibility:{_kind}_import"] = (GET, {}, "L O O O O O")
    TABLE[f"responsibility:{_kind}_import_template"] = (GET, {}, "L O O O O O")
    TABLE[f"responsibility:{_kind}_import_confirm"] = (POST, {}, "L O O O O O")
    TABLE[f"responsibility:{_kind}_import_progress"] = (GET, {}, "L O O O O O")

# enforcement: backlog imports of penalty cases and of inspections with their findings (issue 15): officers,
# who record them, and clerks, who enter the backlog. A confirm without its signed check is a 400; the progress
# page shows only the visitor's own import jobs, and without one sends the visitor to the upload page.
for _kind in ("case", "inspection"):
    TABLE[f"enforcement:{_kind}_import"] = (GET, {}, "L D D O D O")
    TABLE[f"enforcement:{_kind}_import_template"] = (GET, {}, "L D D O D O")
    TABLE[f"enforcement:{_kind}_import_confirm"] = (POST, {}, "L D D O D O")
    TABLE[f"enforcement:{_kind}_import_progress"] = (GET, {}, "L D D O D O")
