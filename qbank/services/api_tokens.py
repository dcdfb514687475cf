"""Listing and revoking a user's own personal API tokens (creating them is ``users.create_api_token``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from qbank.db.models import ApiToken
from qbank.domain.actor import Actor
from qbank.domain.errors import NotFound
from qbank.services.uow import UnitOfWork


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


def list_api_tokens(uow: UnitOfWork, actor: Actor) -> list[TokenInfo]:
    rows = uow.session.scalars(select(ApiToken).where(ApiToken.user_id == actor.user_id).order_by(ApiToken.id))
    return [TokenInfo(r.id, r.name, r.created_at, r.last_used_at) for r in rows]


def revoke_api_token(uow: UnitOfWork, actor: Actor, token_id: int) -> None:
    row = uow.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == actor.user_id))
    if row is None:
        raise NotFound("token %(token_id)s not found", token_id=token_id)
    uow.session.delete(row)
    uow.commit()
