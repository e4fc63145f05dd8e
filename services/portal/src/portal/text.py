"""Words for the services' codes (statuses, ratings, criteria, problem types), marked for the catalogue.

The services answer with stable codes; what a person reads comes from here, through the catalogue, so a
service's English `detail` text is never shown.
"""

from __future__ import annotations

from portal.web.i18n import N_, gettext

SERVICES = {
    "registration": N_("registration"),
    "awards": N_("awards"),
    "grievance": N_("complaints and denunciations"),
    "notify": N_("notices"),
}

REGISTRATION_STATUS = {
    "submitted": N_("Registered"),
    "withdrawn": N_("Withdrawn"),
    "verified": N_("Verified"),
}

NOMINATION_STATUS = {
    "submitted": N_("Submitted"),
    "incomplete": N_("Dossier incomplete"),
    "deferred": N_("Deferred (a complaint is being verified)"),
    "passed": N_("Passed by the council"),
    "vote_failed": N_("Not passed by the council"),
    "decided": N_("Awarded"),
    "forwarded": N_("Forwarded to the province"),
    "rejected": N_("Rejected"),
}

GRIEVANCE_STATUS = {
    "received": N_("Received"),
    "information": N_("Kept as information"),
    "accepted": N_("Accepted"),
    "refused": N_("Refused"),
    "suspended": N_("Suspended"),
    "resolved": N_("Resolved"),
    "withdrawn": N_("Withdrawn"),
    "closed": N_("Closed"),
}

GRIEVANCE_KIND = {"complaint": N_("Complaint"), "denunciation": N_("Denunciation")}

DEADLINE_KIND = {
    "acceptance": N_("Decision on acceptance"),
    "resolution": N_("Resolution"),
    "limitation": N_("Limitation period"),
    "intake": N_("Processing of the letter"),
    "acceptance_notice": N_("Notice of acceptance"),
    "publication": N_("Publication of the conclusion"),
    "forward": N_("Forwarding to the competent authority"),
    "further_review": N_("Review of the further denunciation"),
    "suspension_notice": N_("Notice of suspension"),
    "continuation_notice": N_("Notice of continuation"),
}

RATINGS = {
    "hoan_thanh_xuat_sac": N_("Excellently completed its tasks"),
    "hoan_thanh_tot": N_("Completed its tasks well"),
    "hoan_thanh": N_("Completed its tasks"),
    "khong_hoan_thanh": N_("Did not complete its tasks"),
}

NOMINEE_KIND = {"individual": N_("Individual"), "collective": N_("Collective"), "household": N_("Household")}

COMMENDATION_TYPE = {
    "cong_trang": N_("For achievements over the period"),
    "dot_xuat": N_("For an exceptional achievement"),
    "phong_trao": N_("For an emulation campaign"),
    "chuyen_de": N_("For a thematic campaign"),
}

DOSSIER_KIND = {
    "to_trinh": N_("Proposal letter (tờ trình)"),
    "bao_cao_thanh_tich": N_("Achievement report"),
    "bien_ban_binh_xet": N_("Minutes of the review meeting"),
    "ket_qua_bo_phieu": N_("Result of the secret ballot"),
    "xac_nhan_sang_kien": N_("Certification of the initiative"),
    "other": N_("Other document"),
}

CAMPAIGN_KIND = {"annual": N_("Annual"), "special": N_("Special"), "thematic": N_("Thematic")}

OUTCOME = {"passed": N_("Met"), "failed": N_("Not met"), "missing_evidence": N_("Evidence missing")}

