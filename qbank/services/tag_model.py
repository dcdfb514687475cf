"""Tag suggestions (subject, grade, topic, level) learnt from the bank's tagged questions, with a keyword fallback."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import SGDClassifier

from qbank.domain.taxonomy import Taxonomy, topic_key
from qbank.domain.text import fold

FIELDS = ("subject", "grade", "topic", "level")
# A subject needs this many tagged questions, over at least two topics, before its topic model is
# trusted; below that the taxonomy's keywords suggest the topic.
MIN_TRAINING = 30
_LATEX = re.compile(r"\\[a-zA-Z]+")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Example:
    """One question as the suggester sees it: its text and what it is (or should be) tagged with."""

    text: str
    qtype: str = ""
    subject: str | None = None
    grade: int | None = None
    topic: str | None = None
    level: str | None = None


@dataclass
class Suggestion:
    value: Any
    confidence: float
    alternatives: list[tuple[Any, float]] = field(default_factory=list)
    source: str = "model"  # "model" (learnt from the bank), "keywords" (taxonomy), "paper" (already stated)

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "alternatives": [{"value": v, "confidence": round(c, 3)} for v, c in self.alternatives],
            "source": self.source,
        }


def features_text(ex: Example) -> str:
    """Folded words plus LaTeX command names as tokens ("\\int" -> "latex_int"), and the question type."""
    latex = " ".join("latex_" + m.group(0)[1:].lower() for m in _LATEX.finditer(ex.text))
    return f"{fold(_LATEX.sub(' ', ex.text))} {latex} type_{ex.qtype}"


class _Vectoriser:
    """Word uni/bigrams and character 2–4-grams, hashed (no vocabulary to fit or store) then TF-IDF weighted."""

    def __init__(self) -> None:
        self.words = HashingVectorizer(n_features=2**17, ngram_range=(1, 2), token_pattern=r"[a-z0-9_]+", alternate_sign=False, norm=None)
        self.chars = HashingVectorizer(n_features=2**17, analyzer="char_wb", ngram_range=(2, 4), alternate_sign=False, norm=None)
        self.tfidf = TfidfTransformer(sublinear_tf=True)

    def fit_transform(self, texts: list[str]) -> Any:
        return self.tfidf.fit_transform(self._raw(texts))

    def transform(self, texts: list[str]) -> Any:
        return self.tfidf.transform(self._raw(texts))

    def _raw(self, texts: list[str]) -> Any:
        return hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()


class _Head:
    """One classifier (e.g. topic for Toán) over the shared features, with calibrated-enough probabilities."""

    def __init__(self, labels: list[Any], rows: np.ndarray) -> None:
        self.rows = rows
        self.labels = labels
        self.model: SGDClassifier | None = None
        self.only: Any = None

    def fit(self, X: Any) -> None:
        distinct = set(self.labels)
        if len(distinct) == 1:
            self.only = next(iter(distinct))
            return
        self.model = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=15, tol=None, random_state=0, class_weight=None)
        self.model.fit(X[self.rows], np.array([str(v) for v in self.labels]))

    def predict(self, X: Any, kind: type) -> list[list[tuple[Any, float]]]:
        if self.model is None:
            return [[(self.only, 1.0)] for _ in range(X.shape[0])]
        proba = self.model.predict_proba(X)
        classes = [kind(c) for c in self.model.classes_]
        order = np.argsort(-proba, axis=1)[:, :4]
        return [[(classes[j], float(proba[i, j])) for j in order[i]] for i in range(X.shape[0])]


class TagSuggester:
    """Learns subject, grade (per subject), topic (per subject) and level from tagged examples."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.vec = _Vectoriser()
        self.subject_head: _Head | None = None
        self.grade_heads: dict[str, _Head] = {}
        self.topic_heads: dict[str, _Head] = {}
        self.level_head: _Head | None = None
        self.trained_on = 0
        self.fitted = False  # nothing learnt yet: only the taxonomy's keywords suggest

    def fit(self, examples: list[Example]) -> TagSuggester:
        """Train on every example that carries at least one tag; untagged fields are simply not learnt from."""
        examples = [e for e in examples if e.text.strip()]
        self.trained_on = len(examples)
        if not examples:
            return self
        X = self.vec.fit_transform([features_text(e) for e in examples])
        self.fitted = True
        subjects = [self.taxonomy.subject(e.subject) or e.subject for e in examples]
        self.subject_head = _fit_head(X, [(i, s) for i, s in enumerate(subjects) if s])
        self.level_head = _fit_head(X, [(i, e.level) for i, e in enumerate(examples) if e.level])
        by_subject: dict[str, list[int]] = {}
        for i, s in enumerate(subjects):
            if s:
                by_subject.setdefault(s, []).append(i)
        for s, idx in by_subject.items():
            grade_rows = [(i, examples[i].grade) for i in idx if examples[i].grade]
            if grade_rows:
                self.grade_heads[s] = _fit_head(X, grade_rows)
            topic_rows = [(i, self.taxonomy.canonical_topic(s, examples[i].grade, examples[i].topic)) for i in idx if examples[i].topic]
            if len(topic_rows) >= MIN_TRAINING and len({t for _, t in topic_rows}) >= 2:
                self.topic_heads[s] = _fit_head(X, topic_rows)
        return self

    def suggest(self, examples: list[Example]) -> list[dict[str, Suggestion]]:
        """For each example, a suggestion per field; a tag the example already states is returned as it is.

        Predictions run per head on all the rows that need it at once (one sparse product per head,
        not one per question).
        """
        if not examples:
            return []
        X = self.vec.transform([features_text(e) for e in examples]) if self.fitted else None
        n = len(examples)
        rows: list[dict[str, Suggestion | None]] = [{} for _ in range(n)]
        need_subject = [i for i, e in enumerate(examples) if not (self.taxonomy.subject(e.subject) or e.subject)]
        predicted = _batch(self.subject_head, X, need_subject, str)
        for i, e in enumerate(examples):
            rows[i]["subject"] = _from(predicted[i]) if i in predicted else _stated(self.taxonomy.subject(e.subject) or e.subject)
        subjects = [r["subject"].value if r["subject"] else None for r in rows]
        for subject in set(subjects):
            idx = [i for i in range(n) if subjects[i] == subject]
            grades = _batch(self.grade_heads.get(subject or ""), X, [i for i in idx if not examples[i].grade], int)
            for i in idx:
                rows[i]["grade"] = _stated(examples[i].grade) if examples[i].grade else _from(grades.get(i, []))
            topic_head = self.topic_heads.get(subject or "")
            topics = _batch(topic_head, X, [i for i in idx if not examples[i].topic], str)
            for i in idx:
                g = rows[i]["grade"].value if rows[i]["grade"] else None
                if examples[i].topic:
                    rows[i]["topic"] = _stated(self.taxonomy.canonical_topic(subject, g, examples[i].topic))
                elif topic_head is not None:
                    rows[i]["topic"] = _from(topics.get(i, []))
                else:
                    rows[i]["topic"] = self.keyword_topic(subject, g, examples[i].text)
        levels = _batch(self.level_head, X, [i for i, e in enumerate(examples) if not e.level], str)
        for i, e in enumerate(examples):
            rows[i]["level"] = _stated(e.level) if e.level else _from(levels.get(i, []))
        return [{k: v for k, v in r.items() if v is not None} for r in rows]

    def keyword_topic(self, subject: str | None, grade: int | None, text: str) -> Suggestion | None:
        """The taxonomy topic whose keywords the text mentions most (used where the bank has too few examples)."""
        topics = self.taxonomy.topics(subject, grade)
        if not topics:
            return None
        folded = " " + " ".join(_WORD.findall(fold(text))) + " "
        latex = {m.group(0).lower() for m in _LATEX.finditer(text)}
        scores: Counter[str] = Counter()
        for t in topics:
            for kw in t.keywords:
                hit = kw.lower() in latex if kw.startswith("\\") else f" {topic_key(kw)} " in folded
                if hit:
                    scores[t.name] += 1 + kw.count(" ")  # longer phrases say more
        if not scores:
            return None
        ranked = scores.most_common(4)
        total = sum(scores.values())
        conf = [(name, min(0.6, s / (total + 1))) for name, s in ranked]
        return Suggestion(conf[0][0], conf[0][1], conf[1:], source="keywords")


def _batch(head: _Head | None, X: Any, idx: list[int], kind: type) -> dict[int, list[tuple[Any, float]]]:
    """The head's ranked predictions for rows ``idx`` of X, in one call."""
    if head is None or X is None or not idx:
        return {}
    return dict(zip(idx, head.predict(X[idx], kind), strict=True))


def _fit_head(X: Any, rows: list[tuple[int, Any]]) -> _Head:
    head = _Head([v for _, v in rows], np.array([i for i, _ in rows], dtype=np.int64))
    head.fit(X)
    return head


def _stated(value: Any) -> Suggestion | None:
    return Suggestion(value, 1.0, [], source="paper") if value not in (None, "") else None


def _from(ranked: list[tuple[Any, float]]) -> Suggestion | None:
    if not ranked:
        return None
    return Suggestion(ranked[0][0], ranked[0][1], ranked[1:], source="model")
