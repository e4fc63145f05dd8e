"""Every integration-event contract: JSON round trip, tolerant reading, required fields, confidentiality."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from thidua.contracts import (
    EVENT_TYPES,
    Envelope,
    EventData,
    UnknownEventType,
    awards,
    decode,
    grievance,
    notify,
    registration,
)

MISSION_TYPES = {
    "registration.submitted",
    "registration.withdrawn",
    "registration.verified",
    "nomination.submitted",
    "nomination.disclosed",
    "nomination.deferred",
    "nomination.resumed",
    "council.session_closed",
    "award.decided",
    "award.forwarded",
    "award.cancelled",
    "grievance.received",
    "grievance.accepted",
    "grievance.resolved",
    "grievance.due_soon",
    "grievance.overdue",
    "notification.delivered",
    "notification.failed",
    "exemplar.published",
}
ISSUE_TYPES = {"registration.amended", "campaign.launched", "grievance.extended", "association.registered"}
PRODUCER_MODULES = {"registration": registration, "awards": awards, "grievance": grievance, "notify": notify}

_ASSOCIATION = {
    "association_id": "a-1",
    "code": "HOI-VL",
    "name": "Hội Vật lý tỉnh",
    "kind": "member_association",
    "contact_emails": ["vanphong@hoivl.example"],
    "officers": [{"user_id": "u-1", "full_name": "Trần Văn Bình", "email": "binh@hoivl.example"}],
    "version": 1,
}
_REGISTRATION = {
    "registration_id": "r-1",
    "campaign_id": "c-1",
    "association_id": "a-1",
    "year": 2026,
    "version": 1,
    "collective": {"name": "Hội Vật lý tỉnh", "award_type_codes": ["TTLDXS"]},
    "individuals": [
        {"personal_code": "P-001", "full_name": "Nguyễn Thị Hoa", "award_type_codes": ["CSTDCS"]}
    ],
    "plan_document": {
        "document_id": "d-1",
        "filename": "ke-hoach.pdf",
        "media_type": "application/pdf",
        "size_bytes": 1024,
        "sha256": "ab" * 32,
    },
}
_NOMINEE = {
    "kind": "individual",
    "name": "Nguyễn Thị Hoa",
    "unit": "Hội Vật lý tỉnh",
    "personal_code": "P-001",
}
_NOMINATION = {
    "nomination_id": "n-1",
    "association_id": "a-1",
    "campaign_id": "c-1",
    "award_type_code": "CSTDCS",
    "award_type_name": "Chiến sĩ thi đua cơ sở",
    "nominee": _NOMINEE,
    "year": 2026,
}
_DECISION = {
    "decision_id": "q-1",
    "number": "125/QĐ-LHH",
    "signed_on": "2026-12-20",
    "signer_name": "Lê Văn Chính",
    "signer_title": "Chủ tịch",
    "authority": "union",
}
_CASE = {
    "grievance_id": "g-1",
    "tracking_code": "KN-2026-0001",
    "kind": "complaint",
    "targets": [{"kind": "nomination", "nomination_id": "n-1", "personal_code": "P-001"}],
    "complainant": {"association_id": "a-1", "user_id": "u-1"},
}
_ALERT = {
    "grievance_id": "g-1",
    "tracking_code": "TC-2026-0002",
    "kind": "denunciation",
    "deadline_kind": "resolution",
    "due_on": "2026-08-14",
    "day_unit": "calendar",
}
_NOTIFICATION = {
    "notification_id": "nt-1",
    "source_event_id": "e-1",
    "source_event_type": "award.decided",
    "subject": "aw-1",
    "subject_kind": "award",
    "recipient": {
        "kind": "association",
        "recipient_id": "a-1",
        "association_id": "a-1",
        "personal_code": "P-001",
    },
    "statutory": True,
}
_PERSON = {"personal_code": "P-001", "full_name": "Nguyễn Thị Hoa", "task_rating": "hoan_thanh_xuat_sac"}

SAMPLES: dict[str, dict[str, Any]] = {
    "campaign.launched": {
        "campaign_id": "c-1",
        "code": "TD-2026",
        "name": "Phong trào thi đua năm 2026",
        "year": 2026,
        "kind": "annual",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "registration_deadline": "2026-03-31",
        "registration_required": False,
        "award_type_codes": ["LDTT", "CSTDCS"],
    },
    "association.registered": _ASSOCIATION,
    "association.updated": _ASSOCIATION | {"active": False, "version": 2},
    "registration.submitted": _REGISTRATION,
    "registration.amended": _REGISTRATION | {"version": 2, "changed_fields": ["individuals"]},
    "registration.withdrawn": {
        "registration_id": "r-1",
        "campaign_id": "c-1",
        "association_id": "a-1",
        "version": 2,
        "reason": "Đăng ký nhầm phong trào",
    },
    "registration.verified": {
        "registration_id": "r-1",
        "campaign_id": "c-1",
        "association_id": "a-1",
        "year": 2026,
        "outcome": "adjusted",
        "adjustment_reason": "Thiếu xác nhận sáng kiến",
        "verified_on": "2027-01-15",
        "collective": {
            "name": "Hội Vật lý tỉnh",
            "task_rating": "hoan_thanh_tot",
            "member_count": 12,
            "members_completed_count": 12,
        },
        "individuals": [
            _PERSON
            | {
                "initiatives": [{"title": "Số hoá hồ sơ hội viên", "recognized_on": "2026-10-01"}],
                "scientific_works": [{"title": "Đề tài cấp tỉnh", "level": "provincial"}],
                "discipline": "none",
            }
        ],
    },
    "year_end_results.verified": {
        "results_id": "y-1",
        "association_id": "a-1",
        "year": 2026,
        "outcome": "confirmed",
        "verified_on": "2027-01-10",
        "individuals": [_PERSON | {"initiatives": [{"title": "Sáng kiến", "scope": "base"}]}],
    },
    "nomination.submitted": _NOMINATION
    | {
        "version": 1,
        "commendation_type": "cong_trang",
        "authority": "union",
        "status": "submitted",
        "council_vote_required": True,
    },
    "nomination.disclosed": _NOMINATION
    | {"disclosure_id": "ds-1", "window_start": "2026-11-02", "window_end": "2026-11-13"},
    "nomination.deferred": _NOMINATION | {"hold_id": "h-1", "reason": "grievance", "grievance_id": "g-1"},
    "nomination.resumed": _NOMINATION | {"hold_id": "h-1", "grievance_id": "g-1"},
    "nomination.rejected": _NOMINATION | {"reason": "ineligible", "failed_criteria": ["L22-D23-k2"]},
    "council.session_closed": {
        "session_id": "s-1",
        "held_on": "2026-12-10",
        "member_count": 9,
        "present_count": 8,
        "quorum_met": True,
        "results": [
            {
                "nomination_id": "n-1",
                "award_type_code": "CSTDCS",
                "yes": 8,
                "no": 1,
                "abstain": 0,
                "base": 9,
                "threshold": 0.8,
                "required_yes": 8,
                "passed": True,
            }
        ],
    },
    "award.decided": {
        "award_id": "aw-1",
        "decision": _DECISION,
        "award_type_code": "CSTDCS",
        "award_type_name": "Chiến sĩ thi đua cơ sở",
        "award_kind": "title",
        "awardee": _NOMINEE,
        "association_id": "a-1",
        "nomination_id": "n-1",
        "year": 2026,
        "commendation_type": "cong_trang",
        "money_amount_vnd": 2_340_000,
    },
    "award.forwarded": _NOMINATION
    | {
        "award_type_code": "CSTDT",
        "award_type_name": "Chiến sĩ thi đua cấp tỉnh",
        "forwarding_id": "f-1",
        "submission_number": "45/TTr-LHH",
        "submitted_on": "2026-12-22",
        "commendation_type": "cong_trang",
        "achievement_summary": "Ba năm liền Chiến sĩ thi đua cơ sở, sáng kiến cấp tỉnh.",
        "dossier": [{"kind": "to_trinh", "document_id": "d-2", "filename": "tt.pdf", "sha256": "cd" * 32}],
    },
    "award.cancelled": {
        "award_id": "aw-1",
        "original_decision_id": "q-1",
        "cancellation": _DECISION | {"decision_id": "q-2", "number": "7/QĐ-LHH", "signed_on": "2027-03-01"},
        "award_type_code": "CSTDCS",
        "awardee": _NOMINEE,
        "association_id": "a-1",
        "ground": "false_information",
        "grievance_id": "g-1",
    },
    "exemplar.published": {
        "exemplar_id": "x-1",
        "association_id": "a-1",
        "exemplar": _NOMINEE,
        "field_of_work": "Khoa học tự nhiên",
        "stage": "summarized",
        "title": "Mô hình câu lạc bộ vật lý cho học sinh",
        "summary": "Cách làm hay được nhân rộng ở ba hội.",
    },
    "grievance.received": _CASE
    | {"received_on": "2027-01-05", "channel": "api", "acceptance_due_on": "2027-01-14"},
    "grievance.accepted": _CASE | {"accepted_on": "2027-01-10", "resolution_due_on": "2027-02-09"},
    "grievance.refused": _CASE | {"refused_on": "2027-01-10", "reason_code": "limitation_expired"},
    "grievance.extended": _CASE
    | {
        "kind": "denunciation",
        "complainant": None,
        "extension_number": 1,
        "decided_on": "2027-02-05",
        "previous_due_on": "2027-02-09",
        "new_due_on": "2027-03-11",
    },
    "grievance.withdrawn": _CASE | {"withdrawn_on": "2027-01-20", "case_continues": False},
    "grievance.resolved": _CASE
    | {
        "resolved_on": "2027-02-01",
        "outcome": "upheld",
        "remedy": "cancel_award",
        "violation_found": True,
        "cancellation_ground": "false_information",
        "on_time": True,
    },
    "grievance.forwarded": _CASE
    | {
        "kind": "denunciation",
        "complainant": None,
        "forwarded_on": "2027-01-08",
        "to_authority": "Thanh tra tỉnh",
        "on_time": True,
    },
    "grievance.suspended": _CASE | {"suspended_on": "2027-01-20", "notice_due_on": "2027-01-25"},
    "grievance.resumed": _CASE | {"resumed_on": "2027-02-01", "resolution_due_on": "2027-02-22"},
    "grievance.accused_informed": _CASE
    | {
        "kind": "denunciation",
        "complainant": None,
        "informed_on": "2027-01-12",
        "content": "Nội dung tố cáo: kê khai khống thành tích năm 2026 ([người tố cáo] cung cấp chứng cứ).",
    },
    "grievance.filer_notified": {
        "grievance_id": "g-1",
        "tracking_code": "TC-2027-0001",
        "kind": "denunciation",
        "notice_id": "n-1",
        "notice": "accepted",
        "on": "2027-01-10",
        "sealed_address": "k1:c2VhbGVk",
        "resolution_due_on": "2027-02-09",
    },
    "grievance.due_soon": _ALERT | {"days_left": 3},
    "grievance.overdue": _ALERT | {"days_overdue": 2},
    "notification.delivered": _NOTIFICATION
    | {"delivery_id": "dl-1", "channel": "email", "delivered_at": "2026-12-21T08:30:00+07:00", "attempts": 1},
    "notification.failed": _NOTIFICATION
    | {
        "channels_tried": ["inbox", "email"],
        "attempts": 7,
        "failed_at": "2026-12-22T08:30:00+00:00",
        "last_error": "SMTP 550",
    },
}

ALL_TYPES = sorted(EVENT_TYPES)
IDENTITY_WORDS = ("name", "address", "phone", "email", "contact", "identity", "denouncer", "birth", "cccd")
SEALED_FOR_NOTIFY = {"sealed_address"}
"""HPKE ciphertext only notify's private key opens (thidua.party_mail); the leak test proves no clear copy."""


