"""A province's busy seasons as a workload over the public APIs, with every call timed per endpoint.

Used by `bench/load.py` (40 associations, each with its own token) and by the system-level fault tests.
Each association is one concurrent actor; the secretariat decides at the end of the nomination season.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
from thidua_tools.province.client import ProvinceClient, individual
from thidua_tools.province.transport import ServiceUrls, new_key

AWARD = "GIAY_KHEN"  # Union authority, no council vote; đột xuất: no rating facts needed (BN86 Điều 4 k3)
DOSSIER = [
    {"kind": k, "filename": f"{k}.pdf", "sha256": hashlib.sha256(k.encode()).hexdigest()}
    for k in ("to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet")
]
_ID = re.compile(r"^(?:[0-9a-f]{24}|[0-9a-f]{32}|[0-9a-f-]{36})$")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Thị Dung", "Quốc Hùng", "Thị Lan", "Đức Mạnh", "Thu Hà")


def endpoint(method: str, path: str) -> str:
    """`POST /nominations/{id}/disclosure` from a concrete path: ids become `{id}`."""
    parts = ["{id}" if _ID.match(p) else p for p in path.split("/")]
    return f"{method} {'/'.join(parts)}"


@dataclass
class Recorder:
    """Latency of every answered call per endpoint, and the calls that failed (status ≥ 400 or no answer)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def table(self, wall_s: float) -> list[dict[str, Any]]:
        """Per endpoint: calls, throughput over the wall time, p50 and p99 in milliseconds."""
        rows = []
        for name, values in sorted(self.latencies.items()):
            ordered = sorted(values)
            rows.append(
                {
                    "endpoint": name,
                    "calls": len(values),
                    "per_s": len(values) / wall_s,
                    "p50_ms": 1000 * statistics.median(ordered),
                    "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
                }
            )
        return rows


class TimedTransport(httpx.AsyncBaseTransport):
    """Times each request until its whole body has arrived, and records failures."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder, self.inner = recorder, httpx.AsyncHTTPTransport(retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        name = endpoint(request.method, request.url.path)
        started = time.perf_counter()
        try:
            response = await self.inner.handle_async_request(request)
            body = await response.aread()
        except httpx.TransportError as exc:
            self.recorder.errors.append(f"{name}: {exc!r}")
            raise
        self.recorder.latencies[name].append(time.perf_counter() - started)
        if response.status_code >= 400:
            self.recorder.errors.append(f"{name}: {response.status_code} {body[:200]!r}")
        return httpx.Response(response.status_code, headers=response.headers, content=body, request=request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def timed_client(
    urls: ServiceUrls,
    secret: str,
    recorder: Recorder,
    *,
    retries: int = 0,
    issuer: str | None = None,
    audience: str | None = None,
) -> ProvinceClient:
    """A ProvinceClient whose every call is timed by `recorder` (its tokens of `issuer` for `audience`)."""
    http = httpx.AsyncClient(
        transport=TimedTransport(recorder),
        timeout=120,
        limits=httpx.Limits(max_connections=256, max_keepalive_connections=128),
    )
    return ProvinceClient(
        secret=secret,
        urls=urls,
        retries=retries,
        correlation_prefix="load",
        http=http,
        issuer=issuer,
        audience=audience,
    )


@dataclass
class Province:
    """What the workload created: associations (id -> code) and the year's campaign."""

    tag: str
    associations: dict[str, str]
    campaign_id: str
    members: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def person(tag: str, a: int, i: int) -> dict[str, Any]:
    """A registered member with a Vietnamese name and an e-mail for personal notices."""
    return {
        "personal_code": f"{tag}-{a:02d}-{i:03d}",
        "full_name": f"{FAMILY[(a + i) % len(FAMILY)]} {GIVEN[i % len(GIVEN)]}",
        "position": "Hội viên",
        "email": f"hv{a:02d}{i:03d}.{tag}@example.vn",
    }


