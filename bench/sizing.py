"""Sizing sheet: replicas, RabbitMQ and MongoDB for one province and for all 34 provinces.

`uv run python -m bench.sizing [--api-rps registration=121 ...] [--worker-eps notify=38 ...] [--relay-eps 80]`

Pure module: every function below computes from its arguments; only `main()` reads the command line and
prints. The inputs are

- measured figures (`Measured`): per-replica API requests/s and worker events/s, and the rate of the one
  active outbox relay of a service (the relay lease lets one replica publish at a time, so adding worker
  replicas does not raise it);
- the province's workload (`Workload`) and what one business action costs (`Action`: HTTP requests per
  service, outbox events per producing service, consumer messages per consuming service);
- a sizing policy (`Policy`: peak factor, headroom, minimum replicas for HA, drain target) and average
  document sizes (`DocumentSizes`) and infrastructure facts (`Infra`).

Every workload number says where it comes from: the law (docs/rules.md), the founding plan (the 2020 plan
of a provincial Union of Science and Technology Associations, quoted where used), the code, a
benchmark of this repository, or "assumption". Replace the assumptions with a province's own figures.
The measured defaults are the README's benchmark table: SecantusDB on a 2-core build machine. Re-measure on
the production MongoDB before buying hardware.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

SERVICES: tuple[str, ...] = ("registration", "awards", "grievance", "notify")
CONSUMING: tuple[str, ...] = ("awards", "grievance", "notify")
"""Services with a consumer queue (registration's worker runs only its outbox relay)."""
PROVINCES_VN = 34
"""Provincial-level units of Vietnam since the 2025 merger (Nghị quyết 202/2025/QH15, from 12/06/2025)."""

Q1, YEAR_END, ALL_YEAR = "q1-registration", "year-end", "all-year"
"""Peak windows; an ALL_YEAR action adds its load to every window."""


# ----------------------------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------------------------


def _require_positive(what: str, figures: Mapping[str, float], needed: Iterable[str]) -> None:
    for name in needed:
        if name not in figures:
            raise ValueError(f"{what}: no figure for {name!r} (give {name}=<number>)")
    for name, value in figures.items():
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            raise ValueError(f"{what}: {name}={value!r} must be a positive number (a measured throughput)")


@dataclass(frozen=True)
class Measured:
    """Throughput of one replica, as measured by the benchmarks (see `default_measured`)."""

    api_rps: Mapping[str, float]
    """Requests/s one API replica sustains, per service (bench.http)."""
    worker_eps: Mapping[str, float]
    """Consumer messages/s one worker replica applies, per consuming service (bench.bus, bench.notify)."""
    relay_eps: float
    """Events/s the one active relay of a service publishes (bench.decision)."""
    broker_msgs_s: float = 6500.0
    """Persistent publishes/s with batched confirms on one 2-core broker (assumption: RabbitMQ's figures)."""
    source: str = ""

    def __post_init__(self) -> None:
        _require_positive("per-replica API requests/s", self.api_rps, SERVICES)
        _require_positive("per-replica worker events/s", self.worker_eps, CONSUMING)
        _require_positive("relay events/s", {"relay": self.relay_eps}, ())
        _require_positive("broker messages/s", {"broker": self.broker_msgs_s}, ())


def default_measured() -> Measured:
    """The README's benchmark table (2-core build machine, embedded SecantusDB, lower ends of idle ranges)."""
    return Measured(
        # bench.http: POST /campaigns/{id}/registrations, 32 clients: 121-135 req/s. Only registration is
        # measured; the other APIs share the same edge and one-transaction writes: assumed equal.
        api_rps={"registration": 121.0, "awards": 121.0, "grievance": 121.0, "notify": 121.0},
        worker_eps={
            # bench.bus: outbox -> relay -> broker -> consumer -> inbox -> effect: 167-179 events/s idle.
            "awards": 167.0,
            "grievance": 167.0,
            # bench.notify: 100 award.decided -> last in-app notice, p50 1.5-2.6 s: 100 / 2.6 s ~ 38/s.
            "notify": 38.0,
        },
        # bench.decision: POST /decisions -> 500th award.decided in 2.6-6.2 s: 500 / 6.2 s ~ 80/s.
        relay_eps=80.0,
        source="README benchmark table (SecantusDB, 2-core build machine)",
    )


@dataclass(frozen=True)
class Workload:
    """One province's emulation and commendation year. Source of each number in its comment."""

    # assumption: the seed plan names "Hội thành viên" and "Hội viên tập thể" as the registering units but
    # gives no count; a provincial Union typically has a few dozen.
    member_associations: int = 40
    # assumption: individuals listed on one registration (the collective's members aiming for titles).
    individuals_per_registration: int = 15
    # seed plan: the annual plan, one special campaign ("thi đua đặc biệt ... chào mừng"), five named
    # movements ("Tây Ninh chung sức xây dựng nông thôn mới", "Doanh nghiệp Việt Nam hội nhập và phát
    # triển", "Cả nước chung tay vì người nghèo", "Đoàn kết, sáng tạo, nâng cao năng suất ...",
    # "Cán bộ, viên chức thực hiện văn hóa công sở").
    campaigns_per_year: int = 7
    # assumption: share of associations registering for a campaign (all for the annual one, fewer for the
    # thematic ones). Registration is optional in law (L22 Điều 7; docs/rules.md, rule 1).
    participation: float = 0.5
    # assumption: one nomination per individual of the annual registrations plus one collective
    # nomination per association (40 x 15 + 40).
    nominations_per_year: int = 640
    # assumption: share of nominations decided (the rest refused, deferred or withdrawn).
    approval_rate: float = 0.8
    # assumption: year-end decision(s), the advanced-models conference, thematic and đột xuất awards.
    decisions_per_year: int = 6
    # bench.decision's size; a year-end decision naming most awardees at once.
    largest_decision_awardees: int = 500
    # assumption: on a cluster shared by several provinces, the share of them signing their year-end
    # decision in the same hour (their bursts add up; the shared awards relay publishes them one by one).
    simultaneous_decisions_share: float = 0.25
    # assumption: council members (BN86 Điều 8 gives the composition, not a number).
    council_members: int = 15
    # assumption: share of nominations that need a council vote (docs/rules.md, rules 22–24: CSTĐCS,
    # CSTĐ tỉnh, Cờ thi đua tỉnh and higher).
    council_voted_share: float = 0.3
    # assumption: complaints and denunciations about emulation and commendation per year.
    grievances_per_year: int = 10
    # assumption: evidence files per grievance (GridFS `evidence` / `sealed`).
    attachments_per_grievance: float = 2.0
    # seed plan: registrations and plans are sent "trong Quý I"; RegistrationSettings's default deadline
    # is 03-31. assumption: 80 % arrive in the last 10 working days before it.
    q1_peak_share: float = 0.8
    q1_window_working_days: float = 10.0
    # BN86 Điều 6 (Bắc Ninh's calendar): year-end dossiers before 10/12. assumption: 70 % of nominations
    # and verifications in the 15 working days before it.
    year_end_peak_share: float = 0.7
    year_end_window_working_days: float = 15.0
    # assumption: working days per year (grievances arrive all year).
    working_days_per_year: float = 250.0
    # assumption: office hours in which the requests of a day arrive.
    busy_hours_per_day: float = 8.0
    # assumption: public reads of the disclosure list per nomination (GET /public/disclosures).
    public_reads_per_nomination: float = 5.0

    @property
    def registrations_per_year(self) -> float:
        """Registrations: associations x campaigns x participation."""
        return self.member_associations * self.campaigns_per_year * self.participation

    @property
    def awards_per_year(self) -> float:
        """Awardees decided in a year."""
        return self.nominations_per_year * self.approval_rate


@dataclass(frozen=True)
class Action:
    """One business action: how often, when, and what it costs each service."""

    name: str
    per_year: float
    window: str
    peak_share: float
    window_working_days: float
    api_requests: Mapping[str, float]
    """HTTP requests per action, by API (assumption: what an officer's browser does around it)."""
    published: Mapping[str, float]
    """Outbox entries per action, by producing service (from the code's handlers)."""
    consumed: Mapping[str, float]
    """Consumer messages per action, by consuming service (from the consumers' bindings)."""
    notices: float = 0.0
    """In-app notices per action (notify ROUTES: recipients per event)."""

    def peak_per_s(self, *, busy_hours_per_day: float, peak_factor: float) -> float:
        """Actions/s in the busiest hour of its window."""
        seconds = self.window_working_days * busy_hours_per_day * 3600.0
        return self.per_year * self.peak_share / seconds * peak_factor


def default_actions(w: Workload) -> tuple[Action, ...]:
    """The actions of a year. Event counts follow the code (see each comment); requests are assumptions.

    notify sends each routed event to its recipients by in-app inbox and e-mail (`Recipient.channels`), and
    every delivery emits `notification.delivered`, which grievance consumes (its `informed` read model).
    """
    return (
        Action(
            # registration.submitted -> awards (registration facts) and notify (association: inbox + e-mail).
            name="registration",
            per_year=w.registrations_per_year,
            window=Q1,
            peak_share=w.q1_peak_share,
            window_working_days=w.q1_window_working_days,
            api_requests={"registration": 6, "notify": 2},
            published={"registration": 1, "notify": 2},
            consumed={"awards": 1, "notify": 1, "grievance": 2},
            notices=1,
        ),
        Action(
            # year-end self-assessment and verification: registration.verified -> awards, notify.
            name="verification",
            per_year=w.registrations_per_year,
            window=YEAR_END,
            peak_share=w.year_end_peak_share,
            window_working_days=w.year_end_window_working_days,
            api_requests={"registration": 3, "notify": 1},
            published={"registration": 1, "notify": 2},
            consumed={"awards": 1, "notify": 1, "grievance": 2},
            notices=1,
        ),
        Action(
            # nomination.submitted (no subscriber but the board) and nomination.disclosed -> notify.
            name="nomination",
            per_year=w.nominations_per_year,
            window=YEAR_END,
            peak_share=w.year_end_peak_share,
            window_working_days=w.year_end_window_working_days,
            api_requests={"awards": 6 + w.public_reads_per_nomination, "notify": 1},
            published={"awards": 2, "notify": 2},
            consumed={"notify": 1, "grievance": 2},
            notices=1,
        ),
        Action(
            # per awardee: award.decided -> grievance and notify (awardee and association: 2 x 2 deliveries).
            name="award",
            per_year=w.awards_per_year,
            window=YEAR_END,
            peak_share=w.year_end_peak_share,
            window_working_days=w.year_end_window_working_days,
            api_requests={"awards": 0.5, "notify": 2},
            published={"awards": 1, "notify": 4},
            consumed={"notify": 1, "grievance": 1 + 4},
            notices=2,
        ),
        Action(
            # grievance.received, .accepted, .resolved -> notify (complainant); .accepted, .resolved ->
            # awards (deferral holds).
            name="grievance",
            per_year=w.grievances_per_year,
            window=ALL_YEAR,
            peak_share=1.0,
            window_working_days=w.working_days_per_year,
            api_requests={"grievance": 10, "notify": 2},
            published={"grievance": 3, "notify": 6},
            consumed={"notify": 3, "awards": 2, "grievance": 6},
            notices=3,
        ),
    )


@dataclass(frozen=True)
class Policy:
    """How much to provision."""

    peak_factor: float = 3.0  # assumption: busiest hour / average hour of a window (the deadline's eve)
    headroom: float = 0.3  # capacity for load x (1 + headroom): a replica lost or a slower day
    min_replicas: int = 2  # high availability: a node drain or rolling update leaves one serving
    drain_target_s: float = 600.0  # assumption: the largest decision's notices within 10 minutes
    # (the legal limit is 10 working days to forward a decision, docs/rules.md, rule 31)

    def __post_init__(self) -> None:
        if self.peak_factor < 1:
            raise ValueError("peak_factor must be >= 1 (the busiest hour is at least the average)")
        if self.headroom < 0:
            raise ValueError("headroom must be >= 0")
        if self.min_replicas < 1:
            raise ValueError("min_replicas must be >= 1")
        if self.drain_target_s <= 0:
            raise ValueError("drain_target_s must be > 0")


@dataclass(frozen=True)
class DocumentSizes:
    """Average stored sizes in bytes. All assumptions from the models' fields: measure them on production
    with `db.<collection>.stats().avgObjSize` (and `db.<bucket>.files` lengths for GridFS)."""

    campaign: int = 2_000
    association: int = 1_500
    registration_base: int = 2_000
    registration_per_individual: int = 300
    plan_document: int = 500_000  # GridFS `plans` (a PDF/DOCX plan; limit THIDUA_PLAN_MAX_BYTES = 10 MiB)
    nomination: int = 6_000  # dossier metadata and the eligibility report
    award: int = 1_500
    decision_base: int = 1_500
    decision_per_awardee: int = 150
    ballot: int = 300
    award_read_model_row: int = 1_000  # awards' copy of registration facts
    grievance: int = 4_000
    filer: int = 800  # sealed identity (AES-GCM)
    audit_entries_per_grievance: int = 12
    audit_entry: int = 500
    attachment: int = 1_000_000  # GridFS `evidence` / `sealed` (limit THIDUA_ATTACHMENT_MAX_BYTES = 10 MiB)
    attachment_record: int = 300  # the `attachments` row beside each file
    notice: int = 1_500
    delivery: int = 2_500  # the rendered e-mail is kept on the delivery
    outbox_entry: int = 1_500  # the envelope JSON and the relay's fields
    inbox_entry: int = 200
    message: int = 1_500  # an AMQP message (the envelope)


@dataclass(frozen=True)
class Infra:
    """Facts about the deployment the sheet sizes."""

    mongo_members: int = 3  # deploy/k8s: MongoDBCommunity, 3-member replica set
    rabbit_nodes: int = 3  # deploy/k8s: RabbitmqCluster, 3 nodes (quorum queues replicated on each)
    api_pool_peak: int = 32  # bench.http drives one API replica with 32 concurrent clients
    consumer_concurrency: int = 16  # ServiceSettings.consumer_concurrency (THIDUA_CONSUMER_CONCURRENCY)
    worker_other_connections: int = 4  # relay, its gauges, background loop, lease (assumption)
    monitor_connections_per_member: int = 2  # PyMongo >= 4: a monitor and an RTT connection per member
    mongo_connection_ram: int = 1_048_576  # mongod: about 1 MiB per connection
    retry_queues: int = 4  # len(THIDUA_CONSUMER_RETRY_DELAYS_S), default [1, 10, 60, 600]
    index_overhead: float = 0.3  # assumption: indexes as a share of data
    years: int = 5  # how many years of records the disk must hold (records are kept; assumption)


# ----------------------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceSizing:
    """One service's sizing."""

    service: str
    api_peak_rps: float
    api_replicas: int
    worker_peak_eps: float
    worker_replicas: int
    relay_peak_eps: float
    relay_utilisation: float
    burst_messages: float
    burst_drain_s: float
    burst_published: float
    """Events this service's relay publishes because of the decision burst (award.decided, notices)."""
    relay_burst_s: float
    data_bytes_per_year: float
    files_bytes_per_year: float
    api_margin: float
    """Capacity of the API replicas over the peak with headroom (inf when idle)."""
    worker_margin: float
    """Capacity of the worker replicas over the steady peak with headroom (inf: idle, or no consumer)."""


def _capacity_margin(replicas: int, per_replica: float, load: float, headroom: float) -> float:
    needed = load * (1.0 + headroom)
    return math.inf if needed <= 0 else replicas * per_replica / needed


@dataclass(frozen=True)
class MongoSizing:
    """The replica set."""

    data_bytes_per_year: float
    files_bytes_per_year: float
    disk_per_member: float  # `years` of data and files, with indexes
    disk_total: float
    connections_primary: int
    connections_per_secondary: int
    connection_ram_primary: float


@dataclass(frozen=True)
class RabbitSizing:
    """The broker cluster."""

    peak_publish_msgs_s: float
    peak_deliveries_s: float
    utilisation: float
    connections: int
    channels: int
    quorum_queues: int
    largest_backlog_msgs: float
    largest_backlog_bytes: float  # replicated on every node


@dataclass(frozen=True)
class Sheet:
    """The sizing of one scope (one province, or all provinces on one shared cluster)."""

    label: str
    provinces: int
    services: tuple[ServiceSizing, ...]
    mongo: MongoSizing
    rabbit: RabbitSizing
    relay_decision_s: float
    burst_awardees: float
    decisions_at_once: int
    warnings: tuple[str, ...] = ()
    """What replicas cannot fix: a relay over its capacity, or slower than the drain target."""
    infra: Infra = Infra()

    def service(self, name: str) -> ServiceSizing:
        """The sizing of one service."""
        return next(s for s in self.services if s.service == name)

    @property
    def pods(self) -> int:
        """API and worker replicas together."""
        return sum(s.api_replicas + s.worker_replicas for s in self.services)


# ----------------------------------------------------------------------------------------------------------
# Computation
# ----------------------------------------------------------------------------------------------------------


def replicas_for(load: float, per_replica: float, *, headroom: float = 0.0, minimum: int = 2) -> int:
    """Replicas so that `load x (1 + headroom)` fits, never fewer than `minimum`."""
    if not (math.isfinite(per_replica) and per_replica > 0):
        raise ValueError(f"per-replica throughput must be a positive number, got {per_replica!r}")
    if not (math.isfinite(load) and load >= 0):
        raise ValueError(f"load must be a non-negative number, got {load!r}")
    needed = load * (1.0 + headroom) / per_replica
    # A hair under an integer (float error) must not buy one more replica.
    return max(minimum, math.ceil(needed - 1e-9))


_KINDS = ("api", "published", "consumed")


def peak_loads(
    actions: Sequence[Action], *, busy_hours_per_day: float, peak_factor: float, scale: float = 1.0
) -> dict[str, dict[str, float]]:
    """Per kind (`api`, `published`, `consumed`) and service, the load of the busiest window (per second)."""
    windows = {a.window for a in actions if a.window != ALL_YEAR} or {ALL_YEAR}
    result: dict[str, dict[str, float]] = {kind: dict.fromkeys(SERVICES, 0.0) for kind in _KINDS}
    for window in windows:
        active = [a for a in actions if a.window in (window, ALL_YEAR)]
        for kind in _KINDS:
            for service in SERVICES:
                total = sum(
                    a.peak_per_s(busy_hours_per_day=busy_hours_per_day, peak_factor=peak_factor)
                    * scale
                    * _per_action(a, kind).get(service, 0.0)
                    for a in active
                )
                result[kind][service] = max(result[kind][service], total)
    return result


def _per_action(action: Action, kind: str) -> Mapping[str, float]:
    return {"api": action.api_requests, "published": action.published, "consumed": action.consumed}[kind]


def yearly_storage(
    w: Workload, actions: Sequence[Action], sizes: DocumentSizes
) -> dict[str, tuple[float, float]]:
    """Per service, (documents, GridFS files) bytes added in a year, without indexes or replication.

    The outbox and inbox are bounded by their TTLs (THIDUA_OUTBOX_RETENTION_DAYS 7,
    THIDUA_INBOX_RETENTION_DAYS 30): counted as if a whole peak window's entries were still held
    (conservative: the windows are longer than the outbox retention).
    """
    s = sizes
    registrations = w.registrations_per_year
    voted_ballots = w.nominations_per_year * w.council_voted_share * w.council_members
    data = {
        "registration": w.campaigns_per_year * s.campaign
        + w.member_associations * s.association
        + registrations * s.registration_base
        + registrations * w.individuals_per_registration * s.registration_per_individual,
        "awards": w.nominations_per_year * s.nomination
        + w.awards_per_year * (s.award + s.decision_per_awardee)
        + w.decisions_per_year * s.decision_base
        + voted_ballots * s.ballot
        + registrations * 2 * s.award_read_model_row,
        "grievance": w.grievances_per_year
        * (
            s.grievance
            + s.filer
            + w.attachments_per_grievance * s.attachment_record
            + s.audit_entries_per_grievance * s.audit_entry
        ),
        "notify": sum(
            a.per_year * (a.notices * s.notice + a.published.get("notify", 0.0) * s.delivery) for a in actions
        )
        + w.member_associations * s.association,  # the directory read model
    }
    for service in SERVICES:
        data[service] += sum(
            a.per_year
            * a.peak_share
            * (a.published.get(service, 0.0) * s.outbox_entry + a.consumed.get(service, 0.0) * s.inbox_entry)
            for a in actions
        )
    files = {
        "registration": registrations * s.plan_document,
        "awards": 0.0,
        "grievance": w.grievances_per_year * w.attachments_per_grievance * s.attachment,
        "notify": 0.0,
    }
    return {service: (data[service], files[service]) for service in SERVICES}


def size(
    measured: Measured,
    workload: Workload | None = None,
    *,
    policy: Policy | None = None,
    sizes: DocumentSizes | None = None,
    infra: Infra | None = None,
    actions: Sequence[Action] | None = None,
    provinces: int = 1,
    label: str | None = None,
) -> Sheet:
    """The sizing sheet of `provinces` provinces like `workload` served by one shared deployment."""
    if provinces < 1:
        raise ValueError("provinces must be >= 1")
    w = workload or Workload()
    p = policy or Policy()
    s = sizes or DocumentSizes()
    inf = infra or Infra()
    acts = tuple(actions) if actions is not None else default_actions(w)
    loads = peak_loads(
        acts, busy_hours_per_day=w.busy_hours_per_day, peak_factor=p.peak_factor, scale=provinces
    )
    storage = yearly_storage(w, acts, s)
    largest = next((a for a in acts if a.name == "award"), None)
    # The largest decisions land at once: N award.decided each, through one relay, then to the consumers.
    decisions = max(1, math.ceil(provinces * w.simultaneous_decisions_share - 1e-9))
    burst_awardees = float(w.largest_decision_awardees * decisions) if largest is not None else 0.0
    services = []
    for service in SERVICES:
        api = loads["api"][service]
        consumed = loads["consumed"][service]
        published = loads["published"][service]
        burst = burst_awardees * (largest.consumed.get(service, 0.0) if largest is not None else 0.0)
        burst_out = burst_awardees * (largest.published.get(service, 0.0) if largest is not None else 0.0)
        api_replicas = replicas_for(
            api, measured.api_rps[service], headroom=p.headroom, minimum=p.min_replicas
        )
        if service in CONSUMING:
            eps = measured.worker_eps[service]
            workers = max(
                replicas_for(consumed, eps, headroom=p.headroom, minimum=p.min_replicas),
                replicas_for(burst / p.drain_target_s, eps, minimum=p.min_replicas),
            )
            drain = burst / (workers * eps)
            worker_margin = _capacity_margin(workers, eps, consumed, p.headroom)
        else:  # the relay only: one active, one standby
            workers, drain, worker_margin = p.min_replicas, 0.0, math.inf
        data, files = storage[service]
        services.append(
            ServiceSizing(
                service=service,
                api_peak_rps=api,
                api_replicas=api_replicas,
                worker_peak_eps=consumed,
                worker_replicas=workers,
                relay_peak_eps=published,
                relay_utilisation=published / measured.relay_eps,
                burst_messages=burst,
                burst_drain_s=drain,
                burst_published=burst_out,
                relay_burst_s=burst_out / measured.relay_eps,
                data_bytes_per_year=data * provinces,
                files_bytes_per_year=files * provinces,
                api_margin=_capacity_margin(api_replicas, measured.api_rps[service], api, p.headroom),
                worker_margin=worker_margin,
            )
        )
    warnings = [
        f"{x.service}: the relay needs {x.relay_burst_s:.0f} s for the decision burst "
        f"(target {p.drain_target_s:g} s); more replicas do not help (one active relay per service): "
        "raise THIDUA_RELAY_BATCH_SIZE, use a faster database, or give provinces their own stacks"
        for x in services
        if x.relay_burst_s > p.drain_target_s
    ] + [
        f"{x.service}: the relay's steady peak is {x.relay_utilisation:.0%} of one relay "
        f"(over {1 / (1 + p.headroom):.0%} with headroom); more replicas do not help"
        for x in services
        if x.relay_utilisation * (1 + p.headroom) > 1
    ]
    relay_decision_s = burst_awardees * (largest.published.get("awards", 0.0) if largest else 0.0)
    relay_decision_s /= measured.relay_eps
    return Sheet(
        label=label or ("one province" if provinces == 1 else f"{provinces} provinces, one shared cluster"),
        provinces=provinces,
        services=tuple(services),
        mongo=_mongo(services, inf),
        rabbit=_rabbit(services, loads, measured, inf, s),
        relay_decision_s=relay_decision_s,
        burst_awardees=burst_awardees,
        decisions_at_once=decisions,
        warnings=tuple(warnings),
        infra=inf,
    )


def _mongo(services: Sequence[ServiceSizing], inf: Infra) -> MongoSizing:
    data = sum(x.data_bytes_per_year for x in services)
    files = sum(x.files_bytes_per_year for x in services)
    per_member = (data * (1 + inf.index_overhead) + files) * inf.years
    processes = sum(x.api_replicas + x.worker_replicas for x in services)
    pools = sum(
        x.api_replicas * inf.api_pool_peak
        + x.worker_replicas
        * ((inf.consumer_concurrency if x.service in CONSUMING else 0) + inf.worker_other_connections)
        for x in services
    )
    monitors = processes * inf.monitor_connections_per_member
    return MongoSizing(
        data_bytes_per_year=data,
        files_bytes_per_year=files,
        disk_per_member=per_member,
        disk_total=per_member * inf.mongo_members,
        connections_primary=pools + monitors,
        connections_per_secondary=monitors,
        connection_ram_primary=float((pools + monitors) * inf.mongo_connection_ram),
    )


def _rabbit(
    services: Sequence[ServiceSizing],
    loads: Mapping[str, Mapping[str, float]],
    measured: Measured,
    inf: Infra,
    sizes: DocumentSizes,
) -> RabbitSizing:
    publish = sum(loads["published"].values())
    deliveries = sum(loads["consumed"].values())
    backlog = sum(x.burst_messages for x in services)
    workers = sum(x.worker_replicas for x in services)
    consumer_channels = sum(x.worker_replicas for x in services if x.service in CONSUMING)
    return RabbitSizing(
        peak_publish_msgs_s=publish,
        peak_deliveries_s=deliveries,
        utilisation=publish / measured.broker_msgs_s,
        connections=sum(x.api_replicas for x in services) + workers,
        channels=workers + consumer_channels,  # a relay channel per worker, a channel per consumer
        quorum_queues=len(CONSUMING) * (1 + inf.retry_queues + 1),
        largest_backlog_msgs=backlog,
        largest_backlog_bytes=backlog * sizes.message * inf.rabbit_nodes,
    )


# ----------------------------------------------------------------------------------------------------------
# Rendering and the command line
# ----------------------------------------------------------------------------------------------------------


def human_bytes(n: float) -> str:
    """1.2 GB style (decimal units)."""
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


def _rate(x: float) -> str:
    if x == 0:
        return "0"
    if x < 0.001:
        return "<0.001"
    return f"{x:.2g}" if x < 1 else f"{x:.1f}"


def _margin(x: float) -> str:
    if math.isinf(x):
        return "-"
    return ">1,000x" if x > 1000 else f"{x:,.0f}x"


def _pct(x: float) -> str:
    return "<0.1%" if x < 0.001 else f"{x:.1%}"


def render_markdown(sheets: Sequence[Sheet], measured: Measured, *, policy: Policy, separate: int) -> str:
    """The sheets as Markdown: a service table per scope, then MongoDB and RabbitMQ side by side."""
    lines = [
        f"Measured per replica ({measured.source}): "
        + ", ".join(f"API {k} {v:g} req/s" for k, v in measured.api_rps.items())
        + "; "
        + ", ".join(f"worker {k} {v:g} msg/s" for k, v in measured.worker_eps.items())
        + f"; one active relay {measured.relay_eps:g} events/s.",
        f"Policy: peak factor {policy.peak_factor:g}, headroom {policy.headroom:.0%}, "
        f"minimum {policy.min_replicas} replicas, "
        f"largest decision drained within {policy.drain_target_s:g} s.",
        "",
    ]
    for sheet in sheets:
        lines += [
            f"### {sheet.label}",
            "",
            "| service | API peak req/s | API replicas (margin) | worker peak msg/s "
            "| worker replicas (margin) | relay peak events/s (share of one relay) "
            "| burst consumed: msgs, drain | burst published: events, relay time "
            "| data / year | files / year |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for x in sheet.services:
            consumer = x.service in CONSUMING
            burst = f"{x.burst_messages:.0f}, {x.burst_drain_s:.0f} s" if x.burst_messages else "-"
            out = f"{x.burst_published:.0f}, {x.relay_burst_s:.0f} s" if x.burst_published else "-"
            lines.append(
                f"| {x.service} | {_rate(x.api_peak_rps)} | {x.api_replicas} ({_margin(x.api_margin)}) "
                f"| {_rate(x.worker_peak_eps) if consumer else 'relay only'} "
                f"| {x.worker_replicas} ({_margin(x.worker_margin)}) "
                f"| {_rate(x.relay_peak_eps)} ({_pct(x.relay_utilisation)}) | {burst} | {out} "
                f"| {human_bytes(x.data_bytes_per_year)} | {human_bytes(x.files_bytes_per_year)} |"
            )
        lines += [
            "",
            f"Pods (API + worker): {sheet.pods}. Decision burst: {sheet.decisions_at_once} decision(s) "
            f"of {sheet.burst_awardees / sheet.decisions_at_once:.0f} awardees at once; the awards relay "
            f"(one active replica) publishes their award.decided in {sheet.relay_decision_s:.0f} s, notify's "
            f"relay their notification.delivered in {sheet.service('notify').relay_burst_s:.0f} s "
            "(relays do not scale with replicas).",
            "",
            *(f"**Warning:** {text}." for text in sheet.warnings),
            *([""] if sheet.warnings else []),
        ]
    first, last = sheets[0], sheets[-1]
    inf = first.infra

    def both(get: Callable[[Sheet], str]) -> tuple[str, str]:
        return get(first), get(last)

    rows: list[tuple[str, tuple[str, str]]] = [
        (
            "MongoDB data / year (documents, before indexes)",
            both(lambda x: human_bytes(x.mongo.data_bytes_per_year)),
        ),
        (
            "MongoDB files / year (GridFS: plans, evidence, sealed)",
            both(lambda x: human_bytes(x.mongo.files_bytes_per_year)),
        ),
        (
            f"MongoDB disk per member, {inf.years} years incl. indexes",
            both(lambda x: human_bytes(x.mongo.disk_per_member)),
        ),
        (f"MongoDB disk, all {inf.mongo_members} members", both(lambda x: human_bytes(x.mongo.disk_total))),
        (
            "MongoDB connections at the primary (pool ceilings)",
            both(lambda x: str(x.mongo.connections_primary)),
        ),
        (
            "MongoDB connections per secondary (monitoring)",
            both(lambda x: str(x.mongo.connections_per_secondary)),
        ),
        (
            "mongod RAM for those connections (~1 MiB each)",
            both(lambda x: human_bytes(x.mongo.connection_ram_primary)),
        ),
        ("RabbitMQ peak publishes/s (all relays)", both(lambda x: _rate(x.rabbit.peak_publish_msgs_s))),
        ("RabbitMQ peak deliveries/s (all consumers)", both(lambda x: _rate(x.rabbit.peak_deliveries_s))),
        (
            f"RabbitMQ publishes vs {measured.broker_msgs_s:g} msg/s of one broker",
            both(lambda x: _pct(x.rabbit.utilisation)),
        ),
        ("RabbitMQ connections / channels", both(lambda x: f"{x.rabbit.connections} / {x.rabbit.channels}")),
        ("RabbitMQ quorum queues (main, retries, DLQ)", both(lambda x: str(x.rabbit.quorum_queues))),
        (
            "RabbitMQ largest backlog (decision burst), msgs",
            both(lambda x: f"{x.rabbit.largest_backlog_msgs:.0f}"),
        ),
        (
            f"RabbitMQ largest backlog, bytes on {inf.rabbit_nodes} nodes",
            both(lambda x: human_bytes(x.rabbit.largest_backlog_bytes)),
        ),
    ]
    lines += [
        "### MongoDB and RabbitMQ",
        "",
        f"| | {first.label} | {last.label} |",
        "|---|---:|---:|",
        *(f"| {name} | {a} | {b} |" for name, (a, b) in rows),
        "",
        f"{separate} provinces each with its own stack: {separate * first.pods} pods, "
        f"{separate} replica sets ({human_bytes(first.mongo.disk_total)} each over {inf.years} years), "
        f"{separate} broker clusters.",
    ]
    return "\n".join(lines) + "\n"


def parse_figures(items: Iterable[str], *, what: str) -> dict[str, float]:
    """`["registration=120", "awards=150"]` -> `{"registration": 120.0, ...}`; ValueError on bad input."""
    figures: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name not in SERVICES:
            raise ValueError(
                f"{what}: expected <service>=<number> with a service of {SERVICES}, got {item!r}"
            )
        try:
            figures[name] = float(value)
        except ValueError:
            raise ValueError(f"{what}: {item!r} is not <service>=<number>") from None
    return figures


def _parser() -> argparse.ArgumentParser:
    w, p = Workload(), Policy()
    parser = argparse.ArgumentParser(
        prog="python -m bench.sizing",
        description="Sizing sheet (Markdown) from per-replica figures (defaults: the README benchmarks).",
    )
    parser.add_argument(
        "--api-rps", nargs="+", default=[], metavar="SERVICE=REQ_S", help="per-replica API req/s"
    )
    parser.add_argument(
        "--worker-eps", nargs="+", default=[], metavar="SERVICE=MSG_S", help="per-replica worker msg/s"
    )
    parser.add_argument("--relay-eps", type=float, help="events/s of the one active relay of a service")
    parser.add_argument("--broker-msgs", type=float, help="publishes/s one broker sustains")
    parser.add_argument("--provinces", type=int, default=PROVINCES_VN, help="provinces for the second sheet")
    parser.add_argument("--associations", type=int, default=w.member_associations)
    parser.add_argument("--nominations", type=int, default=w.nominations_per_year)
    parser.add_argument("--largest-decision", type=int, default=w.largest_decision_awardees)
    parser.add_argument("--peak-factor", type=float, default=p.peak_factor)
    parser.add_argument("--headroom", type=float, default=p.headroom)
    parser.add_argument("--min-replicas", type=int, default=p.min_replicas)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Print the sizing sheet for one province and for all provinces."""
    parser = _parser()
    args = parser.parse_args(argv)
    base = default_measured()
    try:
        api = {**base.api_rps, **parse_figures(args.api_rps, what="--api-rps")}
        worker = {**base.worker_eps, **parse_figures(args.worker_eps, what="--worker-eps")}
        custom = bool(args.api_rps or args.worker_eps or args.relay_eps or args.broker_msgs)
        measured = replace(
            base,
            api_rps=api,
            worker_eps=worker,
            relay_eps=base.relay_eps if args.relay_eps is None else args.relay_eps,
            broker_msgs_s=base.broker_msgs_s if args.broker_msgs is None else args.broker_msgs,
            source=base.source + (", with figures from the command line" if custom else ""),
        )
        workload = replace(
            Workload(),
            member_associations=args.associations,
            nominations_per_year=args.nominations,
            largest_decision_awardees=args.largest_decision,
        )
        policy = Policy(peak_factor=args.peak_factor, headroom=args.headroom, min_replicas=args.min_replicas)
        sheets = [size(measured, workload, policy=policy, provinces=n) for n in sorted({1, args.provinces})]
    except ValueError as exc:
        parser.error(str(exc))
    print(render_markdown(sheets, measured, policy=policy, separate=args.provinces), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
