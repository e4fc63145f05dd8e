"""Public pages (no account): decisions, disclosure, grievance intake and tracking, exemplary models."""

from fastapi import APIRouter

from portal.public import decisions, disclosures, exemplars, grievances, home, objections

ROUTERS: tuple[APIRouter, ...] = (
    home.router,
    decisions.router,
    disclosures.router,
    objections.router,
    grievances.router,
    exemplars.router,
)
