"""Bulk-load a realistic bank (rows, versions, band hashes, signatures) and time imports into it.

The rows are what ``services.questions.add_questions`` writes, computed by the same functions,
but inserted with executemany (SQLite) or COPY (PostgreSQL) so a 100,000-question bank loads in
about a minute instead of the hours 500 imports would take. 95% of the bank is realistic text
(bench/corpus.py) spread over 20 departments; 5% are lookalikes of the benchmark paper (the same
template, other numbers), public and approved, so the near-duplicate lookup of every imported
question meets a crowd of true candidates that grows with the bank: the caps must hold it.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CACHE = Path(tempfile.gettempdir()) / "qbank-bench-bank"
DEPARTMENTS = 20
LOOKALIKE_SHARE = 0.05
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _sketch(q: Any) -> tuple[bytes | None, tuple[int, ...]]:
    """Signature and bands as the code under test stores them (before signatures existed: bands only)."""
    try:  # the sketch code lives in search_index since the layers were checked
        from search_index import minhash as nd
    except ImportError:  # an older tree under comparison
        from qbank.services import near_duplicates as nd

    if not hasattr(nd, "sketch"):
        return None, nd.band_hashes(nd.question_text(q))
    sk = nd.sketch(nd.question_text(q))
    return ((sk.signature, sk.normalised), sk.bands) if sk else (None, ())


def _realistic_rows(args: tuple[int, int]) -> list[tuple[dict[str, Any], bytes | None, tuple[int, ...]]]:
    """Question data, signature and bands of questions start..start+n-1 (run in worker processes)."""
    from bench.corpus import Corpus
    from qbank.domain.content import Content
    from qbank.domain.enums import QuestionType
    from qbank.domain.question import Option, Question, Tags
    start, n = args
    out = []
    for k, text in enumerate(Corpus().texts(n, start=start)):
        words = text.split()
        opts = [Option(lab, Content.from_text(" ".join(words[j : j + 4]) + f" {k % 97 + j}"), correct=lab == "B")
                for j, lab in enumerate("ABCD")]  # fmt: skip
        q = Question(QuestionType.MCQ, Content.from_text(text), opts, answer="B", tags=Tags(subject="Toán", grade=10 + k % 3))
        out.append((q.to_json(), *_sketch(q)))
    return out


def _lookalike_rows(make_paper: Callable[..., bytes], n: int) -> list[tuple[dict[str, Any], bytes | None, tuple[int, ...], str]]:
    from importers.docx.importer import DocxImporter

    if n == 0:
        return []
    res = DocxImporter().read(make_paper(n, first=100_000), "lookalikes.docx")
    out = []
    for q in res.questions:
        out.append((q.to_json(), *_sketch(q), q.fingerprint()))
    return out


def build_bank(url: str, size: int, make_paper: Callable[..., bytes]) -> dict[str, Any]:
    """Migrate the database at ``url`` and fill it with ``size`` questions; returns timings."""
    from sqlalchemy import insert

    from qbank.db.engine import make_engine
    from qbank.db.migrate import upgrade
    from qbank.db.models import Department

    t0 = time.perf_counter()
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(insert(Department), [{"id": d, "name": f"Sở GD&ĐT {d:02d}"} for d in range(1, DEPARTMENTS + 1)])
    n_look = int(size * LOOKALIKE_SHARE)
    n_real = size - n_look
    chunks = [(s, min(5000, n_real - s)) for s in range(0, n_real, 5000)]
    with mp.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        computed = pool.imap(_realistic_rows, chunks)
        qid = 0
        for rows in computed:
            qid = _insert(engine, qid, [(d, sig, bands, None) for d, sig, bands in rows], lookalike=False)
    qid = _insert(engine, qid, _lookalike_rows(make_paper, n_look), lookalike=True)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # ids were given explicitly: move the sequences past them
            for table in ("departments", "questions"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            conn.exec_driver_sql("ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return {"questions": qid, "load_seconds": round(time.perf_counter() - t0, 1)}


def _insert(engine: Any, qid: int, rows: list[tuple[dict[str, Any], bytes | None, tuple[int, ...], str | None]], *, lookalike: bool) -> int:
    import hashlib

    questions, versions, bands, sigs = [], [], [], []
    for data, sig, hs, fp in rows:
        qid += 1
        dept = 1 + qid % DEPARTMENTS
        r = (qid * 7919) % 100
        status, vis = ("approved", "public") if lookalike else (
            "approved" if r < 85 else "draft", "public" if r % 7 == 0 else "consortium" if r % 4 == 0 else "department")
        questions.append((qid, dept, NOW, NOW, 1, data["type"], status, vis,
                          fp or hashlib.sha256(json.dumps(data["stem"]).encode()).hexdigest(),
                          data["tags"].get("subject"), data["tags"].get("grade"), 0))  # fmt: skip
        versions.append((qid, 1, json.dumps(data, ensure_ascii=False), NOW, "created"))
        bands += [(qid, b, h) for b, h in enumerate(hs)]
        if sig is not None:
            sigs.append((qid, *sig) if isinstance(sig, tuple) else (qid, sig))
    tables = [
        ("questions", "id, department_id, created_at, updated_at, current_version, type, status, visibility, fingerprint, subject, grade, usage_count", questions),
        ("question_versions", "question_id, version, data, created_at, note", versions),
        ("question_bands", "question_id, band, hash", bands),
        ("question_signatures", "question_id, signature, normalised", sigs),
    ]
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for table, cols, values in tables:
            if not values:
                continue
            if engine.dialect.name == "postgresql":
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for v in values:
                        copy.write_row(v)
            else:
                marks = ", ".join("?" for _ in cols.split(","))
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", values)
        raw.commit()
    finally:
        raw.close()
    return qid


def _database(size: int, make_paper: Callable[..., bytes], database_url: str) -> tuple[str, Callable[[], None], dict[str, Any]]:
    """A database holding a bank of ``size``: a copy of a cached SQLite file, or a fresh PostgreSQL schema."""
    if database_url:
        import uuid

        from tests.db_support import drop_schema, schema_url

        schema = f"bench_bank_{uuid.uuid4().hex[:8]}"
        url = schema_url(database_url, schema)
        info = build_bank(url, size, make_paper)
        return url, lambda: drop_schema(database_url, schema), info
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"bank-{size}-r0008b.sqlite3"
    info: dict[str, Any] = {"questions": size, "load_seconds": "cached"}
    if not cached.exists():
        tmp = cached.with_suffix(".partial")
        tmp.unlink(missing_ok=True)
        info = build_bank(f"sqlite:///{tmp}", size, make_paper)
        tmp.rename(cached)
    work = Path(tempfile.mkdtemp(prefix="qbank-bench-import-"))
    shutil.copyfile(cached, work / "qbank.sqlite3")
    return f"sqlite:///{work / 'qbank.sqlite3'}", lambda: shutil.rmtree(work, ignore_errors=True), info


def bank_runs(sizes: list[int], *, papers: int, make_paper: Callable[..., bytes], questions: int, database_url: str = "") -> None:
    """Import ``papers`` different papers into a bank of each size; print seconds per paper."""
    from qbank.config import load_settings
    from qbank.runtime import Runtime
    from qbank.services import imports as imports_service
    from qbank.services import near_duplicates as nd
    from qbank.services.imports import import_file
    from tests import factories

    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        url, cleanup, info = _database(size, make_paper, database_url)
        try:
            with tempfile.TemporaryDirectory() as data_dir:
                rt = Runtime(load_settings({"DATA_DIR": data_dir, "DATABASE_URL": url}, environ={}))
                rt.init_db()
                from qbank.db.models import Base

                Base.metadata.create_all(rt.engine)  # a cached bank made before a table was added at this revision
                actor = factories.user(rt, "bench.contrib", "contributor", "Sở GD&ĐT 01")
                # The first import starts the isolated reader's process server: not timed.
                with rt.uow() as uow:
                    import_file(uow, actor, "warm.docx", make_paper(20, first=900_000))
                totals, near, cpu = [], [], []
                work = nd.NearDuplicateWork() if hasattr(nd, "NearDuplicateWork") else None
                original = imports_service.find_near_duplicates

                def timed_near(*args: Any, _f: Any = original, _work: Any = work, _near: list[float] = near, **kwargs: Any) -> Any:
                    t = time.perf_counter()
                    try:
                        return _f(*args, **kwargs) if _work is None else _f(*args, work=_work, **kwargs)
                    finally:
                        _near.append(time.perf_counter() - t)

                imports_service.find_near_duplicates = timed_near
                try:
                    for j in range(papers):
                        data = make_paper(questions, first=1 + j * questions)
                        t, c = time.perf_counter(), time.process_time()
                        with rt.uow() as uow:
                            summary = import_file(uow, actor, f"paper{j}.docx", data)
                        totals.append(time.perf_counter() - t)
                        cpu.append(time.process_time() - c)
                finally:
                    imports_service.find_near_duplicates = original
                rt.dispose()
        finally:
            cleanup()
        load = os.getloadavg()
        results[size] = {
            "bank": info,
            "seconds_per_paper_median": round(statistics.median(totals), 3),
            "seconds_per_paper_min": round(min(totals), 3),
            # This process's CPU (duplicate checks, storage; the read runs in a child): on a shared
            # machine the wall time mostly measures the wait for a core.
            "cpu_seconds_per_paper_median": round(statistics.median(cpu), 3),
            "near_duplicate_lookup_ms_median": round(statistics.median(near) * 1000, 1),
            "created_last_paper": len(summary.created),
            "near_duplicates_reported_last_paper": sum(1 for d in summary.duplicates if not d.exact),
            **({"max_candidates_per_question": max(work.candidates or [0]),
                "exact_jaccard_per_paper": round(work.exact_comparisons / papers, 1)} if work else {}),
            "load_average": [round(x, 2) for x in load],
        }
        print(f"bank {size:>7}: {json.dumps(results[size], ensure_ascii=False)}", flush=True)
    if len(results) > 1:
        small, large = results[min(results)], results[max(results)]
        print(f"largest/smallest seconds per paper: {large['seconds_per_paper_median'] / small['seconds_per_paper_median']:.2f}x (target ≤ 1.3x); "
              f"CPU of this process: {large['cpu_seconds_per_paper_median'] / small['cpu_seconds_per_paper_median']:.2f}x")
