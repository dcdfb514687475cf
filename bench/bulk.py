"""Benchmark: bulk import of a department's archive as jobs, with 1 and 2 worker processes, while a client searches.

The archive (default 300 files) is generated from the test fixtures: each Word paper and Excel bank
is copied with every long text run marked "(đề n)", so every copy holds questions of its own (a
copy of the same questions would be stored once and measure nothing). Each run uses a fresh
instance (SQLite + Whoosh + the embedded queue unless --database-url / --queue-url say otherwise),
starts `qbank worker --workers N`, and times from the first file taken to the batch's end.
A concurrent client process runs searches the whole time; its p50/p95 are reported.
Targets: ≥ 1.7× files/s with 2 workers than with 1; search p95 below 100 ms during the import.

Run: python bench/bulk.py [--files 300] [--workers 1,2] [--database-url URL] [--queue-url URL]
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import os
import re
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
_RUN = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]{15,})(</w:t>)")
QUERIES = ["hàm số", "phuong trinh", "đạo hàm", "tế bào", "điện trường", "kim loại", "reading passage", "giá trị lớn nhất",
           "nguyen ham", "dao dong", "ADN", "văn bản", "axit", "tích phân", "gene"]


def docx_variant(data: bytes, n: int) -> bytes:
    """The paper with " (đề n)" after every long text run: the same layout, questions of its own."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "word/document.xml":
                body = _RUN.sub(lambda m: m.group(1) + m.group(2) + f" (đề {n})".encode() + m.group(3), body)
            zo.writestr(info, body)
    return out.getvalue()


