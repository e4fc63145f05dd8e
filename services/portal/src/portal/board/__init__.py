"""The provincial board's read-only page (role `board`)."""

from portal.board import forwarded

ROUTERS = [forwarded.router]
