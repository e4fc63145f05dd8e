"""The grievance service's HTTP edge: thin route modules over the use cases, one error map."""

from __future__ import annotations

from fastapi import APIRouter

from grievance.api import actions, cases, content, oversight

ROUTERS: list[APIRouter] = [cases.router, actions.router, content.router, oversight.router]
