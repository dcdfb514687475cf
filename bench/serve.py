"""Serving benchmark: requests/s and p50/p95 at 1, 8 and 32 clients, gunicorn workers vs waitress.

    python -m bench.serve                       # both servers, 5,000-question bank, 10 s per step
    python -m bench.serve --servers gunicorn --seconds 20 --bank 20000

Builds a throw-away instance (SQLite + Whoosh under a temp folder; a bank bulk-loaded by
bench/bank.py and indexed with ``qbank reindex``), starts ``qbank serve`` on a free loopback
port, and drives it from a separate process with 1, 8 and 32 concurrent clients, each a
keep-alive HTTP connection in a bounded loop (a fixed duration and at most 20,000 requests),
against the search API (personal token) and the bank page (logged-in session). Loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAX_REQUESTS = 20_000
PASSWORD = "bench password 2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_instance(folder: Path, bank: int) -> tuple[dict[str, str], str]:
    """A data folder with a bank of ``bank`` questions, an index, one teacher and a token for them."""
    sys.path.insert(0, str(ROOT / "tests" / "unit" / "importers"))
    import importlib.util

    from bench.bank import build_bank

    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    url = f"sqlite:///{folder / 'qbank.sqlite3'}"
    build_bank(url, bank, mod.paper)
    env = {**os.environ, "QBANK_DATA_DIR": str(folder), "QBANK_DATABASE_URL": url, "QBANK_SEARCH_BACKEND": "whoosh",
           "QBANK_LOGIN_RATE_LIMIT": "1000 per minute"}  # fmt: skip
    env.pop("QBANK_RATELIMIT_STORAGE_URI", None)
    subprocess.run([sys.executable, "-m", "qbank.cli.main", "reindex"], env=env, check=True, capture_output=True)
    from qbank.config import load_settings
    from qbank.domain.actor import SYSTEM
    from qbank.runtime import Runtime
    from qbank.services.orgs import load_actor
    from qbank.services.users import create_api_token, create_user

    rt = Runtime(load_settings({"DATA_DIR": str(folder), "DATABASE_URL": url}, environ={}))
    with rt.uow() as uow:
        info = create_user(uow, SYSTEM, "bench.teacher", PASSWORD, "teacher", "Sở GD&ĐT 01")
    with rt.uow() as uow:
        token = create_api_token(uow, load_actor(uow, info.id), "bench")
    rt.dispose()
    return env, token


def start_server(env: dict[str, str], server: str, port: int, extra: list[str] | None = None) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "qbank.cli.main", "serve", "--server", server, "--port", str(port), *(extra or [])]
    # Its own session, as under systemd: with the kernel's autogroup scheduling (Debian's default)
    # CPU is shared per session, so a server in the clients' session would share their slice.
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 180  # 2 × cores workers and two LibreOffices boot together: slow on a loaded machine
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"qbank serve --server {server} did not answer on port {port}")


def wait_for_converter(folder: Path, limit_s: float = 90.0) -> None:
    """Let the LibreOffice service gunicorn's master starts finish warming, so it does not take CPU
    from the requests being measured (a server at steady state)."""
    from officeconv.service import ping, socket_path_for

    sock = socket_path_for(folder)
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        state = ping(sock)
        if state is None or state.get("warm", 0) >= state.get("converters", 1):
            return
        time.sleep(0.5)


def login_cookie(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login")
    resp = conn.getresponse()
    page = resp.read().decode()
    cookie = resp.getheader("Set-Cookie", "").split(";")[0]
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    body = urllib.parse.urlencode({"username": "bench.teacher", "password": PASSWORD, "csrf_token": csrf.group(1) if csrf else ""})
    conn.request("POST", "/login", body=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    resp = conn.getresponse()
    resp.read()
    if resp.status not in (302, 303):
        raise RuntimeError(f"login failed: {resp.status}")
    return resp.getheader("Set-Cookie", "").split(";")[0] or cookie


def _client(args: tuple[int, str, dict[str, str], list[str], float, int]) -> list[float]:
    """One client: a keep-alive connection asking in a loop until the deadline (bounded)."""
    port, path, headers, words, deadline, seed = args
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out: list[float] = []
    while time.monotonic() < deadline and len(out) < MAX_REQUESTS:
        q = urllib.parse.quote(" ".join(rnd.sample(words, rnd.randint(1, 2))))
        t = time.perf_counter()
        conn.request("GET", path.format(q=q), headers=headers)
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{path}: HTTP {resp.status}")
        out.append((time.perf_counter() - t) * 1000)
    conn.close()
    return out


def drive(port: int, path: str, headers: dict[str, str], words: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` concurrent clients in a pool of processes (the client side must not be the bottleneck)."""
    from concurrent.futures import ThreadPoolExecutor

    deadline = time.monotonic() + seconds
    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(_client, [(port, path, headers, words, deadline, i) for i in range(clients)]))
    wall = time.perf_counter() - t0
    lat = sorted(x for r in results for x in r)
    return {
        "clients": clients,
        "requests": len(lat),
        "requests_per_s": round(len(lat) / wall, 1),
        "p50_ms": round(statistics.median(lat), 1),
        "p95_ms": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1),
    }


