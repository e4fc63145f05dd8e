"""Pages of the association officer (role `association`)."""

from fastapi import APIRouter

ROUTERS: tuple[APIRouter, ...] = ()
