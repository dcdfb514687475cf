"""One converter process shared by every worker of a server: warm LibreOffices behind a Unix socket.

``qbank serve`` with gunicorn workers would otherwise start one LibreOffice per worker (a second
each, ~1 GB of address space each) and the first PDF in every worker would wait for it. Instead
it starts this service once, before the workers: it warms its offices at once and answers one
JSON request per line on a socket under the instance folder. Workers find it through
``QBANK_OFFICECONV_SOCKET`` (``officeconv.shared_converter()`` then returns a client); when it is
gone (killed, crashed), the first worker that notices starts a new one under a file lock.

    python -m officeconv.service --socket PATH [--converters 2] [--owner PID]

The service ends when its owner process (the gunicorn master) is gone, so it never outlives the
server it belongs to.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from officeconv.converter import (
    DEFAULT_TIMEOUT_S,
    START_TIMEOUT_S,
    ConversionError,
    Converter,
    LibreOfficeMissing,
)

SOCKET_ENV = "QBANK_OFFICECONV_SOCKET"
OWNER_ENV = "QBANK_OFFICECONV_OWNER"
CONVERTERS_ENV = "QBANK_OFFICECONV_CONVERTERS"
_spawned: list[subprocess.Popen[bytes]] = []
CONNECT_TIMEOUT_S = 20.0  # a new service listens within a fraction of a second; this is for a loaded machine


# -- the service ---------------------------------------------------------------------------------
class _Pool:
    """The service's offices; a request takes a free one, preferring one already warm."""

    def __init__(self, n: int) -> None:
        self.converters = [Converter() for _ in range(max(1, n))]
        self._free = list(self.converters)
        self._cond = threading.Condition()
        self.jobs = 0

    def take(self) -> Converter:
        with self._cond:
            while not self._free:
                self._cond.wait()
            warm = [c for c in self._free if c.ready and c.running]
            conv = warm[0] if warm else self._free[0]
            self._free.remove(conv)
            return conv

    def give(self, conv: Converter) -> None:
        with self._cond:
            self.jobs += 1
            if conv.running and conv._jobs < conv.max_jobs:
                self._free.append(conv)
                self._cond.notify()
                return
        # Crashed, hung (killed) or due for its periodic restart: start it again now, in the
        # background, so the next request does not pay LibreOffice's start-up.
        threading.Thread(target=self._renew, args=(conv,), name="renew", daemon=True).start()

    def _renew(self, conv: Converter) -> None:
        try:
            with conv._lock:
                conv._start()
        except ConversionError:  # the next request on it tries again and reports why
            pass
        finally:
            with self._cond:
                self._free.insert(0, conv)
                self._cond.notify()

    def warm_all(self) -> None:
        """Start the offices one after the other, each while holding it, so none is asked mid-start."""
        for conv in self.converters:
            with self._cond:
                if conv not in self._free:
                    continue
                self._free.remove(conv)
            try:
                conv.start()
            except ConversionError:  # reported to the first request, which tries again
                pass
            finally:
                with self._cond:
                    self._free.insert(0, conv)  # warm first
                    self._cond.notify()

    def close(self) -> None:
        # Without their locks: an office being (re)started holds its lock for up to a minute, and
        # the service is going away; its killed office makes that start fail, which is expected.
        for conv in self.converters:
            conv._stop()


