"""Content-addressed blobs (pictures, OLE objects, uploaded files) stored in the database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from qbank.db.models import BlobRow, QuestionBlob, QuestionRow, utcnow
from qbank.domain.actor import Actor
from qbank.domain.errors import NotFound
from qbank.domain.question import Blob
from qbank.services.permissions import question_visible_clause
from qbank.services.uow import UnitOfWork


def put_blobs(session: Session, blobs: Mapping[str, Blob]) -> int:
    """Insert the blobs not stored yet; returns how many were new. Part of the caller's transaction."""
    if not blobs:
        return 0
    have = set(session.scalars(select(BlobRow.sha256).where(BlobRow.sha256.in_(list(blobs)))))
    new = 0
    for sha, blob in blobs.items():
        if sha in have:
            continue
        if blob.sha256 != sha:
            raise ValueError(f"blob key {sha[:12]} does not match its content")
        session.add(BlobRow(sha256=sha, mime=blob.mime, size=len(blob.data), data=blob.data))
        new += 1
    return new


def load_blobs(session: Session, shas: Iterable[str]) -> dict[str, Blob]:
    wanted = list(set(shas))
    if not wanted:
        return {}
    rows = session.execute(select(BlobRow.sha256, BlobRow.mime, BlobRow.data).where(BlobRow.sha256.in_(wanted)))
    return {sha: Blob(bytes(data), mime) for sha, mime, data in rows}


def get_visible_blob(uow: UnitOfWork, actor: Actor, sha256: str) -> Blob:
    """A picture or object, only for someone who may see a question that shows it (404 otherwise)."""
    if not actor.is_system:
        shown = uow.session.scalar(
            select(QuestionBlob.question_id)
            .join(QuestionRow, QuestionRow.id == QuestionBlob.question_id)
            .where(QuestionBlob.sha256 == sha256, question_visible_clause(actor, utcnow()))
            .limit(1)
        )
        if shown is None:
            raise NotFound("no such file")
    return get_blob(uow, sha256)


def get_blob(uow: UnitOfWork, sha256: str) -> Blob:
    blob = load_blobs(uow.session, [sha256]).get(sha256)
    if blob is None:
        raise NotFound("no such file")
    return blob