CRITERIA = {
    "registration_optional": N_(
        "Registration for the campaign (required only when the campaign asks for it)"
    ),
    "cstdcs_meets_ldtt": N_("Meets the standard of Advanced Worker in the same year"),
    "cstdcs_one_of_four": N_(
        "Has at least one of: an excellent task rating, a recognized initiative, an accepted scientific work"
    ),
    "cstdcs_no_cap": N_("No percentage cap applies to this title"),
    "cstd_tinh_consecutive_cstdcs": N_(
        "Grassroots Emulation Fighter in each of the preceding years required"
    ),
    "cstd_tinh_province_initiative": N_("An initiative or work recognized with province-wide effect"),
    "ldtt_rating": N_("Task rating of 'completed well' or better in the year"),
    "ttldxs_rating": N_("The collective completed its tasks excellently"),
    "ttldxs_all_completed": N_("Every member of the collective completed their tasks"),
    "ttldxs_ldtt_share": N_("At least 70% of the members are Advanced Workers"),
    "ttldxs_one_cstdcs": N_("At least one member is a Grassroots Emulation Fighter"),
    "ttldtt_rating": N_("The collective completed its tasks well or better"),
    "ttldtt_ldtt_share": N_("At least 70% of the members are Advanced Workers"),
    "ttldtt_no_discipline": N_("No member was disciplined with a warning or more"),
    "co_tinh_cluster_leader": N_("Leading collective of its emulation cluster in the year"),
    "bang_khen_individual_consecutive": N_("Two consecutive years of the required titles or results"),
    "bang_khen_collective_consecutive": N_("Two consecutive years of excellent task completion"),
    "one_achievement_one_award": N_("The same achievement is not proposed for another award"),
    "special_awards_excluded": N_("Awards for exceptional achievements are not counted"),
    "no_lower_form_prerequisite": N_("No lower form of commendation is required first"),
    "maternity_leave_counts": N_("Maternity leave counts as working time"),
    "deferral_hold": N_("No complaint or denunciation is being verified"),
    "discipline_window": N_("No discipline period affects the years counted"),
    "dossier_complete": N_("The dossier has every required document"),
}

EVENT_TYPE = {
    "award.decided": N_("Result of commendation"),
    "award.cancelled": N_("Commendation cancelled"),
    "nomination.disclosed": N_("Nomination put on public disclosure"),
    "nomination.deferred": N_("Nomination deferred"),
    "nomination.resumed": N_("Nomination resumed"),
    "registration.submitted": N_("Registration received"),
    "registration.withdrawn": N_("Registration withdrawn"),
    "registration.verified": N_("Year-end results verified"),
    "grievance.received": N_("Complaint received"),
    "grievance.accepted": N_("Complaint accepted"),
    "grievance.extended": N_("Time limit extended"),
    "grievance.resolved": N_("Complaint resolved"),
}

OBJECTION_CHANNEL = {
    "letter": N_("Letter"),
    "in_person": N_("In person"),
    "email": N_("E-mail"),
    "portal": N_("Portal"),
    "grievance": N_("A complaint or denunciation"),
}

DELIVERY_CHANNEL = {"inbox": N_("Portal inbox"), "email": N_("E-mail"), "webhook": N_("Webhook")}

CANCELLATION_GROUND = {
    "fraudulent_achievements": N_("Achievements declared fraudulently"),
    "false_information": N_("False information in the dossier"),
    "unlawful_procedure": N_("Procedure against the law"),
    "violation_found": N_("A violation found by a complaint or denunciation"),
}

GRIEVANCE_OUTCOME = {
    "upheld": N_("Upheld"),
    "partly_upheld": N_("Partly upheld"),
    "rejected": N_("Rejected"),
}

TARGET_KIND = {
    "nomination": N_("Nomination"),
    "award": N_("Award"),
    "decision": N_("Decision"),
    "council_session": N_("Council session"),
    "association": N_("Association"),
    "person": N_("Person"),
    "discipline_decision": N_("Discipline decision"),
}

REFUSAL_REASON = {
    "limitation_expired": N_("The limitation period has expired"),
    "unsigned": N_("The letter is not signed"),
    "no_direct_interest": N_("The sender has no direct interest"),
    "not_competent": N_("Not within our competence"),
    "already_resolved": N_("Already resolved"),
    "before_court": N_("Before a court"),
    "unidentifiable_sender": N_("The sender cannot be identified"),
    "other": N_("Another reason"),
}

COMPLEXITY = {
    "multi_location": N_("Several places concerned"),
    "multi_issue": N_("Several issues"),
    "many_filers": N_("Many senders"),
    "foreign_element": N_("A foreign element"),
    "several_agencies": N_("Several agencies concerned"),
    "agencies_disagree": N_("The agencies disagree"),
    "conflicting_evidence": N_("The evidence conflicts"),
}

