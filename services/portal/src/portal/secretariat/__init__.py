"""The secretariat's desk (role `secretariat`): campaigns, the directory, verification, nominations and
disclosure, council sessions, decisions and the informing report."""

from portal.secretariat import (
    campaigns,
    council,
    decisions,
    directory,
    nominations,
    statistics,
    verification,
)  # fmt: skip

ROUTERS = [
    campaigns.router,
    directory.router,
    verification.router,
    nominations.router,
    council.router,
    decisions.router,
    statistics.router,
]
