"""What every ``qbank`` command module shares: the lazily built runtime, the acting user, JSON output."""

from __future__ import annotations

import json
from typing import Any

import click

from qbank.domain.actor import SYSTEM
from qbank.domain.errors import QBankError
from qbank.runtime import Runtime


class Ctx:
    """Lazily built runtime, so ``--help`` and ``--dry-run`` never touch the database."""

    def __init__(self) -> None:
        self._rt: Runtime | None = None

    @property
    def rt(self) -> Runtime:
        if self._rt is None:
            self._rt = Runtime()
            if not self._rt.schema_is_current():
                raise QBankError(f"the database at {self._rt.settings.database_url} is not initialised: run `qbank init`")
            self._rt.enable_indexing()  # also applies changes a crashed process left queued
        return self._rt

    def fresh(self) -> Runtime:
        if self._rt is None:
            self._rt = Runtime()
        return self._rt


pass_ctx = click.make_pass_decorator(Ctx, ensure=True)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _actor(ctx: Ctx, username: str | None):  # noqa: ANN202 - Actor
    """SYSTEM, or the named user (to see exactly what they would see)."""
    if not username:
        return SYSTEM
    from sqlalchemy import select

    from qbank.db.models import User
    from qbank.services.orgs import actor_for

    with ctx.rt.uow() as uow:
        user_row = uow.session.scalar(select(User).where(User.username == username))
        if user_row is None:
            raise QBankError(f"no user {username!r}; `qbank user list` shows them")
        return actor_for(uow, user_row)
