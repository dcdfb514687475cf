"""Simulated answer sheets for an exam (Rasch-generated), for the demo, tests and benchmarks.

``true_option`` lets a test plant a wrong key: candidates who know the item pick that
original option, while the bank's key says another one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np

from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper, QuestionId
from qbank.domain.results import item_keys
from qbank.domain.versions import MCQ_LABELS


@dataclass
class Simulation:
    difficulty: dict[QuestionId, float] = field(default_factory=dict)  # logits; missing → 0
    true_option: dict[QuestionId, int] = field(default_factory=dict)  # original index the able pick
    omit_rate: float = 0.02


def simulate_sheets(paper: ExamPaper, n: int, seed: int = 0, sim: Simulation | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows (SBD, mã đề, one answer per printed question) for ``n`` candidates."""
    sim = sim or Simulation()
    rng = np.random.default_rng(seed)
    keys = {k.id: k for k in item_keys(paper)}
    versions = paper.versions
    labels = [f"{p.key}.{i}" for p in paper.parts for i in range(1, len(versions[0].layout.get(p.key, [])) + 1)]
    header = ["SBD", "Mã đề", *labels]
    theta = rng.normal(0.0, 1.0, n)
    rows = []
    for c in range(n):
        v = versions[c % len(versions)]
        row = [f"{10000001 + c}", v.code]
        for part in paper.parts:
            for il in v.layout.get(part.key, []):
                k = keys[il.id]
                p = 1 / (1 + np.exp(-(theta[c] - sim.difficulty.get(il.id, 0.0))))
                if rng.random() < sim.omit_rate:
                    row.append("")
                    continue
                if k.type == QuestionType.MCQ:
                    right = sim.true_option.get(il.id, k.correct if k.correct is not None else 0)
                    if rng.random() < p:
                        orig = right
                    else:
                        others = [o for o in range(k.n_options) if o != right]
                        orig = int(rng.choice(others)) if others else right
                    row.append(MCQ_LABELS[il.options.index(orig)])
                elif k.type == QuestionType.TRUE_FALSE:
                    marks = []
                    for orig in il.options:
                        truth = k.truth[orig] if orig < len(k.truth) else True
                        knows = rng.random() < p
                        marks.append("Đ" if truth == knows else "S")
                    row.append("".join(marks))
                elif k.type == QuestionType.SHORT_ANSWER:
                    row.append((k.answer or "0") if rng.random() < p else str(int(rng.integers(-99, 999))))
                else:
                    row.append(f"{round(k.points * p * 4) / 4:g}")
        rows.append(row)
    return header, rows


def sheets_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def sheets_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Kết quả")
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