def sample(event_type: str) -> EventData:
    if event_type not in SAMPLES:
        pytest.fail(f"registered type {event_type!r} has no sample payload in SAMPLES")
    return EVENT_TYPES[event_type].model_validate(SAMPLES[event_type])


def nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model and every model its fields contain, depth first."""
    found: list[type[BaseModel]] = [model]
    for info in model.model_fields.values():
        for arg in [info.annotation, *getattr(info.annotation, "__args__", ())]:
            for inner in [arg, *getattr(arg, "__args__", ())]:
                if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in found:
                    found.extend(m for m in nested_models(inner) if m not in found)
    return found


class TestRegistry:
    def test_every_registered_type_has_a_sample_and_no_sample_is_stale(self) -> None:
        assert set(EVENT_TYPES) == set(SAMPLES)

    def test_mission_and_issue_types_are_registered(self) -> None:
        assert (MISSION_TYPES | ISSUE_TYPES) - set(EVENT_TYPES) == set()

    @pytest.mark.parametrize("event_type", ALL_TYPES)
    def test_each_class_names_its_type_and_its_producing_module(self, event_type: str) -> None:
        cls = EVENT_TYPES[event_type]
        assert cls.event_type == event_type
        assert cls.schema_version >= 1
        assert cls.__module__ == PRODUCER_MODULES[cls.producer].__name__

    def test_an_unknown_type_is_refused(self) -> None:
        envelope = Envelope.wrap(sample("award.decided"), subject="aw-1")
        body = json.dumps(envelope.model_dump(mode="json") | {"type": "award.unheard_of"}).encode()
        with pytest.raises(UnknownEventType):
            decode(body)


class TestWireFormat:
    @pytest.mark.parametrize("event_type", ALL_TYPES)
    def test_json_round_trip_gives_back_equal_envelope_and_data(self, event_type: str) -> None:
        data = sample(event_type)
        envelope = Envelope.wrap(data, subject="subject-1", correlation_id="corr-1", causation_id="ev-0")
        decoded_envelope, decoded = decode(envelope.to_body())
        assert decoded_envelope == envelope
        assert type(decoded) is EVENT_TYPES[event_type]
        assert decoded == data
        assert decoded_envelope.producer == data.producer

    @pytest.mark.parametrize("event_type", ALL_TYPES)
    def test_unknown_fields_in_envelope_and_data_are_ignored(self, event_type: str) -> None:
        data = sample(event_type)
        wire = Envelope.wrap(data, subject="subject-1").model_dump(mode="json")
        wire["added_later"] = {"anything": 1}
        wire["data"] = wire["data"] | {"added_later": [1, 2], "another": "x"}
        _, decoded = decode(json.dumps(wire).encode())
        assert decoded == data

    @pytest.mark.parametrize("event_type", ALL_TYPES)
    def test_each_missing_required_field_is_a_validation_error(self, event_type: str) -> None:
        cls = EVENT_TYPES[event_type]
        full = sample(event_type).model_dump(mode="json")
        required = [name for name, info in cls.model_fields.items() if info.is_required()]
        assert required, f"{event_type} has no required field"
        for name in required:
            with pytest.raises(ValidationError):
                cls.model_validate({k: v for k, v in full.items() if k != name})

    def test_a_new_categorical_value_is_tolerated(self) -> None:
        payload = SAMPLES["award.decided"] | {"commendation_type": "added_in_2030"}
        assert awards.AwardDecided.model_validate(payload).commendation_type == "added_in_2030"

    def test_payloads_are_immutable(self) -> None:
        decided = awards.AwardDecided.model_validate(SAMPLES["award.decided"])
        with pytest.raises(ValidationError):
            decided.award_id = "other"  # type: ignore[misc]


class TestDocumentation:
    @pytest.mark.parametrize("event_type", ALL_TYPES)
    def test_every_field_at_every_depth_has_a_description(self, event_type: str) -> None:
        for model in nested_models(EVENT_TYPES[event_type]):
            undocumented = [n for n, info in model.model_fields.items() if not info.description]
            assert undocumented == [], f"{model.__name__}: {undocumented}"


GRIEVANCE_TYPES = [t for t in ALL_TYPES if EVENT_TYPES[t].producer == "grievance"]


class TestDenouncerConfidentiality:
    @pytest.mark.parametrize("event_type", GRIEVANCE_TYPES)
    def test_no_grievance_field_at_any_depth_could_hold_an_identity(self, event_type: str) -> None:
        for model in nested_models(EVENT_TYPES[event_type]):
            names = [n for n in model.model_fields if n not in SEALED_FOR_NOTIFY]
            suspicious = [n for n in names if any(w in n for w in IDENTITY_WORDS)]
            assert suspicious == [], f"{model.__name__}: {suspicious}"

    @pytest.mark.parametrize("kind", ["denunciation", "information"])
    def test_only_a_complaint_may_reference_its_filer(self, kind: str) -> None:
        with pytest.raises(ValidationError, match="denouncer"):
            grievance.GrievanceAccepted.model_validate(SAMPLES["grievance.accepted"] | {"kind": kind})

    def test_a_denunciation_without_filer_is_valid(self) -> None:
        payload = SAMPLES["grievance.accepted"] | {"kind": "denunciation", "complainant": None}
        assert grievance.GrievanceAccepted.model_validate(payload).complainant is None
