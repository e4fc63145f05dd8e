"""An association officer never reaches another association's resources, nor routes of other roles.

For every operation of every service's OpenAPI document (enumerated, not hand-listed: a new route without an
entry in ROUTES fails `test_every_route_has_a_case`), association A owns the resources the route names, and
an officer of association B calls it:

- `Refused`: the answer is a 403 or 404 problem+json and the service's database is unchanged;
- `Filtered`: a listing answers (or refuses), and none of A's resources appear in it;
- `Exempt`: the route names nothing association-scoped (public, or the caller's own data); the reason is
  recorded in the table.

Routes that the roles table (README) gives to other roles (secretariat, council, board, grievance officer) are
`Refused` too: the association role is refused before anything happens.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pymongo
import pytest
from thidua.auth import GRIEVANCE_OFFICER, SECRETARIAT

from tests.security.conftest import DOCUMENTS, SERVICES, Launcher, LiveApi, bearer, problem_of

pytestmark = pytest.mark.integration
NAMESPACE = "scope"
# Written on every request, whoever calls: not state a refused call may have changed.
VOLATILE_COLLECTIONS = frozenset({"idempotency"})


@dataclass(frozen=True)
class Refused:
    """B's officer calls the route on A's resource: 403/404 problem+json, nothing written."""

    path: str
    why: str
    json: Any = None
    query: dict[str, str] = field(default_factory=dict)
    files: dict[str, Any] | None = None
    data: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Filtered:
    """A listing: B's officer sees none of A's resources (a refusal is fine too)."""

    path: str
    why: str
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Exempt:
    """The route names nothing that belongs to an association."""

    why: str


Case = Refused | Filtered | Exempt
OTHER_ROLE = "the roles table gives this route to another role only"
SCOPED = "names a resource of association A"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


PLAN = {
    "collective_name": "Hội Tin học tỉnh",
    "collective_award_codes": ["tap_the_lao_dong_xuat_sac"],
    "individuals": [{"personal_code": "P-1", "full_name": "Nguyễn Thị Hoa", "award_type_codes": []}],
}
ASSESSMENT = {
    "collective": {"task_rating": "hoan_thanh_tot", "member_count": 10, "members_completed_count": 10},
    "individuals": [{"personal_code": "P-1", "task_rating": "hoan_thanh_tot"}],
}
PDF = {"file": ("ke-hoach.pdf", b"%PDF-1.4 plan of B", "application/pdf")}
DECISION = {"number": "9/QĐ", "signed_on": "2026-01-25", "signer_name": "A", "signer_title": "Chủ tịch"}
GRIEVANCE = {
    "kind": "complaint",
    "targets": [{"kind": "nomination", "nomination_id": "nom-1"}],
    "summary": "Hồ sơ đề nghị khen thưởng không đúng tiêu chuẩn.",
}

ROUTES: dict[str, dict[str, Case]] = {
    "registration": {
        "POST /campaigns": Refused("/campaigns", OTHER_ROLE, json={}),
        "POST /campaigns/{campaign_id}/launch": Refused("/campaigns/{campaign}/launch", OTHER_ROLE),
        "GET /campaigns": Exempt("campaigns are the Union's, read by every member association"),
        "GET /campaigns/{campaign_id}": Exempt("campaigns are the Union's, read by every member association"),
        "POST /campaigns/{campaign_id}/late-windows": Refused(
            "/campaigns/{campaign}/late-windows",
            OTHER_ROLE,
            json={"association_id": "{b}", "until": "2099-01-01"},
        ),
        "POST /associations": Refused("/associations", OTHER_ROLE, json={}),
        "GET /associations": Refused("/associations", OTHER_ROLE),
        "GET /associations/{association_id}": Refused("/associations/{a}", SCOPED),
        "PUT /associations/{association_id}": Refused(
            "/associations/{a}",
            OTHER_ROLE,
            json={"code": "A", "name": "Hội B đổi tên", "kind": "member_association"},
            headers={"If-Match": '"1"'},
        ),
        "POST /campaigns/{campaign_id}/registrations": Refused(
            "/campaigns/{campaign2}/registrations",
            "registers association A for a campaign",
            json=PLAN | {"association_id": "{a}"},
        ),
        "GET /registrations": Filtered("/registrations", "every registration"),
        "GET /registrations/{registration_id}": Refused("/registrations/{registration}", SCOPED),
        "PATCH /registrations/{registration_id}": Refused(
            "/registrations/{registration}", SCOPED, json=PLAN, headers={"If-Match": '"1"'}
        ),
        "POST /registrations/{registration_id}/withdrawal": Refused(
            "/registrations/{registration}/withdrawal", SCOPED, json={"reason": "B rút"}
        ),
        "POST /registrations/{registration_id}/self-assessment": Refused(
            "/registrations/{registration}/self-assessment", SCOPED, json=ASSESSMENT
        ),
        "POST /registrations/{registration_id}/verification": Refused(
            "/registrations/{registration}/verification", OTHER_ROLE, json={"outcome": "confirmed"}
        ),
        "POST /associations/{association_id}/year-end-results": Refused(
            "/associations/{a}/year-end-results",
            SCOPED,
            json={
                "year": 2025,
                "individuals": [{"personal_code": "P-9", "full_name": "B", "task_rating": "hoan_thanh"}],
            },
        ),
        "GET /associations/{association_id}/year-end-results": Refused(
            "/associations/{a}/year-end-results", SCOPED
        ),
        "GET /associations/{association_id}/year-end-results/{results_id}": Refused(
            "/associations/{a}/year-end-results/r-1", SCOPED
        ),
        "POST /associations/{association_id}/year-end-results/{results_id}/verification": Refused(
            "/associations/{a}/year-end-results/r-1/verification", OTHER_ROLE, json={"outcome": "confirmed"}
        ),
        "POST /registrations/{registration_id}/plan-document": Refused(
            "/registrations/{registration}/plan-document", SCOPED, files=PDF
        ),
        "GET /registrations/{registration_id}/plan-document": Refused(
            "/registrations/{registration}/plan-document", SCOPED
        ),
        "GET /campaigns/{campaign_id}/summary": Refused("/campaigns/{campaign}/summary", OTHER_ROLE),
        "GET /campaigns/{campaign_id}/registrations.csv": Refused(
            "/campaigns/{campaign}/registrations.csv", OTHER_ROLE
        ),
        "GET /campaigns/{campaign_id}/registrations.xlsx": Refused(
            "/campaigns/{campaign}/registrations.xlsx", OTHER_ROLE
        ),
    },
    "awards": {
        "GET /award-types": Exempt("the catalogue of titles is the same for everyone"),
        "POST /nominations": Refused("/nominations", "nominates for association A", json="{nomination_body}"),
        "POST /nominations/{nomination_id}/supplements": Refused(
            "/nominations/{nomination}/supplements", SCOPED, json={"achievement_report": "Bổ sung của B."}
        ),
        "GET /nominations": Filtered("/nominations", "every nomination", query={"association_id": "{a}"}),
        "PUT /clusters/{cluster_id}/results/{year}": Refused(
            "/clusters/cum-1/results/2025",
            OTHER_ROLE,
            json={"name": "Cụm", "member_association_ids": ["{b}"]},
        ),
        "GET /nominations/{nomination_id}": Refused("/nominations/{nomination}", SCOPED),
        "POST /award-history/import": Refused(
            "/award-history/import", OTHER_ROLE, files={"file": ("h.csv", b"nominee_kind\n", "text/csv")}
        ),
        "POST /council-sessions": Refused(
            "/council-sessions",
            OTHER_ROLE,
            json={
                "held_on": "2026-01-20",
                "members": [{"member_id": "m", "name": "M"}],
                "nomination_ids": ["x"],
            },
        ),
        "POST /council-sessions/{session_id}/ballots": Refused(
            "/council-sessions/s-1/ballots", OTHER_ROLE, json={"votes": {"{nomination}": "yes"}}
        ),
        "POST /council-sessions/{session_id}/closure": Refused("/council-sessions/s-1/closure", OTHER_ROLE),
        "POST /decisions": Refused(
            "/decisions", OTHER_ROLE, json=DECISION | {"nomination_ids": ["{nomination}"]}
        ),
        "GET /decisions/{decision_id}": Exempt("a decision is a published act (public search lists it)"),
        "POST /awards/{award_id}/cancellation": Refused(
            "/awards/aw-1/cancellation", OTHER_ROLE, json=DECISION | {"ground": "false_information"}
        ),
        "POST /nominations/{nomination_id}/disclosure": Refused(
            "/nominations/{nomination}/disclosure", OTHER_ROLE, json={"window_start": "2026-02-02"}
        ),
        "GET /public/disclosures": Exempt("public by law: name, unit and proposed award only"),
        "GET /templates/award-history.xlsx": Exempt("an empty template: no association's data"),
        "GET /decisions/{decision_id}/document.pdf": Exempt(
            "a decision, once issued, is public: the printed copy carries no personal code"
        ),
        "POST /nominations/{nomination_id}/refusal": Refused(
            "/nominations/{nomination}/refusal",
            OTHER_ROLE,
            json={"reason": "dossier_refused", "explanation": "Thiếu biên bản."},
        ),
        "POST /public/objections": Exempt("public by law: anyone may object during disclosure"),
        "GET /nominations/{nomination_id}/objections": Refused(
            "/nominations/{nomination}/objections", OTHER_ROLE
        ),
        "POST /nominations/preview": Refused(
            "/nominations/preview", "previews a nomination of association A", json="{nomination_body}"
        ),
        "POST /nominations/{nomination_id}/objections": Refused(
            "/nominations/{nomination}/objections", OTHER_ROLE, json={"received_on": "2026-02-07"}
        ),
        "GET /decisions/{decision_id}/export.xlsx": Exempt(
            "a decision is a published act; another association's awardees come without personal code or "
            "money (tests/integration/awards/test_outcomes.py)"
        ),
        "GET /public/decisions": Exempt("public: published awards"),
        "POST /documents": Refused(
            "/documents", "stores evidence for association A", files=PDF, data={"association_id": "{a}"}
        ),
        "POST /exemplars": Refused(
            "/exemplars", "proposes a model for association A", json="{exemplar_body}"
        ),
        "GET /exemplars": Filtered("/exemplars", "A's unpublished model"),
        "GET /exemplars/{exemplar_id}": Refused("/exemplars/{exemplar}", "A's unpublished model"),
        "POST /exemplars/{exemplar_id}/stage": Refused(
            "/exemplars/{exemplar}/stage", OTHER_ROLE, json={"stage": "fostered", "reason": "B"}
        ),
        "POST /exemplars/{exemplar_id}/replications": Refused(
            "/exemplars/{exemplar}/replications", "A's unpublished model", json={"association_id": "{b}"}
        ),
        "POST /conferences": Refused(
            "/conferences", OTHER_ROLE, json={"campaign_id": "c", "name": "Hội nghị", "held_on": "2026-05-01"}
        ),
        "GET /conferences/{conference_id}": Exempt("a conference is the Union's event, not an association's"),
        "POST /conferences/{conference_id}/selections": Refused(
            "/conferences/conf-1/selections", OTHER_ROLE, json={"exemplar_ids": ["{exemplar}"]}
        ),
        "POST /exemplars/{exemplar_id}/publication": Refused(
            "/exemplars/{exemplar}/publication", OTHER_ROLE, json={"title": "T", "story": "S"}
        ),
        "GET /public/exemplars": Exempt("public: published models only"),
        "GET /public/exemplars.atom": Exempt("public: published models only"),
        "GET /reports/exemplars": Refused("/reports/exemplars", OTHER_ROLE, query={"campaign_id": "c"}),
        "GET /reports/exemplars.xlsx": Refused(
            "/reports/exemplars.xlsx", OTHER_ROLE, query={"campaign_id": "c"}
        ),
    },
    "grievance": {
        "POST /grievances": Exempt("anyone may file; the case belongs to the caller's own association"),
        "GET /grievances": Filtered("/grievances", "every grievance"),
        "GET /grievances/{grievance_id}": Refused("/grievances/{grievance}", SCOPED),
        "GET /grievances/{grievance_id}/filer": Refused("/grievances/{grievance}/filer", OTHER_ROLE),
        "GET /grievances/{grievance_id}/audit": Refused("/grievances/{grievance}/audit", OTHER_ROLE),
        "POST /grievances/{grievance_id}/acceptance": Refused(
            "/grievances/{grievance}/acceptance", OTHER_ROLE, json={"decision": "accept"}
        ),
        "POST /grievances/{grievance_id}/extension": Refused(
            "/grievances/{grievance}/extension", OTHER_ROLE, json={"decision_number": "1/QĐ"}
        ),
        "POST /grievances/{grievance_id}/suspension": Refused(
            "/grievances/{grievance}/suspension", OTHER_ROLE, json={}
        ),
        "POST /grievances/{grievance_id}/resumption": Refused(
            "/grievances/{grievance}/resumption", OTHER_ROLE, json={}
        ),
        "POST /grievances/{grievance_id}/resolution": Refused(
            "/grievances/{grievance}/resolution", OTHER_ROLE, json={"outcome": "rejected"}
        ),
        "POST /grievances/{grievance_id}/withdrawal": Refused(
            "/grievances/{grievance}/withdrawal", OTHER_ROLE, json={}
        ),
        "POST /grievances/{grievance_id}/publication": Refused(
            "/grievances/{grievance}/publication", OTHER_ROLE, json={}
        ),
        "GET /public/grievances/{tracking_code}": Refused(
            "/public/grievances/{tracking_code}", "A's case, tracked without A's tracking secret"
        ),
        "GET /grievances/{grievance_id}/verifier-copy": Refused(
            "/grievances/{grievance}/verifier-copy", OTHER_ROLE
        ),
        "POST /grievances/{grievance_id}/attachments": Refused(
            "/grievances/{grievance}/attachments", SCOPED, files=PDF, data={"shows_identity": "false"}
        ),
        "GET /grievances/{grievance_id}/attachments": Refused(
            "/grievances/{grievance}/attachments", OTHER_ROLE
        ),
        "GET /grievances/{grievance_id}/attachments/{attachment_id}": Refused(
            "/grievances/{grievance}/attachments/{attachment}", OTHER_ROLE
        ),
        "GET /grievances/{grievance_id}/filer/attachments/{attachment_id}": Refused(
            "/grievances/{grievance}/filer/attachments/{attachment}", OTHER_ROLE
        ),
        "GET /grievances/{grievance_id}/summary": Refused("/grievances/{grievance}/summary", OTHER_ROLE),
        "POST /grievances/{grievance_id}/notices": Refused(
            "/grievances/{grievance}/notices", OTHER_ROLE, json={"notice": "acceptance_notice"}
        ),
        "POST /grievances/{grievance_id}/informing": Refused(
            "/grievances/{grievance}/informing",
            OTHER_ROLE,
            json={"informed_on": "2026-01-02", "document": "1/CV"},
        ),
        "POST /grievances/{grievance_id}/limitation-obstacles": Refused(
            "/grievances/{grievance}/limitation-obstacles",
            OTHER_ROLE,
            json={"from": "2026-01-02", "until": "2026-01-03", "reason": "illness", "document": "1/GRV"},
        ),
        "POST /grievances/{grievance_id}/competence": Refused(
            "/grievances/{grievance}/competence", OTHER_ROLE, json={}
        ),
        "POST /grievances/{grievance_id}/forwarding": Refused(
            "/grievances/{grievance}/forwarding", OTHER_ROLE, json={"to_authority": "Thanh tra tỉnh"}
        ),
        "POST /grievances/{grievance_id}/accused-notice": Refused(
            "/grievances/{grievance}/accused-notice", OTHER_ROLE, json={"content": "Nội dung tố cáo."}
        ),
        "GET /oversight/grievances": Refused("/oversight/grievances", OTHER_ROLE),
        "GET /oversight/grievances/export.csv": Refused("/oversight/grievances/export.csv", OTHER_ROLE),
    },
    "notify": {
        "GET /notifications": Filtered("/notifications", "the caller's own inbox"),
        "POST /notifications/{notification_id}/read": Refused("/notifications/{notification}/read", SCOPED),
        "PUT /preferences": Exempt("writes the caller's own association's preferences only (key from token)"),
        "POST /webhooks": Refused("/webhooks", OTHER_ROLE, json={"url": "http://127.0.0.1:9/hook"}),
        "GET /webhooks": Refused("/webhooks", OTHER_ROLE),
        "POST /webhooks/{webhook_id}/enable": Refused("/webhooks/wh-1/enable", OTHER_ROLE),
        "GET /deliveries": Refused("/deliveries", OTHER_ROLE, query={"subject": "{notification_subject}"}),
        "GET /reports/late-informing": Refused("/reports/late-informing", OTHER_ROLE),
        "GET /reports/informing": Refused("/reports/informing", OTHER_ROLE, query={"decision_id": "d"}),
    },
}
OPERATIONS_ROUTER = {"GET /healthz", "GET /readyz"}  # probes: no data at all
# Besides the table: a listing filtered to another association is refused outright.
EXTRA_REFUSALS: dict[str, list[Refused]] = {
    "registration": [Refused("/registrations", "filters on association A", query={"association_id": "{a}"})],
    "notify": [Refused("/notifications", "reads A's inbox", query={"recipient": "association:{a}"})],
}


def _operations(service: str) -> set[str]:
    paths: dict[str, dict[str, Any]] = DOCUMENTS[service]["paths"]
    return {f"{method.upper()} {path}" for path, item in paths.items() for method in item} - OPERATIONS_ROUTER


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_has_a_case(service: str) -> None:
    """A route added without a row here fails, and so does a row for a route that is gone."""
    assert set(ROUTES[service]) == _operations(service)


# Setup: what association A owns in each service ------------------------------------------------------


@dataclass
class World:
    """Association A's resources, and the officers of A and B, in one service."""

    service: str
    api: httpx.Client
    db: Any
    ids: dict[str, Any]

    def officer(self, which: str) -> dict[str, str]:
        return bearer("association", association_id=self.ids[which], sub=f"officer-{which}")


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    """Substitute `{name}` placeholders (in strings, keys and nested bodies) with the world's ids."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and not isinstance(ids.get(value[1:-1]), str | None):
            return ids[value[1:-1]]  # a whole body, e.g. "{nomination_body}"
        return value.format(**ids)
    if isinstance(value, dict):
        return {_fill(k, ids): _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _created(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _registration_world(api: httpx.Client, _db: Any, ids: dict[str, Any]) -> None:
    secretariat = bearer(SECRETARIAT)
    for which in ("a", "b"):
        body = {
            "code": f"{which.upper()}-{uuid.uuid4().hex[:6]}",
            "name": f"Hội {which}",
            "kind": "member_association",
        }
        ids[which] = _created(api.post("/associations", json=body, headers=secretariat))["id"]
    for key in ("campaign", "campaign2"):
        campaign = {
            "code": f"TD-{uuid.uuid4().hex[:8]}",
            "name": "Phong trào thi đua",
            "year": 2026,
            "kind": "thematic",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "registration_deadline": (date.today() + timedelta(days=30)).isoformat(),
        }
        ids[key] = _created(api.post("/campaigns", json=campaign, headers=secretariat))["id"]
    officer_a = bearer("association", association_id=ids["a"], sub="officer-a")
    registration = api.post(f"/campaigns/{ids['campaign']}/registrations", json=PLAN, headers=officer_a)
    ids["registration"] = _created(registration)["id"]
    upload = api.post(f"/registrations/{ids['registration']}/plan-document", files=PDF, headers=officer_a)
    assert upload.status_code == 200, upload.text


def _awards_world(api: httpx.Client, _db: Any, ids: dict[str, Any]) -> None:
    ids["a"], ids["b"] = f"hoi-a-{uuid.uuid4().hex[:6]}", f"hoi-b-{uuid.uuid4().hex[:6]}"
    officer_a = bearer("association", association_id=ids["a"], sub="officer-a")
    dossier = [
        {"kind": k, "filename": f"{k}.pdf", "sha256": _sha(k)}
        for k in (
            "to_trinh",
            "bao_cao_thanh_tich",
            "bien_ban_binh_xet",
            "ket_qua_bo_phieu",
            "xac_nhan_sang_kien",
        )
    ]
    ids["nomination_body"] = {
        "association_id": ids["a"],
        "award_type_code": "LDTT",
        "year": 2025,
        "considered_on": "2026-01-10",
        "nominee": {"kind": "individual", "name": "Nguyễn Thị Hoa", "unit": "Hội A", "personal_code": "P-A"},
        "achievement_report": "Hoàn thành xuất sắc nhiệm vụ năm 2025.",
        "dossier": dossier,
    }
    ids["nomination"] = _created(api.post("/nominations", json=ids["nomination_body"], headers=officer_a))[
        "id"
    ]
    ids["exemplar_body"] = {
        "association_id": ids["a"],
        "campaign_id": "c-1",
        "subject": {"kind": "collective", "name": "Chi hội A", "unit": "Hội A"},
        "practice": "Cách làm hay của A.",
        "evidence": ["Báo cáo"],
        "field_of_work": "khoa học",
    }
    ids["exemplar"] = _created(api.post("/exemplars", json=ids["exemplar_body"], headers=officer_a))["id"]
    document = api.post("/documents", files=PDF, data={"association_id": ids["a"]}, headers=officer_a)
    ids["document"] = _created(document)["document_id"]


def _grievance_world(api: httpx.Client, _db: Any, ids: dict[str, Any]) -> None:
    ids["a"], ids["b"] = f"hoi-a-{uuid.uuid4().hex[:6]}", f"hoi-b-{uuid.uuid4().hex[:6]}"
    officer_a = bearer("association", association_id=ids["a"], sub="officer-a")
    filed = _created(api.post("/grievances", json=GRIEVANCE, headers=officer_a))
    ids["grievance"], ids["tracking_code"] = filed["id"], filed["tracking_code"]
    evidence = {"file": ("bang-chung.pdf", b"%PDF-1.4 evidence of A", "application/pdf")}
    url = f"/grievances/{ids['grievance']}/attachments"
    attached = api.post(
        url, files=evidence, data={"shows_identity": "false"}, headers=bearer(GRIEVANCE_OFFICER)
    )
    ids["attachment"] = _created(attached)["id"]


def _notify_world(api: httpx.Client, db: Any, ids: dict[str, Any]) -> None:
    """A notice in A's inbox, as the notify worker writes it for an event about A."""
    ids["a"], ids["b"] = f"hoi-a-{uuid.uuid4().hex[:6]}", f"hoi-b-{uuid.uuid4().hex[:6]}"
    ids["notification"], ids["notification_subject"] = f"n-{uuid.uuid4().hex}", f"nom-{uuid.uuid4().hex[:8]}"
    db["notifications"].insert_one(
        {
            "_id": ids["notification"],
            "event_id": str(uuid.uuid4()),
            "event_type": "award.decided",
            "subject": ids["notification_subject"],
            "subject_kind": "nomination",
            "statutory": True,
            "recipient": f"association:{ids['a']}",
            "audience": [f"association:{ids['a']}"],
            "title": "Kết quả khen thưởng của hội A",
            "body": "Hội A được khen thưởng.",
            "created_at": datetime.now(UTC),
            "read_at": None,
        }
    )


