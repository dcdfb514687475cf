"""Parse an upload in a separate process with a memory cap and a time limit, so a hostile or
broken file can cost one short-lived worker, never the web server."""

from __future__ import annotations

import multiprocessing
import sys
from typing import Any

from importers import ImportResult
from qbank.domain import errors


def _child(conn: Any, filename: str, data: bytes, subject: str | None, grade: int | None, mem_mb: int) -> None:
    try:
        if mem_mb and sys.platform.startswith("linux"):
            import resource

            limit = mem_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from qbank.services.imports import read_upload

        conn.send(("ok", read_upload(filename, data, subject=subject, grade=grade)))
    except errors.QBankError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
    except MemoryError:
        conn.send(("error", "RejectedFile", "the file needs too much memory to read"))
    except Exception as exc:  # noqa: BLE001 - reported to the user as an unreadable file
        conn.send(("error", "RejectedFile", f"the file could not be read ({type(exc).__name__})"))
    finally:
        conn.close()


def parse_upload(
    filename: str, data: bytes, *, subject: str | None = None, grade: int | None = None, timeout_s: float = 120, mem_mb: int = 1536
) -> ImportResult:
    """``services.imports.read_upload`` in a spawned worker; raises the same domain errors."""
    ctx = multiprocessing.get_context("spawn")  # never fork a threaded server
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, filename, data, subject, grade, mem_mb), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise errors.RejectedFile(f"reading the file took longer than {int(timeout_s)} s")
        try:
            msg = parent.recv()
        except EOFError:
            raise errors.RejectedFile("the file could not be read (the reader stopped)") from None
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if msg[0] == "ok":
        return msg[1]
    cls = getattr(errors, msg[1], errors.RejectedFile)
    raise cls(msg[2])
