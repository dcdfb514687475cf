"""Exam results: import candidates' answers, score them, compute item statistics and calibrate the bank."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select

from importers.results_table import read_table
from qbank.db.models import Exam, ExamResult, ExamStatistics, ExamVersion, ItemStatistics, QuestionRow, utcnow
from qbank.domain.actor import Actor
from qbank.domain.errors import NotFound, PermissionDenied, ValidationError
from qbank.domain.exam import ExamPaper
from qbank.domain.grading import Scored, score_all
from qbank.domain.item_stats import FLAG_ORDER, classical, flags
from qbank.domain.rasch import calibrate
from qbank.domain.results import ItemKey, item_keys, parse_results
from qbank.services import permissions
from qbank.services.exams import audit, load_paper
from qbank.services.uow import UnitOfWork

MAX_UPLOAD = 50 * 1024 * 1024
MAX_LISTED = 200  # problems listed back to the user; the count says how many more


@dataclass
class ResultsReport:
    exam_id: int
    rows: int
    stored: int = 0
    problems: list[str] = field(default_factory=list)  # every problem found (capped at MAX_LISTED)
    problem_count: int = 0
    bad_rows: int = 0
    skipped: bool = False  # the rows with problems were left out at the user's request

    @property
    def needs_confirmation(self) -> bool:
        return self.stored == 0 and self.bad_rows > 0


def _own_exam(uow: UnitOfWork, actor: Actor, exam_id: int) -> Exam:
    """The exam, for its own board (or the command line): results and their statistics are theirs."""
    exam = uow.session.scalar(select(Exam).where(Exam.id == exam_id, permissions.exam_visible_clause(actor, utcnow())))
    if exam is None:
        raise NotFound("exam %(exam_id)s not found", exam_id=exam_id)
    if not (actor.is_system or (permissions.is_exam_manager(actor) and exam.department_id == actor.department_id)):
        raise PermissionDenied("only the exam's board handles its results")
    return exam


def import_results(
    uow: UnitOfWork, actor: Actor, exam_id: int, filename: str, data: bytes, *, skip_bad_rows: bool = False
) -> ResultsReport:
    """Check every row of a results file; store nothing if any row is wrong unless ``skip_bad_rows``.
    Stored results replace the exam's earlier ones, and its statistics are computed at once."""
    exam = _own_exam(uow, actor, exam_id)
    if len(data) > MAX_UPLOAD:
        raise ValidationError("larger than %(value)s MB", where=filename, value=MAX_UPLOAD // (1024 * 1024))
    paper, _blobs = load_paper(uow, actor, exam_id)
    parsed = parse_results(paper, read_table(filename, data))
    report = ResultsReport(exam_id, parsed.rows_read, problems=[str(p) for p in parsed.problems[:MAX_LISTED]],
                           problem_count=len(parsed.problems), bad_rows=len(parsed.bad_rows))
    if parsed.problems and not skip_bad_rows:
        return report  # nothing stored: the caller shows the problems and asks
    if not parsed.candidates:
        raise ValidationError("no row could be read", where=filename)
    keys = item_keys(paper)
    responses = [c.responses for c in parsed.candidates]
    scored = score_all(keys, responses, paper.scoring)
    totals = scored.totals
    s = uow.session
    s.execute(delete(ExamResult).where(ExamResult.exam_id == exam.id))
    s.execute(
        insert(ExamResult),
        [
            {"exam_id": exam.id, "candidate": c.candidate, "version_code": c.version, "row": c.row,
             "responses": responses[i], "score": round(float(totals[i]), 4)}
            for i, c in enumerate(parsed.candidates)
        ],
    )
    _store_statistics(uow, exam, keys, scored, {"file": filename, "rows": parsed.rows_read, "skipped_rows": sorted(parsed.bad_rows)})
    audit(uow, actor, "results_import", "exam", exam.id, file=filename, candidates=len(parsed.candidates),
          skipped_rows=len(parsed.bad_rows))
    report.stored = len(parsed.candidates)
    report.skipped = bool(parsed.bad_rows)
    uow.commit()
    return report


def _store_statistics(uow: UnitOfWork, exam: Exam, keys: list[ItemKey], scored: Scored, source: dict[str, Any]) -> None:
    """Classical statistics for every item, Rasch for the dichotomous ones (anchored on the bank's
    earlier calibrations), stored per administration and copied onto the questions."""
    s = uow.session
    exam_stat, items = classical(scored)
    ids = [int(k.id) for k in keys]
    rows = {r.id: r for r in s.scalars(select(QuestionRow).where(QuestionRow.id.in_(ids)))}
    rasch = _calibrate(exam.id, keys, scored, rows)
    s.execute(delete(ItemStatistics).where(ItemStatistics.exam_id == exam.id))
    s.execute(delete(ExamStatistics).where(ExamStatistics.exam_id == exam.id))
    s.flush()
    for j, (key, item) in enumerate(zip(keys, items, strict=True)):
        b, se, infit, outfit, anchored = rasch.get(j, (None, None, None, None, False))
        s.add(ItemStatistics(
            exam_id=exam.id, question_id=int(key.id), n=exam_stat.n, facility=item.facility, discrimination=item.discrimination,
            upper_lower=item.upper_lower, rasch_b=b, rasch_se=se, infit=infit, outfit=outfit, anchored=anchored,
            flags=flags(item, infit=infit, outfit=outfit), options=item.options.to_json() if item.options else {},
        ))
        row = rows.get(int(key.id))
        if row is not None:
            row.stat_facility, row.stat_discrimination = item.facility, item.discrimination
            if b is not None and not anchored:
                row.rasch_b, row.rasch_se, row.rasch_exam_id = b, se, exam.id
    s.add(ExamStatistics(exam_id=exam.id, computed_at=utcnow(), n=exam_stat.n, mean=exam_stat.mean, sd=exam_stat.sd,
                         alpha=exam_stat.alpha, sem=exam_stat.sem,
                         data={**exam_stat.to_json(), "source": source, "rasch_items": len(rasch),
                               "anchors": sum(1 for v in rasch.values() if v[4])}))


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _calibrate(exam_id: int, keys: list[ItemKey], scored: Scored, rows: dict[int, QuestionRow]) -> dict[int, tuple]:
    """Rasch on the dichotomous items with a key that someone got right and someone wrong;
    items calibrated on an earlier exam keep their difficulty and anchor the rest."""
    cols = [j for j, k in enumerate(keys) if k.dichotomous and (k.correct is not None or k.answer is not None)]
    x = (scored.scores[:, cols] > 0).astype(np.int8) if cols else np.zeros((0, 0), np.int8)
    keep = [i for i in range(len(cols)) if 0 < x[:, i].sum() < len(x)]
    if len(keep) < 2 or len(x) < 2:
        return {}
    cols = [cols[i] for i in keep]
    x = x[:, keep]
    anchors = {}
    for i, j in enumerate(cols):
        row = rows.get(int(keys[j].id))
        if row is not None and row.rasch_b is not None and row.rasch_exam_id not in (None, exam_id):
            anchors[i] = row.rasch_b
    if len(anchors) == len(cols):
        anchors = {}  # nothing left to estimate: recalibrate freely rather than report nothing new
    try:
        result = calibrate(x, anchors)
    except (ValueError, np.linalg.LinAlgError):
        return {}  # too few or too uniform candidates: classical statistics only
    out = {}
    for i, j in enumerate(cols):
        anchored = bool(result.anchored[i])
        se = rows[int(keys[j].id)].rasch_se if anchored and int(keys[j].id) in rows else _finite(result.se[i])
        out[j] = (round(float(result.b[i]), 4), se, _finite(result.infit[i]), _finite(result.outfit[i]), anchored)
    return out


# -- reading ------------------------------------------------------------------------------------
def _printed_labels(uow: UnitOfWork, exam: Exam) -> dict[int, str]:
    """Where each question sits in the first version ("I.3"), for tables people read beside the paper."""
    v = uow.session.scalar(select(ExamVersion).where(ExamVersion.exam_id == exam.id).order_by(ExamVersion.code))
    out: dict[int, str] = {}
    if v is not None:
        for part, items in v.layout.items():
            for n, it in enumerate(items, start=1):
                out[int(it["id"])] = f"{part}.{n}"
    return out


def _flag_rank(item_flags: list[str]) -> int:
    return min((FLAG_ORDER.index(f) for f in item_flags if f in FLAG_ORDER), default=len(FLAG_ORDER))


def exam_statistics(uow: UnitOfWork, actor: Actor, exam_id: int) -> dict[str, Any]:
    """``{"exam": {n, mean, sd, alpha, sem, histogram, …}, "items": [...]}``, items with a flag first."""
    exam = _own_exam(uow, actor, exam_id)
    s = uow.session
    es = s.get(ExamStatistics, exam.id)
    if es is None:
        raise NotFound("exam %(exam_id)s has no results yet", exam_id=exam_id)
    labels = _printed_labels(uow, exam)
    first_version = s.scalar(select(ExamVersion.code).where(ExamVersion.exam_id == exam.id).order_by(ExamVersion.code))
    rows = s.execute(select(ItemStatistics, QuestionRow.type).join(QuestionRow, QuestionRow.id == ItemStatistics.question_id)
                     .where(ItemStatistics.exam_id == exam.id)).all()
    order = {qid: i for i, qid in enumerate(labels)}
    items = [
        {
            "question_id": st.question_id, "label": labels.get(st.question_id, ""), "type": qtype,
            "facility": st.facility, "discrimination": st.discrimination, "upper_lower": st.upper_lower,
            "rasch_b": st.rasch_b, "rasch_se": st.rasch_se, "infit": st.infit, "outfit": st.outfit,
            "anchored": st.anchored, "flags": list(st.flags), "options": dict(st.options),
        }
        for st, qtype in rows
    ]
    items.sort(key=lambda d: (_flag_rank(d["flags"]), order.get(d["question_id"], 10**9)))
    data = dict(es.data)
    return {
        "exam": {"id": exam.id, "title": exam.title, "n": es.n, "mean": es.mean, "sd": es.sd, "alpha": es.alpha, "sem": es.sem,
                 "max_points": data.get("max_points"), "histogram": data.get("histogram", {}),
                 "computed_at": es.computed_at.isoformat(), "source": data.get("source", {}),
                 "rasch_items": data.get("rasch_items", 0), "anchors": data.get("anchors", 0), "labels_from_version": first_version},
        "items": items,
    }


def has_results(uow: UnitOfWork, exam_id: int) -> bool:
    return uow.session.get(ExamStatistics, exam_id) is not None


def candidate_scores(uow: UnitOfWork, actor: Actor, exam_id: int) -> tuple[ExamPaper, list[dict[str, Any]]]:
    """Every candidate with total and per-question points (in the exam's stored order)."""
    exam = _own_exam(uow, actor, exam_id)
    paper, _ = load_paper(uow, actor, exam_id)
    keys = item_keys(paper)
    results = list(uow.session.scalars(select(ExamResult).where(ExamResult.exam_id == exam.id).order_by(ExamResult.row)))
    scored = score_all(keys, [r.responses for r in results], paper.scoring)
    return paper, [
        {"candidate": r.candidate, "version": r.version_code, "score": r.score, "items": [float(x) for x in scored.scores[i]]}
        for i, r in enumerate(results)
    ]


def question_statistics(uow: UnitOfWork, actor: Actor, question_id: int) -> list[dict[str, Any]]:
    """A question's statistics in every administration the actor may see, oldest first."""
    s = uow.session
    rows = s.execute(
        select(ItemStatistics, Exam.title, Exam.created_at)
        .join(Exam, Exam.id == ItemStatistics.exam_id)
        .where(ItemStatistics.question_id == question_id, permissions.exam_visible_clause(actor, utcnow()))
        .order_by(Exam.created_at, Exam.id)
    ).all()
    return [
        {"exam_id": st.exam_id, "exam": title, "date": created.date().isoformat(), "n": st.n, "facility": st.facility,
         "discrimination": st.discrimination, "upper_lower": st.upper_lower, "rasch_b": st.rasch_b, "rasch_se": st.rasch_se,
         "infit": st.infit, "outfit": st.outfit, "anchored": st.anchored, "flags": list(st.flags), "options": dict(st.options)}
        for st, title, created in rows
    ]


def export_results_xlsx(uow: UnitOfWork, actor: Actor, exam_id: int) -> bytes:
    """A workbook: candidates' scores, the item table and the exam summary (audited)."""
    from exporters.xlsx.results import render_results

    stats = exam_statistics(uow, actor, exam_id)
    paper, candidates = candidate_scores(uow, actor, exam_id)
    labels = {it["question_id"]: it["label"] for it in stats["items"]}
    columns = [labels.get(int(it.id), str(it.id)) for p in paper.parts for it in p.items]
    data = render_results(stats, columns, candidates)
    audit(uow, actor, "export", "exam", exam_id, format="results.xlsx")
    uow.commit()
    return data
