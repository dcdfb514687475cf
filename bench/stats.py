"""Benchmark: 20,000 candidates × 50 questions (40 MCQ, 4 true/false, 6 short answers, 4 versions):
import the results .xlsx (read, check every row, map through the keys, store), score, classical
statistics and Rasch calibration, through the same service the web and CLI call.

Target: import + statistics + Rasch ≤ 10 s on 2 cores.
Run: python bench/stats.py [--candidates 20000] [--format xlsx|csv] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from importers.results_table import read_table  # noqa: E402
from qbank.config import load_settings  # noqa: E402
from qbank.demo.sample_exam import sample_bank  # noqa: E402
from qbank.demo.simulated_results import Simulation, sheets_csv, sheets_xlsx, simulate_sheets  # noqa: E402
from qbank.domain.actor import SYSTEM  # noqa: E402
from qbank.domain.blueprint import Blueprint, Cell, Part  # noqa: E402
from qbank.domain.enums import Level, QuestionType, Status, Visibility  # noqa: E402
from qbank.domain.grading import score_all  # noqa: E402
from qbank.domain.item_stats import classical  # noqa: E402
from qbank.domain.rasch import calibrate  # noqa: E402
from qbank.domain.results import item_keys, parse_results  # noqa: E402
from qbank.runtime import Runtime  # noqa: E402
from qbank.services.exams import build_exam, load_paper  # noqa: E402
from qbank.services.orgs import create_department, find_department  # noqa: E402
from qbank.services.questions import add_question  # noqa: E402
from qbank.services.results import exam_statistics, import_results  # noqa: E402


def blueprint_50() -> Blueprint:
    """40 MCQ (0,125 each) + 4 true/false (0,5) + 6 short answers (0,5) = 50 questions, 10 points."""
    topics = ["Hàm số", "Nguyên hàm - Tích phân", "Hình học không gian", "Xác suất - Thống kê"]
    cells = []
    for t in topics:
        for lv in (Level.NHAN_BIET, Level.THONG_HIEU):
            cells.append(Cell("I", t, lv, QuestionType.MCQ, 5, 0.125))
        cells.append(Cell("II", t, Level.VAN_DUNG, QuestionType.TRUE_FALSE, 1, 0.5))
    for t in topics[:3]:
        cells.append(Cell("III", t, Level.VAN_DUNG_CAO, QuestionType.SHORT_ANSWER, 2, 0.5))
    parts = [Part("I", "PHẦN I", QuestionType.MCQ), Part("II", "PHẦN II", QuestionType.TRUE_FALSE),
             Part("III", "PHẦN III", QuestionType.SHORT_ANSWER)]
    return Blueprint("Toán", 12, 90, 10.0, department="Quảng Trị", title="Thi thử 2025", parts=parts, cells=cells)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--candidates", type=int, default=20_000)
    ap.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    ap.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        rt = Runtime(load_settings({"DATA_DIR": tmp, "DATABASE_URL": url}, environ={}))
        rt.init_db()
        with rt.uow() as uow:
            create_department(uow, SYSTEM, "Quảng Trị")
        with rt.uow() as uow:
            dept = find_department(uow, "Quảng Trị").id
            for q in sample_bank(per_cell=8).values():
                q.status, q.visibility = Status.APPROVED, Visibility.DEPARTMENT
                add_question(uow.session, SYSTEM, q, department_id=dept)
            uow.commit()
        with rt.uow() as uow:
            info = build_exam(uow, SYSTEM, blueprint_50(), versions=4, seed=2025)
        with rt.uow() as uow:
            paper, _ = load_paper(uow, SYSTEM, info.id)
        rng = np.random.default_rng(1)
        sim = Simulation(difficulty={it.id: float(rng.uniform(-2, 2)) for p in paper.parts for it in p.items})
        t0 = time.perf_counter()
        header, rows = simulate_sheets(paper, args.candidates, seed=3, sim=sim)
        data = sheets_xlsx(header, rows) if args.format == "xlsx" else sheets_csv(header, rows)
        print(f"generated {args.candidates:,} answer sheets ({len(data) / 1e6:.1f} MB {args.format}) in {time.perf_counter() - t0:.1f} s (not timed)")

        # Phases on their own (no database), to show where the time goes.
        t, c = time.perf_counter(), time.process_time()
        table = read_table(f"results.{args.format}", data)
        t_read = (time.perf_counter() - t, time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        parsed = parse_results(paper, table)
        t_parse = (time.perf_counter() - t, time.process_time() - c)
        keys = item_keys(paper)
        t, c = time.perf_counter(), time.process_time()
        scored = score_all(keys, [c.responses for c in parsed.candidates], paper.scoring)
        t_score = (time.perf_counter() - t, time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        classical(scored)
        t_classical = (time.perf_counter() - t, time.process_time() - c)
        dich = [j for j, k in enumerate(keys) if k.dichotomous]
        t, c = time.perf_counter(), time.process_time()
        result = calibrate((scored.scores[:, dich] > 0).astype(np.int8))
        t_rasch = (time.perf_counter() - t, time.process_time() - c)
        b_true = np.array([sim.difficulty[keys[j].id] for j in dich])
        corr = np.corrcoef(result.b, b_true)[0, 1]

        # The whole service call, as the web and CLI make it (one transaction).
        t, c = time.perf_counter(), time.process_time()
        with rt.uow() as uow:
            report = import_results(uow, SYSTEM, info.id, f"results.{args.format}", data)
        t_total = (time.perf_counter() - t, time.process_time() - c)
        with rt.uow() as uow:
            stats = exam_statistics(uow, SYSTEM, info.id)
        assert report.stored == args.candidates, report.problems[:5]
        rt.dispose()

    fmt = lambda w: f"{w[0]:.2f} s wall / {w[1]:.2f} s CPU"  # noqa: E731
    print(f"read {fmt(t_read)}; check+map {fmt(t_parse)}; score {fmt(t_score)}; classical {fmt(t_classical)}; "
          f"Rasch ({len(dich)} items, {result.iterations} Newton steps) {fmt(t_rasch)}")
    print(f"Rasch b vs generating difficulties: r = {corr:.4f}")
    e = stats["exam"]
    print(f"n={e['n']} mean={e['mean']:.2f} sd={e['sd']:.2f} alpha={e['alpha']:.3f} sem={e['sem']:.2f}")
    print(f"import_results (read, check, map, store, score, statistics, Rasch): {fmt(t_total)}  (target ≤ 10 s)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
