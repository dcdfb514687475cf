"""Pictures within a pixel limit: downscale what is too large, refuse decompression bombs.

A picture's header may declare any size: a 100 KB PNG can declare 30000×30000 pixels, which a
browser, python-docx or LibreOffice then tries to decode (about 1 GB and 16-19 s for one PDF here).
Every imported picture's declared size is read from its header (Pillow, no decoding). Within
``MAX_PIXELS`` it is kept byte for byte. Above it, it is downscaled to fit when decoding it is
bounded (at most ``DECODE_PIXELS``, or a JPEG that Pillow can decode at 1/8 scale); otherwise
it is removed, the question keeps a "[picture removed …]" note, and the import reports where.
"""

from __future__ import annotations

import io
import math
import re
import warnings

from importers.base import ImportResult
from qbank.domain.content import Content, Image, Ole, Paragraph, Text
from qbank.domain.question import Blob

MAX_PIXELS = 16_000_000  # 4000×4000: more than any printed exam picture needs
DECODE_PIXELS = 64_000_000  # largest picture decoded to downscale it (RGBA: 256 MB, under the reader's cap)
RASTER = {"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff"}


def limit_pictures(result: ImportResult, max_pixels: int = MAX_PIXELS) -> int:
    """Bring every raster picture of ``result`` within ``max_pixels``; returns how many were changed."""
    changed = 0
    for sha, blob in list(result.blobs.items()):
        if blob.mime not in RASTER:
            continue  # vector previews (WMF/EMF) and OLE objects have no pixel grid to decode
        size = declared_size(blob.data)
        if size is None:
            continue  # not readable as a picture: left as it is, as before
        width, height = size
        if width * height <= max_pixels:
            continue
        changed += 1
        where, question = _where(result, sha)
        shrunk = downscale(blob.data, width, height, max_pixels)
        if shrunk is not None:
            new = Blob(shrunk[0], shrunk[1])
            del result.blobs[sha]
            result.blobs.setdefault(new.sha256, new)
            _replace(result, sha, new.sha256, new.mime)
            result.warn(where, f"picture of {width}×{height} pixels downscaled to {shrunk[2]}×{shrunk[3]} "
                               f"(limit {max_pixels / 1e6:g} megapixels)", question)
        else:
            del result.blobs[sha]
            note = f"[picture removed: {width}×{height} pixels]"
            _replace(result, sha, None, note)
            result.error(where, f"picture of {width}×{height} pixels removed: above the limit of {max_pixels / 1e6:g} "
                                "megapixels and too large to downscale safely; insert a smaller copy and import again", question)
    return changed


def declared_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the header, or None if not a picture; a bomb's size is still reported."""
    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as im:
                return im.size
    except PILImage.DecompressionBombError as exc:
        # "Image size (900000000 pixels) exceeds limit …": no width and height; report a square.
        m = re.search(r"\((\d+) pixels\)", str(exc))
        side = math.isqrt(int(m.group(1))) if m else 1 << 16
        return side, side
    except Exception:  # noqa: BLE001 - any unreadable picture is left for the renderers to skip
        return None


def downscale(
    data: bytes, width: int, height: int, max_pixels: int, target: tuple[int, int] | None = None
) -> tuple[bytes, str, int, int] | None:
    """(bytes, mime, width, height) of the picture within ``max_pixels`` (or fitted in ``target``),
    or None when decoding it would be unbounded."""
    from PIL import Image as PILImage

    if target is None:
        scale = math.sqrt(max_pixels / (width * height))
        target = (max(1, int(width * scale)), max(1, int(height * scale)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as im:
                jpeg = im.format == "JPEG"
                if jpeg:
                    im.draft("RGB", target)  # decode at 1/2, 1/4 or 1/8 scale: bounded work
                decoded = im.size[0] * im.size[1]
                if decoded > DECODE_PIXELS:
                    return None
                im.thumbnail(target, PILImage.Resampling.LANCZOS)
                out = io.BytesIO()
                if jpeg:
                    im.convert("RGB").save(out, "JPEG", quality=88)
                    return out.getvalue(), "image/jpeg", im.size[0], im.size[1]
                if im.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                    im = im.convert("RGBA")
                im.save(out, "PNG")
                return out.getvalue(), "image/png", im.size[0], im.size[1]
    except (PILImage.DecompressionBombError, OSError, ValueError, MemoryError):
        return None


def _contents(result: ImportResult) -> list[tuple[int | None, Content]]:
    out: list[tuple[int | None, Content]] = [(i, c) for i, q in enumerate(result.questions) for c in q.all_contents()]
    return out + [(None, c) for c in result.passages.values()]


def _where(result: ImportResult, sha: str) -> tuple[str, int | None]:
    for index, content in _contents(result):
        if sha in content.blob_refs():
            return (f"question {index + 1}" if index is not None else "shared passage"), index
    return "picture", None


def _replace(result: ImportResult, old: str, new: str | None, mime_or_note: str) -> None:
    """Point every reference to ``old`` at ``new`` (with its mime), or put a note in its place."""
    for _, content in _contents(result):
        _replace_in(content, old, new, mime_or_note)


def _replace_in(content: Content, old: str, new: str | None, mime_or_note: str) -> None:
    for block in content.blocks:
        if isinstance(block, Paragraph):
            for i, inline in enumerate(block.inlines):
                if isinstance(inline, Image) and inline.blob == old:
                    if new is None:
                        block.inlines[i] = Text(mime_or_note)
                    else:
                        inline.blob, inline.mime = new, mime_or_note
                elif isinstance(inline, Ole) and inline.preview == old:
                    inline.preview = new
                    if new is not None:
                        inline.preview_mime = mime_or_note
        else:
            for row in block.rows:
                for cell in row:
                    _replace_in(cell, old, new, mime_or_note)
