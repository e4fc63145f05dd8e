"""Public pages (no account): decisions, disclosure, grievance intake and tracking, exemplary models."""

from fastapi import APIRouter

from portal.public import home

ROUTERS: tuple[APIRouter, ...] = (home.router,)