def _handle(pool: _Pool, req: dict[str, Any]) -> dict[str, Any]:
    op = req.get("op")
    if op == "ping":
        return {"ok": True, "pid": os.getpid(), "warm": sum(c.ready and c.running for c in pool.converters),
                "converters": len(pool.converters), "jobs": pool.jobs,
                "restarts": sum(c.restarts for c in pool.converters)}  # fmt: skip
    if op not in ("convert", "graphic"):
        return {"ok": False, "error": f"unknown operation {op!r}", "missing": False}
    timeout = float(req.pop("timeout", None) or DEFAULT_TIMEOUT_S)
    what = str(req.pop("what", "the file"))
    for attempt in (1, 2):
        conv = pool.take()
        try:
            conv._request(req, what, timeout)  # the office's own time limit, restart and messages
            return {"ok": True}
        except LibreOfficeMissing as exc:
            return {"ok": False, "error": str(exc), "missing": True}
        except ConversionError as exc:
            # An office that died under the request (crashed, killed) gets one more try on a
            # fresh one; a time-out or a file it could not read does not.
            if attempt == 1 and conv.last_failure_fatal:
                continue
            return {"ok": False, "error": str(exc), "missing": False}
        finally:
            pool.give(conv)
    return {"ok": False, "error": "unreachable", "missing": False}


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        for line in self.rfile:
            try:
                req = json.loads(line)
                reply = _handle(self.server.pool, req) if isinstance(req, dict) else {"ok": False, "error": "bad request"}
            except ValueError:
                reply = {"ok": False, "error": "bad request"}
            self.wfile.write((json.dumps(reply) + "\n").encode())
            self.wfile.flush()


class _Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True
    pool: _Pool


def _owner_gone(pid: int) -> bool:
    # Not the parent: a worker that restarted the service may exit while the server goes on.
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def run_service(socket_path: Path, converters: int = 1, owner: int | None = None) -> None:
    """Listen on ``socket_path`` until SIGTERM or until ``owner`` exits; warm the offices at once."""
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        socket_path.unlink()
    pool = _Pool(converters)
    server = _Server(str(socket_path), _Handler)
    os.chmod(socket_path, 0o600)  # only the service user's processes may ask for conversions
    server.pool = pool
    stop = threading.Event()

    def shutdown(*_: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.5}, daemon=True).start()
    threading.Thread(target=pool.warm_all, name="warm-up", daemon=True).start()
    try:
        while not stop.wait(1.0):
            if owner is not None and _owner_gone(owner):
                break
    finally:
        server.shutdown()
        server.server_close()
        pool.close()
        with contextlib.suppress(FileNotFoundError):
            if socket_path.exists() and socket_path.stat().st_ino == os.fstat(server.fileno()).st_ino:
                socket_path.unlink()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--socket", required=True, type=Path)
    ap.add_argument("--converters", type=int, default=1)
    ap.add_argument("--owner", type=int, default=None, help="exit when this process is gone")
    args = ap.parse_args(argv)
    run_service(args.socket, args.converters, args.owner)
    return 0


# -- starting it, and the client -------------------------------------------------------------------
def socket_path_for(folder: Path) -> Path:
    """The service's socket for an instance folder: ``<folder>/run/officeconv.sock``, or a name under
    the temp folder derived from it when that path is too long for a Unix socket (108 bytes)."""
    path = Path(folder).resolve() / "run" / "officeconv.sock"
    if len(os.fsencode(path)) < 100:
        return path
    import hashlib
    import tempfile

    digest = hashlib.sha256(os.fsencode(path)).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"qbank-officeconv-{os.getuid()}-{digest}.sock"


