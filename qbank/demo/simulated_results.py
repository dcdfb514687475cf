"""Simulated answer sheets for an exam (Rasch-generated), for the demo, tests and benchmarks.

``true_option`` lets a test plant a wrong key: candidates who know the item pick that
original option, while the bank's key says another one.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import numpy as np

from qbank.domain.answers import MCQ_LABELS
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper, QuestionId
from qbank.domain.results import item_keys


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


def _col_ref(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheets_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    """An .xlsx as Excel writes one: text in shared strings (answer sheets repeat a handful of values).
    Written directly: openpyxl needs about a minute for 20,000 × 52 cells here."""
    from xml.sax.saxutils import escape

    shared: dict[str, int] = {}
    refs = [_col_ref(i) for i in range(max(len(header), *(len(r) for r in rows)) if rows else len(header))]
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for n, row in enumerate([header, *rows], start=1):
        cells = []
        for i, v in enumerate(row):
            if v == "":
                continue
            idx = shared.setdefault(v, len(shared))
            cells.append(f'<c r="{refs[i]}{n}" t="s"><v>{idx}</v></c>')
        out.append(f'<row r="{n}">{"".join(cells)}</row>')
    out.append("</sheetData></worksheet>")
    sst = "".join(f"<si><t xml:space=\"preserve\">{escape(v)}</t></si>" for v in shared)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Kết quả" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": "".join(out),
        "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" uniqueCount="{len(shared)}">{sst}</sst>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
    return buf.getvalue()
