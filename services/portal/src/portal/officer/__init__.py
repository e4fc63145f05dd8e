"""Pages of the association officer (role `association`)."""

from fastapi import APIRouter

from portal.officer import assessment, complaints, imports, inbox, nominations, registrations

ROUTERS: tuple[APIRouter, ...] = (
    registrations.router,
    assessment.router,
    imports.router,
    nominations.router,
    inbox.router,
    complaints.router,
)
