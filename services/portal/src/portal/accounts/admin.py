"""The account administration API (`/admin/accounts`): used by `thidua seed-demo` and operators.

Guarded by a bearer secret (`THIDUA_ADMIN_TOKEN`); without one the API does not exist. There is no open
sign-up: accounts are created here only.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from thidua.http.problems import NotFound, Unauthorized, Unprocessable

from portal.accounts.domain import AccountError, User
from portal.web.deps import portal_of

router = APIRouter(prefix="/admin", tags=["administration"])


def _administrator(request: Request) -> None:
    secret = portal_of(request).settings.admin_token
    if secret is None:
        raise NotFound("Không có trang này.")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given, secret.get_secret_value()):
        raise Unauthorized("Cần mã quản trị hợp lệ.")


Administrator = Annotated[None, Depends(_administrator)]


class AccountIn(BaseModel):
    """An account to create or update."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=200)
    roles: list[str] = Field(min_length=1, max_length=5)
    association_id: str | None = Field(default=None, max_length=100)


@router.put("/accounts/{username}")
async def put_account(
    username: str, body: AccountIn, request: Request, _admin: Administrator
) -> dict[str, Any]:
    """Create or update one account (idempotent: the same body twice changes nothing visible)."""
    user = User(
        username=username, name=body.name, roles=tuple(body.roles), association_id=body.association_id
    )
    try:
        created = await portal_of(request).accounts.put_account(user, password=body.password)
    except AccountError as exc:
        raise Unprocessable(f"Tài khoản không hợp lệ ({exc.code}).", slug=exc.code) from exc
    return {
        "username": username,
        "created": created,
        "roles": body.roles,
        "association_id": body.association_id,
    }


@router.get("/accounts")
async def list_accounts(request: Request, _admin: Administrator) -> dict[str, Any]:
    """Every account (never a password hash)."""
    users = await portal_of(request).accounts.accounts.all()
    return {
        "items": [
            {
                "username": u.username,
                "name": u.name,
                "roles": list(u.roles),
                "association_id": u.association_id,
            }
            for u in users
        ]
    }