BUILDERS: dict[str, Callable[[httpx.Client, Any, dict[str, Any]], None]] = {
    "registration": _registration_world,
    "awards": _awards_world,
    "grievance": _grievance_world,
    "notify": _notify_world,
}


@pytest.fixture(scope="module")
def world_of(launcher: Launcher, live_api: LiveApi) -> Iterator[Callable[[str], World]]:
    """A service's API (own databases) with association A's resources in place, built on first use."""
    mongo: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(launcher.infra.mongo_url)
    made: dict[str, World] = {}

    def world(service: str) -> World:
        if service not in made:
            api = httpx.Client(base_url=live_api(service, NAMESPACE).base_url, timeout=30)
            db, ids = mongo[launcher.database(service, NAMESPACE)], {}
            BUILDERS[service](api, db, ids)
            made[service] = World(service, api, db, ids)
        return made[service]

    try:
        yield world
    finally:
        for built in made.values():
            built.api.close()
        mongo.close()


def _snapshot(db: Any) -> str:
    """Every document of the service's database, in a stable order."""
    dump = {
        name: sorted(json.dumps(d, default=str, sort_keys=True) for d in db[name].find({}))
        for name in sorted(db.list_collection_names())
        if name not in VOLATILE_COLLECTIONS
    }
    return json.dumps(dump, sort_keys=True)


