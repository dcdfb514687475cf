"""Run an importer on untrusted bytes in a child process with a memory cap and a time limit.

A hostile file that slips past the package checks (importers/safety.py) can still make a parser
allocate without bound or loop; doing the parse in a forked child with ``RLIMIT_AS`` and a
deadline means the worst it can do is kill that child. The child is forked from a small fork
server that has the importers preloaded, so each parse costs a fork, not a Python start-up.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from importers import ImportResult
from qbank.domain.errors import N_, QBankError, RejectedFile

DEFAULT_MEMORY_MB = 1024  # the 50-question Bình Phước paper (949 equations) needs well under 300 MB
DEFAULT_TIMEOUT_S = 60.0
MAX_PARALLEL = 2  # parses at once per process: a burst of uploads must not take every core and GiB
WAIT_FOR_SLOT_S = 30.0
_slots = threading.BoundedSemaphore(MAX_PARALLEL)
_PRELOAD = ["importers", "importers.base", "importers.docx.importer", "importers.xlsx.importer", "qbank.domain.content", "PIL.Image"]
_ctx: Any = None


_NAME = "qbank-import"


def _context() -> Any:
    global _ctx
    if _ctx is None:
        _ctx = mp.get_context("forkserver")
        _ctx.set_forkserver_preload(_PRELOAD)
        _skip_main_module_for_our_children()
    return _ctx


def _skip_main_module_for_our_children() -> None:
    """A forkserver child normally re-imports the parent's ``__main__`` (pytest, a bench script,
    the console script) before running its target: 100-200 ms for nothing, since our target
    lives in this importable module. Drop that step for our children only."""
    from multiprocessing import spawn

    original = spawn.get_preparation_data
    if getattr(original, "_qbank", False):
        return

    def preparation_data(name: str) -> dict[str, Any]:
        data = original(name)
        if name.startswith(_NAME):
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    preparation_data._qbank = True  # type: ignore[attr-defined]
    spawn.get_preparation_data = preparation_data


def _child(conn: Connection, filename: str, data: bytes, memory_mb: int, fmt: str | None = None) -> None:
    """Child process body: cap memory, parse, send back the result or the error."""
    limit = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # some sandboxes forbid it; the timeout still applies
        pass
    try:
        from importers import get_importer

        result = get_importer(fmt or filename).read(data, filename)
        conn.send(("ok", result))
    except QBankError as exc:  # the msgid and its parameters travel, so the web can translate it
        params = {k: v if isinstance(v, (int, float)) else str(v) for k, v in exc.params.items()}
        conn.send(("error", (type(exc).__name__, exc.msgid or str(exc), params, getattr(exc, "where", None))))
    except MemoryError:
        conn.send(("error", ("RejectedFile", N_("the file needs more memory to read than an upload may use"), {}, None)))
    except RecursionError:
        conn.send(("error", ("RejectedFile", N_("the file is nested too deeply to read"), {}, None)))
    except Exception as exc:  # noqa: BLE001 - any parser crash becomes a one-line refusal
        conn.send(("error", ("RejectedFile", N_("the file could not be read (%(error)s)"), {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}, None)))
    finally:
        conn.close()


def read_isolated(
    filename: str,
    data: bytes,
    *,
    memory_mb: int = DEFAULT_MEMORY_MB,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    fmt: str | None = None,
) -> ImportResult:
    """``get_importer(fmt or filename).read(data, filename)`` in a limited child; errors come back as QBankErrors."""
    if sys.platform == "win32":  # no fork server or RLIMIT_AS there: parse in-process
        from importers import get_importer

        return get_importer(fmt or filename).read(data, filename)
    if not _slots.acquire(timeout=WAIT_FOR_SLOT_S):
        raise RejectedFile("%(filename)s: the server is busy reading other uploads; try again in a minute", filename=filename)
    try:
        return _read_in_child(filename, data, memory_mb, timeout_s, fmt)
    finally:
        _slots.release()


def _read_in_child(filename: str, data: bytes, memory_mb: int, timeout_s: float, fmt: str | None = None) -> ImportResult:
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, filename, data, memory_mb, fmt), daemon=True, name=_NAME)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise RejectedFile("%(filename)s: reading took longer than %(timeout_s)g s; the file is too large or malformed", filename=filename, timeout_s=timeout_s)
        try:
            status, payload = parent.recv()
        except EOFError:
            raise RejectedFile("%(filename)s: the reader stopped (out of memory?); the file cannot be imported", filename=filename) from None
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status == "ok":
        return payload
    kind, message, params, where = payload
    from qbank.domain import errors

    cls = getattr(errors, kind, RejectedFile)
    if not (isinstance(cls, type) and issubclass(cls, QBankError)):
        cls = RejectedFile
    if issubclass(cls, errors.ValidationError):
        raise cls(message, where=where, **params)
    raise cls(message, **params)


def isolation_available() -> bool:
    return sys.platform != "win32" and hasattr(os, "fork")