def xlsx_variant(data: bytes, n: int) -> bytes:
    """The bank with " (đề n)" after every long text cell below the header."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and len(cell.value) >= 30 and not cell.value.startswith("="):
                    cell.value = f"{cell.value} (đề {n})"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def make_archive(files: int) -> bytes:
    """A department's archive: grade/subject folders, Word papers and Excel banks, a few files to skip."""
    sources = sorted(FIXTURES.glob("docx/*.docx")) + sorted(FIXTURES.glob("xlsx/*.xlsx"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(files):
            src = sources[i % len(sources)]
            grade = 12 if "12" in src.name else 9
            variant = docx_variant if src.suffix == ".docx" else xlsx_variant
            zf.writestr(f"Lop {grade}/{2005 + i % 20}-{2006 + i % 20}/{i:03d}_{src.name}", variant(src.read_bytes(), i))
        zf.writestr("Lop 12/~$de.docx", b"lock")
        zf.writestr("__MACOSX/._de.docx", b"x")
    return buf.getvalue()


def search_client(env: dict[str, str], stop: mp.Event, out: mp.Queue) -> None:  # type: ignore[valid-type]
    """Another client of the bank: searches in a loop until told to stop; sends back its latencies (ms)."""
    os.environ.update(env)
    from qbank.domain.actor import SYSTEM
    from qbank.runtime import Runtime
    from qbank.services.search import search_questions

    rt = Runtime()
    times: list[float] = []
    i = 0
    while not stop.is_set():
        t = time.perf_counter()
        with rt.uow() as uow:
            search_questions(uow, SYSTEM, QUERIES[i % len(QUERIES)])
        times.append((time.perf_counter() - t) * 1000)
        i += 1
        time.sleep(0.05)
    out.put(times)


def run(archive: bytes, workers: int, database_url: str | None, queue_url: str | None) -> dict[str, float]:
    from sqlalchemy import func, select

    from qbank.cli.jobs import start_workers, stop_workers
    from qbank.config import load_settings
    from qbank.db.models import BatchFile
    from qbank.domain.actor import SYSTEM
    from qbank.jobs.queue import make_queue, start_batch
    from qbank.runtime import Runtime
    from qbank.services.archive import entries_from_zip
    from qbank.services.batches import batch_progress, create_batch
    from qbank.services.imports import import_file
    from qbank.services.orgs import create_department

    data_dir = Path(tempfile.mkdtemp(prefix=f"qbank-bulk-{workers}w-"))
    overrides = {"DATA_DIR": str(data_dir), "QUEUE_NAME": f"bench-bulk-{os.getpid()}-{workers}"}
    if database_url:
        overrides.update(DATABASE_URL=database_url, SEARCH_BACKEND="postgres")
    if queue_url:
        overrides["QUEUE_URL"] = queue_url
    settings = load_settings(overrides, environ={})
    rt = Runtime(settings)
    rt.init_db()
    rt.enable_indexing()
    with rt.uow() as uow:
        create_department(uow, SYSTEM, "Sở GD&ĐT Bench")
    seed = sorted(FIXTURES.glob("docx/*.docx"))
    for i, src in enumerate(seed):  # something to search for from the first second
        with rt.uow() as uow:
            import_file(uow, SYSTEM, src.name, docx_variant(src.read_bytes(), 10_000 + i), department="Sở GD&ĐT Bench")
    entries = entries_from_zip(archive, "kho.zip", max_files=5000, max_bytes=2**31)
    with rt.uow() as uow:
        batch = create_batch(uow, SYSTEM, "kho.zip", entries, department="Sở GD&ĐT Bench")
    start_batch(rt, batch)

    env = {"QBANK_DATA_DIR": str(data_dir), "QBANK_DATABASE_URL": settings.database_url, "QBANK_SEARCH_BACKEND": settings.search_backend}
    spawn = mp.get_context("spawn")
    stop, out = spawn.Event(), spawn.Queue()
    client = spawn.Process(target=search_client, args=(env, stop, out))
    client.start()
    proc = start_workers(settings, workers)
    load_before = os.getloadavg()[0]
    t0 = None
    try:
        while True:
            with rt.uow() as uow:
                progress = batch_progress(uow, SYSTEM, batch)
                started = uow.session.scalar(select(func.count()).select_from(BatchFile).where(
                    BatchFile.batch_id == batch, BatchFile.status.not_in(("pending", "queued", "skipped"))))
            if t0 is None and started:
                t0 = time.perf_counter()
            if progress.finished:
                break
            if proc.poll() is not None:
                raise SystemExit(f"the workers exited: see {data_dir / 'worker.log'}")
            time.sleep(0.1)
        elapsed = time.perf_counter() - (t0 or time.perf_counter())
    finally:
        stop_workers(proc)
        stop.set()
    latencies = out.get(timeout=60)
    client.join(10)
    make_queue(settings).storage.flush_all()
    rt.dispose()
    imported = progress.by_status.get("imported", 0)
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies, default=0.0)
    return {"workers": workers, "files": imported, "questions": progress.stored, "seconds": elapsed, "files_per_s": imported / elapsed,
            "refused": progress.refused, "searches": len(latencies), "search_p50": statistics.median(latencies) if latencies else 0.0,
            "search_p95": p95, "load": (load_before + os.getloadavg()[0]) / 2}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--workers", default="1,2", help="worker counts to compare, e.g. 1,2")
    ap.add_argument("--database-url", help="PostgreSQL URL (each run uses the database as is: give an empty one)")
    ap.add_argument("--queue-url", help="e.g. redis://127.0.0.1:6379/0 (default: the embedded SQLite store)")
    args = ap.parse_args()
    t = time.perf_counter()
    archive = make_archive(args.files)
    print(f"archive: {args.files} files + 2 to skip, {len(archive) / 2**20:.1f} MB, made in {time.perf_counter() - t:.1f} s; "
          f"cores: {os.cpu_count()}")
    results = []
    for w in [int(x) for x in args.workers.split(",")]:
        r = run(archive, w, args.database_url, args.queue_url)
        results.append(r)
        print(f"{w} worker(s): {r['files']} files ({r['questions']} questions, {r['refused']} refused) in {r['seconds']:.1f} s = "
              f"{r['files_per_s']:.2f} files/s; search during the import: {r['searches']} queries, p50 {r['search_p50']:.0f} ms, "
              f"p95 {r['search_p95']:.0f} ms (target < 100); load average {r['load']:.1f}")
    if len(results) >= 2:
        speedup = results[-1]["files_per_s"] / results[0]["files_per_s"]
        print(f"speed-up {results[-1]['workers']} vs {results[0]['workers']} worker(s): {speedup:.2f}× (target ≥ 1.7× on 2 idle cores)")


if __name__ == "__main__":
    main()
