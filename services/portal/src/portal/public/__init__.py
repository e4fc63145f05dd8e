"""Public pages (no account): decisions, disclosure, grievance intake and tracking, exemplary models."""

from fastapi import APIRouter

from portal.public import decisions, disclosures, exemplars, grievances, home

ROUTERS: tuple[APIRouter, ...] = (
    home.router,
    decisions.router,
    disclosures.router,
    grievances.router,
    exemplars.router,
)