def _call(world: World, method: str, case: Refused | Filtered) -> httpx.Response:
    ids = world.ids
    path, query = _fill(case.path, ids), _fill(case.query, ids)
    headers = world.officer("b")
    if isinstance(case, Filtered):
        return world.api.request(method, path, params=query, headers=headers)
    headers |= case.headers
    if case.files is not None:
        return world.api.request(
            method, path, params=query, files=case.files, data=_fill(case.data, ids), headers=headers
        )
    return world.api.request(method, path, params=query, json=_fill(case.json, ids), headers=headers)


def _assert_refused(world: World, method: str, case: Refused) -> None:
    before = _snapshot(world.db)
    answer = _call(world, method, case)
    assert answer.status_code in (403, 404), (method, case.path, case.why, answer.status_code, answer.text)
    problem_of(answer)
    assert _snapshot(world.db) == before, f"{method} {case.path} changed the database while refusing"


CASES = [
    pytest.param(service, label, id=f"{service}:{label}")
    for service, table in ROUTES.items()
    for label, case in table.items()
    if not isinstance(case, Exempt)
]


@pytest.mark.parametrize(("service", "label"), CASES)
def test_another_association_is_refused_or_sees_nothing(
    world_of: Callable[[str], World], service: str, label: str
) -> None:
    world, case = world_of(service), ROUTES[service][label]
    method = label.split(" ", 1)[0]
    if isinstance(case, Refused):
        _assert_refused(world, method, case)
        return
    assert isinstance(case, Filtered)
    answer = _call(world, method, case)
    if answer.status_code in (403, 404):
        problem_of(answer)
        return
    assert answer.status_code == 200, answer.text
    owned = {str(v) for k, v in world.ids.items() if k not in {"a", "b"} and isinstance(v, str)}
    leaked = {v for v in owned if v in answer.text}
    assert not leaked, f"{label} shows association A's {leaked} to association B"


@pytest.mark.parametrize(
    ("service", "index"),
    [(s, i) for s, refusals in EXTRA_REFUSALS.items() for i in range(len(refusals))],
)
def test_a_listing_filtered_on_another_association_is_refused(
    world_of: Callable[[str], World], service: str, index: int
) -> None:
    _assert_refused(world_of(service), "GET", EXTRA_REFUSALS[service][index])


@pytest.mark.parametrize("service", SERVICES)
def test_the_owner_reaches_what_the_other_is_refused(world_of: Callable[[str], World], service: str) -> None:
    """Positive control: the same calls by A's officer are not refused for scope (so the refusals mean it)."""
    world = world_of(service)
    own = {
        "registration": f"/registrations/{world.ids.get('registration')}",
        "awards": f"/nominations/{world.ids.get('nomination')}",
        "grievance": f"/grievances/{world.ids.get('grievance')}",
        "notify": "/notifications",
    }[service]
    answer = world.api.get(own, headers=world.officer("a"))
    assert answer.status_code == 200, answer.text
    if service == "notify":
        assert world.ids["notification"] in answer.text