def default_converters() -> int:
    """Two offices on a multi-core machine (a batch of papers converts side by side), else one."""
    value = os.environ.get(CONVERTERS_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else min(2, os.cpu_count() or 1)


def _ask(socket_path: Path, req: dict[str, Any], timeout: float) -> dict[str, Any]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(min(timeout, CONNECT_TIMEOUT_S))
        s.connect(str(socket_path))
        s.settimeout(timeout)
        s.sendall((json.dumps(req) + "\n").encode())
        with s.makefile("rb") as f:
            line = f.readline()
    if not line:
        raise ConnectionResetError("the converter service closed the connection")
    return json.loads(line)


def ping(socket_path: Path, timeout: float = 5.0) -> dict[str, Any] | None:
    """The service's state (pid, warm offices, jobs done), or None when nothing answers there."""
    try:
        return _ask(socket_path, {"op": "ping"}, timeout)
    except (OSError, ValueError):
        return None


def ensure_service(socket_path: Path, *, owner: int | None = None, converters: int | None = None) -> dict[str, Any]:
    """The service answering at ``socket_path``, started now if none does (one starter at a time,
    across processes, under a lock file beside the socket). Returns its ping."""
    state = ping(socket_path)
    if state is not None:
        return state
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    with open(socket_path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = ping(socket_path)
        if state is not None:
            return state
        owner = owner or _owner_from_env() or os.getpid()  # the server's master, else the caller
        cmd = [sys.executable, "-m", "officeconv.service", "--socket", str(socket_path),
               "--converters", str(converters or default_converters()), "--owner", str(owner)]  # fmt: skip
        log = open(socket_path.with_suffix(".log"), "ab")  # noqa: SIM115 - handed to the child
        try:
            env = dict(os.environ)
            here = str(Path(__file__).resolve().parents[1])
            env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH", "")) if p)
            # Kept (not dropped) so this process reaps it when it ends instead of leaving a zombie.
            _spawned[:] = [p for p in _spawned if p.poll() is None]
            _spawned.append(subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                                             start_new_session=True, close_fds=True))  # fmt: skip
        finally:
            log.close()
        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while time.monotonic() < deadline:
            state = ping(socket_path)
            if state is not None:
                return state
            time.sleep(0.05)
    raise ConversionError(f"the shared LibreOffice converter did not start at {socket_path} (see {socket_path.with_suffix('.log')})")


def _owner_from_env() -> int | None:
    value = os.environ.get(OWNER_ENV, "")
    return int(value) if value.isdigit() else None


def process_alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a service this process started is reaped here, not left a zombie)."""
    for proc in _spawned:
        if proc.pid == pid:
            return proc.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_service(socket_path: Path, timeout: float = 10.0) -> None:
    """Ask the service at ``socket_path`` to stop (SIGTERM to the pid it reports) and wait for it."""
    state = ping(socket_path)
    if state is None:
        return
    pid = int(state["pid"])
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process_alive(pid):
        time.sleep(0.05)


class RemoteConverter(Converter):
    """A ``Converter`` whose office lives in the shared service: same methods, same errors.

    Each request is its own connection, so several threads (a batch) convert side by side on the
    service's offices. A service that is gone is started again once, and the request repeated."""

    def __init__(self, socket_path: Path) -> None:
        super().__init__()
        self.socket_path = Path(socket_path)

    @property
    def running(self) -> bool:
        state = ping(self.socket_path)
        return bool(state and state.get("warm"))

    def start(self) -> None:
        """Make sure the service runs and wait (bounded) until one of its offices is warm."""
        ensure_service(self.socket_path)
        deadline = time.monotonic() + START_TIMEOUT_S + 10
        while time.monotonic() < deadline:
            state = ping(self.socket_path)
            if state and state.get("warm"):
                return
            time.sleep(0.1)

    def close(self) -> None:
        """Nothing to close here: the service belongs to the server, not to this process."""

    def _request(self, req: dict, what: str, timeout_s: float | None) -> None:
        timeout = self.timeout_s if timeout_s is None else timeout_s
        msg = {**req, "what": what, "timeout": timeout}
        # The service may queue the request behind others and may have to start an office first.
        wait = 4 * timeout + START_TIMEOUT_S + 10
        try:
            reply = _ask(self.socket_path, msg, wait)
        except (FileNotFoundError, ConnectionRefusedError, ConnectionResetError, BrokenPipeError, ValueError):
            # Gone (killed, crashed, restarted): start a new service and ask once more.
            self.restarts += 1
            ensure_service(self.socket_path)
            try:
                reply = _ask(self.socket_path, msg, wait)
            except (OSError, ValueError) as exc:
                raise ConversionError(f"the shared LibreOffice converter at {self.socket_path} did not answer ({exc})") from None
        except TimeoutError:
            raise ConversionError(f"the shared LibreOffice converter did not convert {what} within {wait:g} s") from None
        if not reply.get("ok"):
            error = str(reply.get("error") or "unknown error")
            raise LibreOfficeMissing(error) if reply.get("missing") else ConversionError(error)


if __name__ == "__main__":
    sys.exit(main())
