"""Uploads kept between preview and confirm: the file's bytes and the parsed result, server-side
under a random token in the data dir, bound to the user who uploaded them."""

from __future__ import annotations

import json
import pickle
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importers import ImportResult
from qbank.domain.errors import NotFound

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_AGE_S = 24 * 3600


@dataclass
class StoredUpload:
    token: str
    filename: str
    user_id: int
    data: bytes
    result: ImportResult
    meta: dict[str, Any]


class UploadStore:
    def __init__(self, root: Path):
        self.root = root

    def save(self, user_id: int, filename: str, data: bytes, result: ImportResult, meta: dict[str, Any] | None = None) -> str:
        self._sweep()
        token = secrets.token_urlsafe(24)  # 32 characters
        d = self.root / token
        d.mkdir(parents=True, mode=0o700)
        (d / "file.bin").write_bytes(data)
        # Pickle is safe here: only this server writes these files, under a token it generated.
        (d / "result.pickle").write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        info = {"filename": filename, "user_id": user_id, "created": time.time(), **(meta or {})}
        (d / "meta.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        return token

    def load(self, token: str, user_id: int) -> StoredUpload:
        d = self._dir(token)
        try:
            meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise NotFound("this upload has expired; upload the file again") from None
        if meta.get("user_id") != user_id:  # someone else's upload looks like no upload at all
            raise NotFound("this upload has expired; upload the file again")
        result = pickle.loads((d / "result.pickle").read_bytes())  # noqa: S301 - written by us only
        return StoredUpload(token, meta["filename"], user_id, (d / "file.bin").read_bytes(), result, meta)

    def update_meta(self, token: str, **values: Any) -> None:
        d = self._dir(token)
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        meta.update(values)
        (d / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    def delete(self, token: str) -> None:
        shutil.rmtree(self._dir(token), ignore_errors=True)

    def _dir(self, token: str) -> Path:
        if not TOKEN.match(token or ""):
            raise NotFound("this upload has expired; upload the file again")
        return self.root / token

    def _sweep(self) -> None:
        if not self.root.is_dir():
            return
        cutoff = time.time() - MAX_AGE_S
        for d in self.root.iterdir():
            try:
                if d.is_dir() and d.stat().st_mtime < cutoff:
                    shutil.rmtree(d, ignore_errors=True)
            except OSError:
                continue
