"""What kind of data every model field holds (RELIABILITY.md SEC-DP-04, GDPR art. 30 and 32).

Four classes:

- ``public``: reference data, codes, states, counters, times and links between rows; nothing
  about a person or a firm's trouble by itself.
- ``personal``: identifies or contacts a person (names, e-mail, phone, address of a sole trader,
  usernames, network addresses, who did what).
- ``financial``: sensitive financial or business-health data about a firm (annual-account figures,
  health, arrears, liquidity, cash flow, scores' inputs).
- ``confidential``: free text in which people tell us things (notes, open answers, questions,
  reasons); treat as possibly holding personal and health-of-business data.

Every concrete field of every belronde model is listed here exactly once
(``tests/security/test_data_classification.py`` fails on a new, unlisted field). The registry
drives the log scrubber: a log record's extra value under the name of a field that is not
public is replaced by ``[redacted]`` (``belronde.lib.logging``).
"""

from __future__ import annotations

from functools import cache

PUBLIC = "public"
PERSONAL = "personal"
FINANCIAL = "financial"
CONFIDENTIAL = "confidential"
CLASSES = (PUBLIC, PERSONAL, FINANCIAL, CONFIDENTIAL)

_COMMON = "id chapter public_code created_at updated_at"

#: model label -> class -> space-separated field names
FIELDS: dict[str, dict[str, str]] = {
    "accounts.Region": {PUBLIC: "id slug name"},
    "accounts.Chapter": {PUBLIC: "id slug name region postal_codes created_at"},
    "accounts.PartnerOrganisation": {PUBLIC: "id slug name website"},
    "accounts.User": {
        PUBLIC: "id is_superuser is_staff is_active date_joined language last_chapter",
        PERSONAL: "username first_name last_name email last_login password",
    },
    "accounts.Membership": {
        PUBLIC: "id role chapter region partner_organisation is_active created_at",
        PERSONAL: "user",
    },
    "accounts.ApiToken": {
        PUBLIC: "id name key_prefix created_at last_used_at revoked_at",
        PERSONAL: "user key_digest",
    },
    "audit.AuditEvent": {
        PUBLIC: "id at chapter verb object_type object_code request_id payload",
        PERSONAL: "actor actor_label ip_address",
    },
    "members.Organisation": {
        PUBLIC: f"{_COMMON} enterprise_number name legal_form nace_code nace_version nace_section "
        "employees size_band postal_code municipality membership_status member_since "
        "do_not_call do_not_call_at merged_into search_text import_digest version",
        PERSONAL: "street house_number phone email do_not_call_by",
        CONFIDENTIAL: "do_not_call_reason",
    },
    "members.Person": {
        PUBLIC: f"{_COMMON} organisation language is_primary",
        PERSONAL: "name role phone mobile email preferred_call_times",
    },
    "members.ImportBatch": {
        PUBLIC: "id public_code chapter source created_at finished_at heartbeat_at stored_name "
        "sha256 size format encoding delimiter partial dry_run status rows_total "
        "rows_processed created updated unchanged rejected file_problem pid hostname",
        PERSONAL: "created_by original_filename",
        CONFIDENTIAL: "errors notices rejected_rows",
    },
    "analyses.FinancialAnalysis": {
        PUBLIC: f"{_COMMON} organisation schema legal_form conclusion_updated_at",
        PERSONAL: "created_by",
        FINANCIAL: "liquidity_doubt_12m net_assets_at_risk rd_costs last_filed_year_end call_facts",
        CONFIDENTIAL: "conclusion",
    },
    "analyses.FiscalYear": {
        PUBLIC: "id chapter analysis year end_date schema complete source source_ref updated_at",
    },
    "analyses.Figure": {
        PUBLIC: "id chapter fiscal_year code source source_ref updated_at",
        PERSONAL: "updated_by",
        FINANCIAL: "value",
    },
    "analyses.SignalAnswer": {
        PUBLIC: "id chapter analysis key answered_at",
        PERSONAL: "answered_by",
        FINANCIAL: "status",
        CONFIDENTIAL: "note",
    },
    "analyses.CashFlowForecast": {
        PUBLIC: "id chapter analysis start_date updated_at",
        FINANCIAL: "opening_cash undrawn_credit minimum_buffer",
    },
    "analyses.CashFlowCell": {
        PUBLIC: "id chapter forecast week_start category updated_at",
        FINANCIAL: "forecast_amount actual_amount",
    },
    "campaigns.Script": {PUBLIC: "id chapter public_code name created_at"},
    "campaigns.ScriptVersion": {
        PUBLIC: "id script number intro_nl intro_en items created_at",
        PERSONAL: "created_by",
    },
    "campaigns.Campaign": {
        PUBLIC: "id chapter public_code name starts_on ends_on status script segment max_attempts "
        "min_hours_between_attempts calling_hours everyone_once_first max_open_claims "
        "claim_expiry_minutes created_at distribution_published_at",
        PERSONAL: "created_by",
    },
    "campaigns.CampaignCaller": {PUBLIC: "id campaign added_at", PERSONAL: "user"},
    "campaigns.CallerProfile": {
        PUBLIC: "id chapter exclude_competitors sectors municipalities",
        PERSONAL: "user own_enterprise_number conflict_numbers own_nace_code own_postal_code",
    },
    "campaigns.Assignment": {
        PUBLIC: "id chapter campaign organisation public_code status priority match_reasons "
        "claimed_at claim_expires_at attempts last_attempt_at next_attempt_at callback_at "
        "updated_at",
        PERSONAL: "caller proposed_caller claimed_by callback_by",
    },
    "campaigns.Claim": {
        PUBLIC: "id chapter assignment claimed_at released_at ended",
        PERSONAL: "caller",
    },
    "campaigns.CallAttempt": {
        PUBLIC: "id chapter assignment public_code at outcome callback_at idempotency_key",
        PERSONAL: "caller",
        CONFIDENTIAL: "note",
    },
    "campaigns.ConversationDraft": {
        PUBLIC: "id assignment updated_at",
        PERSONAL: "caller",
        CONFIDENTIAL: "data",
    },
    "campaigns.CalendarFeed": {
        PUBLIC: "id created_at revoked_at",
        PERSONAL: "user token",
    },
    "conversations.Conversation": {
        PUBLIC: "id chapter public_code organisation campaign assignment script_version held_at "
        "themes suggested_themes recorded_at version supersedes root idempotency_key",
        PERSONAL: "person recorded_by",
        FINANCIAL: "health turnover_change liquidity_horizon temporary_unemployment arrears "
        "outlook asks_for_help",
        CONFIDENTIAL: "answers",
    },
    "themes.Theme": {
        PUBLIC: "id chapter slug label_nl label_en keywords is_active position created_at "
        "updated_at",
    },
    "knowledge.Question": {
        PUBLIC: "id chapter public_code theme status conversation organisation "
        "notify_entrepreneur raised_at same_as grouped_at",
        PERSONAL: "person raised_by grouped_by",
        CONFIDENTIAL: "text",
    },
    "knowledge.Answer": {
        PUBLIC: "id chapter public_code question title text written_at updated_at published_at",
        PERSONAL: "written_by published_by",
    },
    "knowledge.BestPractice": {
        PUBLIC: "id chapter public_code theme sector sharing conversation organisation "
        "submitted_at status reviewed_at",
        PERSONAL: "submitted_by reviewed_by",
        CONFIDENTIAL: "title text review_note",
    },
    "referrals.Service": {
        PUBLIC: f"{_COMMON} name alternate_name kind partner_organisation organisation_name "
        "description url email phone status eligibility_description application_process "
        "fees_description service_area languages shared_fields consent_valid_days "
        "requires_review",
        PERSONAL: "contact_name contact_email contact_phone",
    },
    "referrals.ConsentText": {
        PUBLIC: "id chapter service language version text text_hash created_at",
        PERSONAL: "created_by",
    },
    "referrals.Consent": {
        PUBLIC: "id chapter public_code organisation purpose service recipient "
        "partner_organisation text text_version text_hash language answer method captured_at "
        "expires_at conversation withdrawn_at withdrawal_method",
        PERSONAL: "person captured_by withdrawn_by",
    },
    "referrals.Referral": {
        PUBLIC: "id chapter public_code conversation organisation service consent urgency "
        "shared_fields status created_at status_changed_at",
        PERSONAL: "person created_by",
        FINANCIAL: "shared_data",
        CONFIDENTIAL: "reason decline_reason outcome feedback",
    },
    "referrals.ReferralEvent": {
        PUBLIC: "id referral status at",
        PERSONAL: "actor actor_label",
        CONFIDENTIAL: "note",
    },
    "referrals.TriageDecision": {
        PUBLIC: "id chapter public_code conversation suggested suggested_target decision "
        "service referral decided_at",
        PERSONAL: "decided_by",
        FINANCIAL: "reasons",
        CONFIDENTIAL: "note",
    },
    "ops.WorkerHeartbeat": {PUBLIC: "id worker_id hostname pid started_at seen_at"},
    "waiting.DigestSent": {PUBLIC: "id chapter sent_on items sent_at", PERSONAL: "user"},
    "coaching.TimelineStep": {PUBLIC: "id chapter kind label offset_days position"},
    "coaching.PlanModule": {PUBLIC: "id chapter key label position active"},
    "coaching.Trajectory": {
        PUBLIC: f"{_COMMON} organisation referral status started_on plan_agreed_on closed_on "
        "outcome version",
        PERSONAL: "coach",
        CONFIDENTIAL: "no_analysis_reason plan_summary conclusion",
    },
    "coaching.TrajectoryEvent": {
        PUBLIC: "id chapter trajectory kind status at",
        PERSONAL: "actor",
        CONFIDENTIAL: "note",
    },
    "coaching.Activity": {
        PUBLIC: "id chapter trajectory kind label due_on done_on skipped",
    },
    "coaching.PlanItem": {
        PUBLIC: f"{_COMMON} trajectory module owner due_on done_on version",
        CONFIDENTIAL: "description",
    },
    "coaching.Session": {
        PUBLIC: "id chapter trajectory public_code held_on minutes mode recorded_at version "
        "root supersedes idempotency_key",
        PERSONAL: "recorded_by",
        CONFIDENTIAL: "notes",
    },
    "coaching.Document": {
        PUBLIC: "id chapter trajectory token kind size sha256 stored_as uploaded_at",
        PERSONAL: "uploaded_by",
        CONFIDENTIAL: "name",
    },
    "coaching.FollowUp": {
        PUBLIC: "id chapter trajectory public_code months due_on answered_on reminded_on",
        PERSONAL: "answered_by",
        FINANCIAL: "state",
        CONFIDENTIAL: "answer",
    },
    "coaching.CoachDigestSent": {PUBLIC: "id chapter week items sent_at", PERSONAL: "user"},
    "funding.Funder": {PUBLIC: "id chapter slug name"},
    "funding.Programme": {
        PUBLIC: "id chapter code name funder status window_start window_end budget_trajectories"
        " budget_amount require_postal_code require_member one_per_organisation"
        " funder_sees_identity claim_period_months creditor_name creditor_address"
        " creditor_vat_number iban bic payment_days next_enrolment_number version"
        " created_at updated_at",
    },
    "funding.Terms": {
        PUBLIC: "id programme valid_from price hourly_rate contribution participant_cap"
        " vat_funder vat_participant vat_federation created_at",
        PERSONAL: "created_by",
    },
    "funding.Enrolment": {
        PUBLIC: _COMMON + " programme trajectory organisation number status refused_rule"
        " waived_rules started_on terms version",
        PERSONAL: "exception_by",
        FINANCIAL: "hours price funder_part participant_part federation_part",
        CONFIDENTIAL: "exception_reason",
    },
    "funding.InvoiceCounter": {PUBLIC: "id chapter year last"},
    "funding.ParticipantInvoice": {
        PUBLIC: "id chapter public_code kind year sequence number credits enrolment programme"
        " organisation language description issued_on due_on ogm created_at",
        PERSONAL: "buyer_name buyer_address buyer_enterprise_number created_by",
        FINANCIAL: "net vat_rate vat total",
        CONFIDENTIAL: "reason",
    },
    "funding.BankImport": {
        PUBLIC: "id chapter public_code filename sha256 layout lines matched already_known"
        " created_at",
        PERSONAL: "uploaded_by",
        FINANCIAL: "report",
    },
    "funding.Payment": {
        PUBLIC: "id chapter invoice paid_on bank_import fingerprint created_at",
        PERSONAL: "counterparty created_by",
        FINANCIAL: "amount",
    },
    "funding.FundingClaim": {
        PUBLIC: _COMMON + " programme period period_start period_end status trajectories"
        " submitted_at paid_on version",
        PERSONAL: "submitted_by",
        FINANCIAL: "total paid_amount",
    },
    "funding.ClaimLine": {
        PUBLIC: "id claim enrolment pseudonym started_on nace_section size_band status outcome"
        " corrects note",
        FINANCIAL: "price amount",
    },
}


@cache
def classification() -> dict[tuple[str, str], str]:
    """(model label, field name) -> class."""
    table: dict[tuple[str, str], str] = {}
    for label, classes in FIELDS.items():
        for kind, names in classes.items():
            assert kind in CLASSES, kind
            for name in names.split():
                assert (label, name) not in table, f"{label}.{name} is listed twice"
                table[(label, name)] = kind
    return table


@cache
def sensitive_names() -> frozenset[str]:
    """Field names under which some model keeps non-public data: a log value under one of these
    names is scrubbed, whichever model it came from."""
    kinds: dict[str, set[str]] = {}
    for (_label, name), kind in classification().items():
        kinds.setdefault(name, set()).add(kind)
    return frozenset(name for name, found in kinds.items() if found != {PUBLIC})
