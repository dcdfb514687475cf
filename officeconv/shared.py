"""Warm converters shared by every caller in this process, or clients of the server's shared
converter service: what importers and exporters call to convert a file."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from officeconv.converter import ConversionError, Converter, soffice_path, uno_python
from officeconv.service import RemoteConverter

# -- warm converters per process, shared by every caller -------------------------------------
_pool: list[Converter] = []
_shared_lock = threading.Lock()


def shared_converters(n: int) -> list[Converter]:
    """This process's first ``n`` converters (created on first use, each started by its first request,
    stopped at exit): one per core lets a batch convert side by side. Under a server that runs the
    shared converter service (``QBANK_OFFICECONV_SOCKET``), clients of it instead: every worker
    process then uses the same warm offices."""
    socket_path = os.environ.get("QBANK_OFFICECONV_SOCKET")
    if socket_path:
        return [RemoteConverter(Path(socket_path)) for _ in range(n)]
    with _shared_lock:
        while len(_pool) < n:
            conv = Converter()
            atexit.register(conv.close)
            _pool.append(conv)
        return _pool[:n]


def shared_converter() -> Converter:
    """This process's first converter."""
    return shared_converters(1)[0]


def warm_converter_available() -> bool:
    """Whether conversions go to a warm office: the shared service, or LibreOffice's Python bridge here."""
    return bool(os.environ.get("QBANK_OFFICECONV_SOCKET")) or uno_python() is not None


def warm_in_background() -> threading.Thread | None:
    """Start this process's first converter in a daemon thread (a server calls it at start-up so the
    first PDF, .doc or WMF/EMF picture does not wait for LibreOffice); None when it cannot run here."""
    if soffice_path() is None or not warm_converter_available():
        return None

    def start() -> None:
        try:
            shared_converter().start()
        except ConversionError:  # the first request will try again and report it
            pass

    thread = threading.Thread(target=start, name="qbank-office-warm-up", daemon=True)
    thread.start()
    return thread


def convert_many(jobs: Sequence[tuple[Path, Path]], filter_name: str, *, workers: int | None = None,
                 timeout_s: float | None = None) -> list[Path]:  # fmt: skip
    """Convert (src, dst) pairs through the shared converters, up to ``workers`` side by side (default:
    two on a multi-core machine for two files or more). Files go from one queue to whichever converter
    is free, so a converter still starting never holds the others up."""
    import queue

    n = workers or (min(2, os.cpu_count() or 1) if len(jobs) >= 2 else 1)
    n = max(1, min(n, len(jobs)))
    if n == 1:
        conv = shared_converter()
        return [conv.convert_file(src, dst, filter_name, timeout_s=timeout_s) for src, dst in jobs]
    todo: queue.SimpleQueue[tuple[Path, Path]] = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    errors: list[BaseException] = []

    def work(conv: Converter) -> None:
        while not errors:
            try:
                src, dst = todo.get_nowait()
            except queue.Empty:
                return
            try:
                conv.convert_file(src, dst, filter_name, timeout_s=timeout_s)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in shared_converters(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return [dst for _, dst in jobs]


def _forget_after_fork() -> None:
    # A forked child must not share (and later kill) the parent's offices: it gets its own.
    global _pool, _shared_lock
    _pool = []
    _shared_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)
