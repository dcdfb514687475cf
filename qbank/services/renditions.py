"""Pictures sized for a web page: a downscaled rendition, made on first request and kept as a blob.

The original stays for Word export and download; only the widths in ``WIDTHS`` are made, so a
client cannot make the server render (and store) arbitrary sizes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from importers.pictures import DECODE_PIXELS, RASTER, declared_size, downscale
from qbank.db.models import BlobRendition
from qbank.domain.errors import NotFound
from qbank.domain.question import Blob
from qbank.services.blobs import load_blobs, put_blobs
from qbank.services.uow import UnitOfWork

WIDTHS = (480, 960)


def rendition(uow: UnitOfWork, original: Blob, width: int) -> Blob:
    """``original`` no wider than ``width`` pixels (itself when it already is or is not a raster picture).

    The caller has checked the user may see ``original``. A stored picture too large to decode
    safely (from before the import limit) is never decoded here: it answers NotFound.
    """
    if width not in WIDTHS:
        raise NotFound("no such picture size")
    if original.mime not in RASTER:
        return original
    sha = original.sha256
    cached = uow.session.scalar(select(BlobRendition.rendition_sha256).where(BlobRendition.sha256 == sha, BlobRendition.width == width))
    if cached:
        found = load_blobs(uow.session, [cached]).get(cached)
        if found is not None:
            return found
    size = declared_size(original.data)
    if size is None or size[0] <= width:
        return original
    w, h = size
    if w * h > DECODE_PIXELS and original.mime != "image/jpeg":
        raise NotFound("picture too large to show")
    shrunk = downscale(original.data, w, h, w * h, target=(width, max(1, round(h * width / w))))
    if shrunk is None:
        raise NotFound("picture too large to show")
    made = Blob(shrunk[0], shrunk[1])
    try:
        put_blobs(uow.session, {made.sha256: made})
        uow.session.flush()  # the blob row first: the rendition row refers to it
        uow.session.add(BlobRendition(sha256=sha, width=width, rendition_sha256=made.sha256))
        uow.commit()
    except IntegrityError:  # another request made the same rendition meanwhile: theirs is as good
        uow.session.rollback()
    return made