async def gather_limited(limit: int, jobs: list[Callable[[], Awaitable[Any]]]) -> list[Any]:
    """Run the jobs with at most `limit` at a time; results in order."""
    gate = asyncio.Semaphore(limit)

    async def one(job: Callable[[], Awaitable[Any]]) -> Any:
        async with gate:
            return await job()

    return await asyncio.gather(*(one(job) for job in jobs))


async def setup_province(client: ProvinceClient, *, tag: str, associations: int, year: int) -> Province:
    """The secretariat adds the associations (each with an officer's e-mail) and launches the campaign."""

    async def add(a: int) -> tuple[str, str]:
        code = f"{tag}-H{a:02d}"
        made = await client.create_association(
            code=code,
            name=f"Hội Khoa học số {a} ({tag})",
            contact_emails=[f"vanphong{a:02d}.{tag}@example.vn"],
            officers=[
                {"full_name": "Trần Văn Bình", "user_id": f"officer-{tag}-{a}", "email": f"cb{a}.{tag}@ex.vn"}
            ],
            idempotency_key=f"{tag}-assoc-{a}",
        )
        return str(made["id"]), code

    made = await gather_limited(8, [lambda a=a: add(a) for a in range(associations)])  # type: ignore[misc]
    campaign = await client.create_campaign(
        code=f"{tag}-TDTN",
        name=f"Phong trào thi đua thường niên năm {year} ({tag})",
        year=year,
        kind="annual",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        registration_deadline=date(year, 3, 31),
        award_type_codes=[AWARD],
        idempotency_key=f"{tag}-campaign",
    )
    return Province(tag=tag, associations=dict(made), campaign_id=str(campaign["id"]))


async def registration_rush(client: ProvinceClient, province: Province, *, members: int) -> None:
    """Every association registers its collective and members, then checks its registration; the
    secretariat follows the campaign summary."""
    index = {aid: n for n, aid in enumerate(province.associations)}

    async def one(aid: str) -> None:
        people = [person(province.tag, index[aid], i) for i in range(members)]
        province.members[aid] = people
        made = await client.register(
            province.campaign_id,
            association_id=aid,
            collective_name=f"Tập thể {province.associations[aid]}",
            individuals=people,
            pledges=["Hoàn thành xuất sắc nhiệm vụ năm"],
            idempotency_key=f"{province.tag}-reg-{aid}",
        )
        await client.get_registration(str(made["id"]), caller=None)
        await client.campaign_summary(province.campaign_id)

    await asyncio.gather(*(one(aid) for aid in province.associations))


async def nomination_season(
    client: ProvinceClient, province: Province, *, per_association: int, year: int, round_: int = 0
) -> dict[str, list[str]]:
    """Every association nominates some of its members (đột xuất Giấy khen) and reads its list back."""

    async def one(aid: str) -> list[str]:
        ids = []
        people = province.members.get(aid) or [
            person(province.tag, list(province.associations).index(aid), i) for i in range(per_association)
        ]
        for k in range(per_association):
            member = people[(round_ * per_association + k) % len(people)]
            made = await client.nominate(
                association_id=aid,
                award_type_code=AWARD,
                year=year,
                commendation_type="dot_xuat",
                considered_on=date.today(),
                dossier=DOSSIER,
                nominee=individual(member["full_name"], province.associations[aid], member["personal_code"]),
                achievement_report=f"Thành tích đột xuất trong phòng chống thiên tai năm {year}.",
                idempotency_key=f"{province.tag}-nom-{aid}-{round_}-{k}",
            )
            ids.append(str(made["id"]))
        await client.list_nominations(association_id=aid, caller=None)
        return ids

    results = await asyncio.gather(*(one(aid) for aid in province.associations))
    return dict(zip(province.associations, results, strict=True))


async def decide(client: ProvinceClient, nomination_ids: list[str], *, number: str) -> dict[str, Any]:
    """The Chairman signs one decision for all the given nominations."""
    return await client.issue_decision(
        number=number,
        signed_on=date.today(),
        signer_name="Trần Văn An",
        signer_title="Chủ tịch",
        nomination_ids=nomination_ids,
        idempotency_key=new_key("decision", number),
    )
