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
    """Header and rows (SBD, mã đề, one answer per printed question) for ``n`` candidates; the
    versions are handed out in turn. Vectorised per printed question (20,000 sheets in seconds)."""
    sim = sim or Simulation()
    rng = np.random.default_rng(seed)
    keys = {k.id: k for k in item_keys(paper)}
    versions = paper.versions
    labels = [f"{p.key}.{i}" for p in paper.parts for i in range(1, len(versions[0].layout.get(p.key, [])) + 1)]
    header = ["SBD", "Mã đề", *labels]
    theta = rng.normal(0.0, 1.0, n)
    rows: list[list[str]] = [[f"{10000001 + c}", versions[c % len(versions)].code] for c in range(n)]
    for vi, v in enumerate(versions):
        who = np.arange(vi, n, len(versions))
        m = len(who)
        columns = []
        for part in paper.parts:
            for il in v.layout.get(part.key, []):
                k = keys[il.id]
                p = 1 / (1 + np.exp(-(theta[who] - sim.difficulty.get(il.id, 0.0))))
                knows = rng.random(m) < p
                if k.type == QuestionType.MCQ:
                    right = sim.true_option.get(il.id, k.correct if k.correct is not None else 0)
                    other = rng.integers(0, max(k.n_options - 1, 1), m)
                    other = other + (other >= right)  # any option but the right one
                    orig = np.where(knows, right, np.minimum(other, k.n_options - 1))
                    printed_letter = np.array([MCQ_LABELS[il.options.index(o)] for o in range(k.n_options)])
                    col = printed_letter[orig]
                elif k.type == QuestionType.TRUE_FALSE:
                    col = np.full(m, "", dtype=object)
                    for orig in il.options:
                        truth = k.truth[orig] if orig < len(k.truth) else True
                        knows_s = rng.random(m) < p
                        col = col + np.where(knows_s == truth, "Đ", "S").astype(object)
                elif k.type == QuestionType.SHORT_ANSWER:
                    wrong = rng.integers(-99, 999, m).astype(str)
                    col = np.where(knows, k.answer or "0", wrong)
                else:
                    col = np.array([f"{x:g}" for x in np.round(k.points * p * 4) / 4])
                col = np.where(rng.random(m) < sim.omit_rate, "", col.astype(object))
                columns.append(col)
        for i, c in enumerate(who):
            rows[c].extend(str(col[i]) for col in columns)
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
