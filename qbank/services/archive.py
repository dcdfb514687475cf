"""Unpacking a bulk upload (a .zip of folders, or a folder on disk) into the files to import and those to skip, with why."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from importers import ARCHIVE, sniff_format
from importers.safety import Limits, open_zip
from qbank.domain.errors import N_, QBankError, RejectedFile, UnsupportedFormat
from qbank.domain.name_tags import suggest_tags

_PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".emf", ".wmf", ".svg", ".heic"}
_SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}


@dataclass
class Entry:
    """One file of the upload: its path inside the archive or folder, bytes, and a reason when it is skipped."""

    path: str
    data: bytes = b""
    skip: str | None = None  # msgid, English; ``skip_params`` fills it in
    skip_params: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def suggested(self) -> dict[str, Any]:
        return suggest_tags(self.path)

    def reason(self) -> str | None:
        return self.skip % self.skip_params if self.skip and self.skip_params else self.skip


def is_bulk_upload(filename: str, data: bytes | None = None) -> bool:
    """Whether an upload is an archive of many files: a .zip that is neither a QTI package nor an
    Office file, told by its content (the import registry's sniffer), or by its name without bytes."""
    if data is None:
        return filename.lower().endswith(".zip")
    try:
        return sniff_format(data, filename) == ARCHIVE
    except QBankError:  # unreadable or of no known format: the one-file path refuses it with its reason
        return False


def classify(path: str, data: bytes) -> tuple[str | None, dict[str, Any]]:
    """Why ``path`` is not a question set to import (msgid and params), or (None, {}) to import it."""
    posix = PurePosixPath(path.replace("\\", "/"))
    name = posix.name
    if "__MACOSX" in posix.parts or name.startswith("._"):
        return N_("macOS metadata, not a paper"), {}
    if name.startswith("~$"):
        return N_("a lock file Word or Excel leaves while the file is open, not a paper"), {}
    if name.lower() in _SYSTEM_FILES or name.startswith("."):
        return N_("a system file, not a paper"), {}
    suffix = posix.suffix.lower()
    if suffix in _PICTURES:
        return N_("a picture, not a question set"), {}
    if not data:
        return N_("the file is empty"), {}
    try:
        fmt = sniff_format(data, name)
    except UnsupportedFormat as exc:
        return exc.msgid, exc.params
    except QBankError:  # of a known kind but unreadable: the file's own job refuses it with the reason
        return None, {}
    if fmt == ARCHIVE:
        return N_("an archive inside the archive: upload it on its own"), {}
    return None, {}


def _check_totals(count: int, total: int, where: str, max_files: int, max_bytes: int) -> None:
    if count > max_files:
        raise RejectedFile("%(where)s holds %(count)s files, more than the %(max)s one upload may hold", where=where, count=count,
                           max=max_files)
    if total > max_bytes:
        raise RejectedFile("%(where)s holds %(mb)s MB, more than the %(max)s MB one upload may hold", where=where,
                           mb=round(total / 2**20, 1), max=round(max_bytes / 2**20))


def entries_from_zip(data: bytes, filename: str, *, max_files: int, max_bytes: int) -> list[Entry]:
    """The files of a .zip archive in path order (folders dropped), after the zip-bomb checks; refuses one over the caps."""
    limits = Limits(max_entries=max_files * 2 + 100, max_total_size=max_bytes, max_entry_size=max_bytes)
    zf = open_zip(data, filename, limits)
    infos = [i for i in zf.infolist() if not i.is_dir()]
    _check_totals(len(infos), sum(i.file_size for i in infos), filename, max_files, max_bytes)
    out = []
    for info in sorted(infos, key=lambda i: i.filename):
        path = _decode_name(info)
        try:
            body = zf.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            out.append(Entry(path, b"", N_("the archive's copy of this file is damaged")))
            continue
        reason, params = classify(path, body)
        out.append(Entry(path, body, reason, params))
    return out


def entries_from_folder(folder: Path, *, max_files: int, max_bytes: int) -> list[Entry]:
    """Every file under ``folder`` (nested folders included, symbolic links not followed), paths relative to it."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    _check_totals(len(files), sum(p.stat().st_size for p in files), str(folder), max_files, max_bytes)
    out = []
    for p in files:
        rel = p.relative_to(folder).as_posix()
        body = p.read_bytes()
        reason, params = classify(rel, body)
        out.append(Entry(rel, body, reason, params))
    return out


def _decode_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Vietnamese Windows often store names in cp437-mangled UTF-8 without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def read_bulk(path_or_name: str | Path, data: bytes | None, *, max_files: int, max_bytes: int) -> list[Entry]:
    """The entries of a folder (``data`` None) or of a .zip's bytes."""
    if data is None:
        return entries_from_folder(Path(path_or_name), max_files=max_files, max_bytes=max_bytes)
    if not str(path_or_name).lower().endswith(".zip"):
        raise QBankError("%(name)s: a bulk upload is a .zip archive", name=str(path_or_name))
    return entries_from_zip(data, str(path_or_name), max_files=max_files, max_bytes=max_bytes)