def server_cpu_s(pid: int) -> float:
    """CPU seconds used so far by the server process and its workers (not the converter service):
    a figure the machine's other load does not inflate, unlike wall-clock latency."""
    tick = os.sysconf("SC_CLK_TCK")
    procs: dict[int, tuple[int, bytes, float]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        procs[int(d.name)] = (int(fields[1]), cmd, (int(fields[11]) + int(fields[12])) / tick)
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        if p in procs and b"officeconv" not in procs[p][1]:
            total += procs[p][2]
            todo += [c for c, (ppid, _, _) in procs.items() if ppid == p]
    return total


def _drive_in_child(args: tuple[Any, ...]) -> dict[str, Any]:
    return drive(*args)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--servers", default="gunicorn,waitress")
    ap.add_argument("--bank", type=int, default=5000, help="questions in the bank (default 5000)")
    ap.add_argument("--seconds", type=float, default=10.0, help="seconds per step (default 10)")
    ap.add_argument("--clients", default="1,8,32")
    ap.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: qbank serve's)")
    ap.add_argument("--threads", type=int, default=None, help="threads per process (default: qbank serve's)")
    args = ap.parse_args(argv)
    from bench.corpus import Corpus

    words = [str(w) for w in Corpus().vocab[5:400]]
    folder = Path(tempfile.mkdtemp(prefix="qbank-bench-serve-"))
    summary: dict[str, Any] = {"bank": args.bank, "seconds_per_step": args.seconds, "cpus": os.cpu_count(),
                               "workers": args.workers, "threads": args.threads}  # fmt: skip
    try:
        env, token = build_instance(folder, args.bank)
        for server in args.servers.split(","):
            port = free_port()
            extra = (["--workers", str(args.workers)] if args.workers and server == "gunicorn" else []) + (
                ["--threads", str(args.threads)] if args.threads else [])  # fmt: skip
            proc = start_server(env, server, port, extra)
            wait_for_converter(folder)
            try:
                cookie = login_cookie(port)
                targets = {
                    "search API": ("/api/v1/questions?q={q}", {"Authorization": f"Bearer {token}"}),
                    "bank page": ("/bank?q={q}", {"Cookie": cookie}),
                }
                summary[server] = {}
                ctx = mp.get_context("spawn")
                with ctx.Pool(1) as pool:  # the clients run in another process than this one
                    for name, (path, headers) in targets.items():
                        pool.apply(_drive_in_child, ((port, path, headers, words, 1, 2.0),))  # warm-up
                        rows = []
                        for n in (int(c) for c in args.clients.split(",")):
                            load = os.getloadavg()[0]
                            cpu0 = server_cpu_s(proc.pid)
                            row = pool.apply(_drive_in_child, ((port, path, headers, words, n, args.seconds),))
                            row["server_cpu_ms_per_request"] = round((server_cpu_s(proc.pid) - cpu0) * 1000 / max(1, row["requests"]), 1)
                            row["load_average_before"] = round(load, 2)
                            rows.append(row)
                            print(server, name, json.dumps(row), flush=True)
                        summary[server][name] = rows
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for server in args.servers.split(","):
        for name, rows in summary.get(server, {}).items():
            by = {r["clients"]: r for r in rows}
            if 1 in by and 8 in by:
                print(f"{server} {name}: throughput 8 clients / 1 client = {by[8]['requests_per_s'] / by[1]['requests_per_s']:.2f}x"
                      + (f", p95 at 32 clients {by[32]['p95_ms']} ms" if 32 in by else ""))  # fmt: skip
    out = ROOT / "bench" / "_out"
    out.mkdir(exist_ok=True)
    (out / "serve.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return summary


if __name__ == "__main__":
    main()