AUDIT_ACTION = {
    "received": N_("Letter received"),
    "acceptance": N_("Decision on acceptance"),
    "extension": N_("Time limit extended"),
    "suspension": N_("Case suspended"),
    "resumption": N_("Case resumed"),
    "resolution": N_("Case resolved"),
    "withdrawal": N_("Withdrawal recorded"),
    "publication": N_("Conclusion published"),
    "filer_read": N_("Identity of the filer read"),
    "summary_read": N_("Full text of the letter read"),
    "verifier_copy_read": N_("Copy for the verifiers read"),
    "sealed_attachment_read": N_("Sealed attachment read"),
    "attachment_added": N_("Attachment added"),
    "notice_sent": N_("Notice sent to the filer"),
    "informing_recorded": N_("Informing recorded"),
    "obstacle_accepted": N_("Obstacle to the limitation period accepted"),
    "competence_confirmed": N_("Competence confirmed"),
    "forwarding": N_("Letter forwarded"),
    "accused_informed": N_("Person denounced informed"),
}

# Problem types of the services (the `type` slug) and pydantic error kinds, as a person reads them.
PROBLEMS = {
    "already-registered": N_("Your association has already registered for this campaign."),
    "registration-deadline-passed": N_("The registration deadline of this campaign has passed."),
    "campaign-not-launched": N_("This campaign is not open yet."),
    "invalid-state": N_("This action is not possible in the record's current state."),
    "version-conflict": N_(
        "Someone changed this record meanwhile; the latest version is shown. Check it and send again."
    ),
    "precondition-required": N_("The record's version is missing; reload the page."),
    "invalid-assessment": N_(
        "The self-assessment must cover the collective and every registered member exactly once."
    ),
    "ineligible": N_("The nominee does not meet every criterion of law (see the report below)."),
    "unknown-award-type": N_("This award type is not in the catalogue."),
    "document-mismatch": N_("An uploaded document does not match the dossier; upload it again."),
    "payload-too-large": N_("The file is too large."),
    "unsupported-media-type": N_("This kind of file is not accepted (PDF, DOCX or ODT)."),
    "filer-required": N_("Give your name and a way to contact you."),
    "grievance-rule": N_("The letter breaks a rule of the law on complaints and denunciations."),
    "forbidden": N_("Your account may not do this."),
    "not-found": N_("The record does not exist, or you may not see it."),
    "conflict": N_("The record has changed meanwhile; reload the page and try again."),
    "unprocessable": N_("The service did not accept the data."),
    "validation-failed": N_("Some fields are not valid; see the messages beside them."),
    "already-voted": N_("You have already voted on this nomination; a ballot cannot be cast twice."),
    "recused": N_("You are recused: the nomination comes from your own association."),
    "not-on-agenda": N_("This nomination is not on the session's agenda."),
    "not-on-roster": N_("You are not on the roster of this session."),
    "session-closed": N_("The session is closed; no more votes are counted."),
    "not-disclosable": N_("This nomination cannot be put on public disclosure in its current state."),
    "award-cancelled": N_("This award has already been cancelled."),
}

FIELD_ERRORS = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This field is required."),
    "string_too_long": N_("This text is too long."),
    "string_pattern_mismatch": N_("The value does not have the expected form."),
    "int_parsing": N_("Enter a whole number."),
    "greater_than_equal": N_("The number is too small."),
    "less_than_equal": N_("The number is too large."),
    "date_from_datetime_parsing": N_("Enter a date as dd/mm/yyyy."),
    "date_parsing": N_("Enter a date as dd/mm/yyyy."),
    "literal_error": N_("Choose one of the offered values."),
    "too_long": N_("Too many entries."),
    "too_short": N_("Add at least one entry."),
    "extra_forbidden": N_("This field is not accepted."),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated word for `code` in `table`, or the code itself when the table does not know it."""
    if code is None:
        return ""
    known = table.get(code)
    return gettext(known) if known else code


def problem_message(slug: str) -> str:
    """What to tell the user about a problem type."""
    known = PROBLEMS.get(slug)
    return (
        gettext(known)
        if known
        else gettext(N_("The service refused the request (code: %(code)s)."), code=slug)
    )


def field_message(kind: str) -> str:
    """What to tell the user about one field's error kind."""
    known = FIELD_ERRORS.get(kind)
    return gettext(known) if known else gettext(N_("This value is not accepted."))
