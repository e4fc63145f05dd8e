"""What exists at the end of a demo run, counted through the public APIs."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thidua_tools.province.demo import Demo

SETTLE_TIMEOUT_S = 60.0


async def _notifications(demo: Demo) -> int:
    """Notices in the inboxes of the demo's associations."""
    gate = asyncio.Semaphore(demo.concurrency)

    async def inbox(association_id: str) -> int:
        async with gate:
            return len(await demo.api.list_notifications(association_id=association_id))

    return sum(await asyncio.gather(*(inbox(i) for i in demo.ids.values())))


async def _fingerprint(demo: Demo) -> tuple[int, tuple[tuple[str, int], ...]]:
    statuses = Counter(n["status"] for n in await demo.api.list_nominations())
    return await _notifications(demo), tuple(sorted(statuses.items()))


async def settle(demo: Demo) -> int:
    """Wait until the event flow has gone quiet (inbox total and nomination statuses unchanged over two
    polls a second apart, at most a minute); returns the inbox total."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_TIMEOUT_S
    with demo.progress.step("Thông báo kết quả (notifications)", 1) as step:
        previous, stable = await _fingerprint(demo), 0
        while stable < 2 and loop.time() < deadline:
            await asyncio.sleep(1.0)
            current = await _fingerprint(demo)
            stable = stable + 1 if current == previous else 0
            previous = current
        step.advance()
        return previous[0]


async def counts(demo: Demo) -> dict[str, int]:
    """Counts per kind of what the demo's province holds now."""
    campaigns = {c["id"]: kind for kind, c in demo.campaigns.items()}
    ours = set(demo.ids.values())
    notifications = await settle(demo)
    out: Counter[str] = Counter()
    out["associations"] = len(ours)
    out["individuals"] = sum(len(p.members) for p in demo.profiles)
    out["campaigns"] = len(campaigns)
    for campaign_id, kind in campaigns.items():
        for reg in await demo.api.all_registrations(campaign_id=campaign_id):
            if reg["association_id"] in ours:
                out[f"registrations_{kind}"] += 1
                out[f"registrations_{kind}_{reg['status']}"] += 1
                out["registered_individuals"] += len(reg["plan"]["individuals"]) if kind == "annual" else 0
    out["award_history_rows"] = demo.history_rows
    nominations = [n for n in await demo.api.list_nominations() if n.get("campaign_id") in campaigns]
    out["nominations"] = len(nominations)
    out["nominations_refused_this_run"] = demo.refused
    out.update(f"nominations_{n['nominee']['kind']}" for n in nominations)
    out.update(f"nominations_{n['status']}" for n in nominations)
    out.update(f"nominated_{n['award_type_code']}" for n in nominations)
    for campaign_id in campaigns:
        out["disclosures"] += len(await demo.api.public_disclosures(campaign_id=campaign_id))
    awards = await demo.api.public_decisions(year=demo.year)
    ours_names = {p.name for p in demo.profiles}
    awards = [a for a in awards if a["unit"] in ours_names]
    out["decisions"] = len({a["decision_number"] for a in awards})
    out["awards_active"] = len(awards)
    out["awards_cancelled"] = out["nominations_decided"] - len(awards)
    grievances = await demo.api.list_grievances()
    register = re.compile(rf"\(Sổ tiếp nhận số (KN|TC)-{demo.year}-\d+\)")
    marked = [g for g in grievances if register.search(str(g.get("summary", "")))]
    out["grievances"] = len(marked)
    out.update(f"grievances_{g['kind']}_{g['status']}" for g in marked)
    out["notifications"] = notifications
    return dict(sorted(out.items()))
