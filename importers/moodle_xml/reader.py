"""Reads Moodle XML (https://docs.moodle.org/en/Moodle_XML_format) into bank questions.

multichoice (single → MCQ; several right → true/false statements), truefalse, shortanswer,
numerical, essay (grader information → marking guide), description (→ the shared passage of the
questions that follow), category (→ topic). Embedded ``@@PLUGINFILE@@`` files become pictures.
Cloze (embedded answers) with one gap becomes a short answer or an MCQ; types with no equivalent (matching,
cloze with several gaps, drag and drop, calculated…) are skipped by name.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from collections.abc import Callable

from lxml import etree

from importers.base import ImportResult
from importers.interchange import apply_tag_pairs, category_tags, choice_question, true_false_question
from importers.markup import html_content, text_content
from importers.moodle_xml.cloze import cloze_question
from importers.safety import parse_xml
from qbank.domain.content import Content, Image, Paragraph
from qbank.domain.enums import QuestionType
from qbank.domain.errors import RejectedFile
from qbank.domain.question import Blob, GuideStep, Question, Tags
from qbank.domain.text import parse_decimal

_PICTURES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp", "image/bmp"}
MAX_FILE = 20 * 1024 * 1024

class MoodleXmlImporter:
    format = "moodle_xml"
    extensions = (".xml",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        return self.read_root(parse_xml(data, filename), filename)

    def read_root(self, root: etree._Element, filename: str) -> ImportResult:
        """Read an already (safely) parsed file."""
        if root.tag != "quiz":
            raise RejectedFile("%(filename)s: not a Moodle XML question file (its root is <%(root)s>, not <quiz>)", filename=filename, root=root.tag)
        result = ImportResult(filename, self.format)
        category = Tags()
        passage: str | None = None
        for n, el in enumerate(root.iter("question"), 1):
            qtype = el.get("type", "")
            name = _text(el.find("name/text")) or f"#{n}"
            where = f"question {n} ({name[:60]})"
            if qtype == "category":
                category = category_tags(_text(el.find("category/text")))
                passage = None
                continue
            try:
                q = self._question(el, qtype, where, result)
            except ValueError as exc:
                result.warn(where, f"{exc}; skipped")
                continue
            if qtype == "description":
                passage = f"p{len(result.passages) + 1}"
                result.passages[passage] = q.stem
                continue
            if q is None:
                continue
            q.tags = Tags(**category.to_json())
            q.group = passage
            apply_tag_pairs(q, [tuple(t.split(":", 1)) for t in (_text(x) for x in el.findall("tags/tag/text")) if ":" in t])  # type: ignore[misc]
            q.number = len(result.questions) + 1
            q.source_ref = where
            points = parse_decimal(_text(el.find("defaultgrade")))
            if q.points is None and points and el.find("tags") is None:
                q.points = points  # Moodle's default grade; our own files say "points:" when the paper set them
            result.questions.append(q)
        if not result.questions:
            raise RejectedFile("%(filename)s: the Moodle XML file holds no question the bank can take", filename=filename)
        return result

    def _question(self, el: etree._Element, qtype: str, where: str, result: ImportResult) -> Question | None:
        rich = _Rich(el, where, result)
        stem = rich(el.find("questiontext"))
        if qtype in ("multichoice", "multichoiceset"):
            answers = el.findall("answer")
            options = [(rich(a), (parse_decimal(a.get("fraction", "0")) or 0) > 0 and not a.get("fraction", "").startswith("-"))
                       for a in answers]
            if len(options) < 2:
                raise ValueError("a multiple-choice question needs at least two answers")
            if not any(ok for _, ok in options) and _text(el.find("single")).strip().lower() not in ("false", "0"):
                raise ValueError("no answer has a positive fraction")
            single = _text(el.find("single")).strip().lower() not in ("false", "0")
            q = choice_question(stem, options, multiple=not single)
            if single and q.type != QuestionType.MCQ:
                result.warn(where, "a single-answer question gives credit to several answers: kept as true/false statements")
        elif qtype == "truefalse":
            truth = next((_text(a.find("text")).strip().lower() == "true" for a in el.findall("answer")
                          if (parse_decimal(a.get("fraction", "0")) or 0) > 0), None)
            if truth is None:
                raise ValueError("no answer of the true/false question is right")
            q = true_false_question(stem, truth)
        elif qtype in ("shortanswer", "numerical"):
            answers = sorted(el.findall("answer"), key=lambda a: -(parse_decimal(a.get("fraction", "0")) or 0))
            if not answers:
                raise ValueError("the question has no answer")
            value = _text(answers[0].find("text")).strip()
            if qtype == "numerical":
                num = parse_decimal(value)
                value = f"{float(value):g}".replace(".", ",") if num is not None and _is_number(value) else value
                tol = _text(answers[0].find("tolerance")).strip()
                if tol and parse_decimal(tol):
                    result.info(where, f"tolerance ±{tol} is not kept (the bank compares short answers exactly)")
            if len(answers) > 1:
                result.info(where, f"{len(answers)} accepted answers: the bank keeps '{value}'")
            q = Question(QuestionType.SHORT_ANSWER, stem, answer=value)
        elif qtype == "essay":
            q = Question(QuestionType.ESSAY, stem)
            guide = rich(el.find("graderinfo"))
            q.guide = [_step(b) for b in guide.blocks]
        elif qtype in ("cloze", "multianswer"):  # one gap maps (short answer or MCQ); more are skipped by count
            q = cloze_question(_text(el.find("questiontext/text")),
                               lambda markup: html_content(markup, rich.picture, warn=lambda msg: result.warn(where, msg)))
        elif qtype == "description":
            return Question(QuestionType.ESSAY, stem)
        else:
            result.warn(where, f"Moodle question type '{qtype}' has no equivalent in the bank; skipped")
            return None
        feedback = rich(el.find("generalfeedback"))
        if feedback.blocks:
            q.solution = feedback
        legacy = rich.legacy_image(el)
        if legacy is not None:  # Moodle 1.9 kept one picture beside the text: it goes under the stem
            q.stem.blocks.append(Paragraph([Image(legacy.sha256, legacy.mime)]))
        return q

class _Rich:
    """Text of a Moodle element (HTML, Moodle auto-format, plain or Markdown) with its embedded files."""

    def __init__(self, question: etree._Element, where: str, result: ImportResult) -> None:
        self.where, self.result = where, result
        self.files: dict[str, Blob] = {}
        for f in question.iter("file"):
            self._file(f)

    def _file(self, f: etree._Element) -> None:
        name = f.get("name") or ""
        try:
            raw = base64.b64decode((f.text or "").strip(), validate=False)
        except (binascii.Error, ValueError):
            self.result.warn(self.where, f"embedded file {name!r} is not valid base64: left out")
            return
        if len(raw) > MAX_FILE:
            self.result.warn(self.where, f"embedded file {name!r} is larger than {MAX_FILE // 2**20} MB: left out")
            return
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.files[(f.get("path") or "/").rstrip("/") + "/" + name] = Blob(raw, mime)
        self.files.setdefault(name, Blob(raw, mime))

    def legacy_image(self, question: etree._Element) -> Blob | None:
        """Moodle 1.9's ``<image>name</image><image_base64>…</image_base64>``, still in old exports."""
        data = (question.findtext("image_base64") or "").strip()
        if not data:
            return None
        name = (question.findtext("image") or "picture.png").strip()
        try:
            raw = base64.b64decode(data, validate=False)
        except (binascii.Error, ValueError):
            self.result.warn(self.where, f"the old-style picture {name!r} is not valid base64: left out")
            return None
        mime = mimetypes.guess_type(name)[0] or ""
        if mime not in _PICTURES or len(raw) > MAX_FILE:
            self.result.warn(self.where, f"the old-style picture {name!r} is not a picture the bank keeps: left out")
            return None
        blob = Blob(raw, mime)
        self.result.blobs[blob.sha256] = blob
        return blob

    def picture(self, src: str) -> Blob | None:
        if not src.startswith("@@PLUGINFILE@@/"):
            return None
        from urllib.parse import unquote

        path = unquote(src[len("@@PLUGINFILE@@"):])
        blob = self.files.get(path) or self.files.get(path.rsplit("/", 1)[-1])
        if blob is None or blob.mime not in _PICTURES:
            return None
        self.result.blobs[blob.sha256] = blob
        return blob

    def __call__(self, el: etree._Element | None) -> Content:
        if el is None:
            return Content([])
        text = _text(el.find("text")) if el.find("text") is not None else _text(el)
        if el.get("format", "html") in ("html", "moodle_auto_format"):
            return html_content(text, self.picture, warn=lambda msg: self.result.warn(self.where, msg))
        return text_content(text)

_STEP_POINTS = re.compile(r"\s*\((\d+(?:[.,]\d+)?)\)\s*$")


def _step(block: object) -> GuideStep:
    """A marking-guide paragraph; "(0.5)" at its end is the step's points."""
    from qbank.domain.content import Paragraph, Text

    if isinstance(block, Paragraph) and block.inlines and isinstance(block.inlines[-1], Text):
        m = _STEP_POINTS.search(block.inlines[-1].text)
        if m:
            last = block.inlines[-1]
            inlines = [*block.inlines[:-1], Text(last.text[: m.start()], last.bold, last.italic, last.underline, last.color, last.highlight, last.vert)]
            return GuideStep(Content([Paragraph([i for i in inlines if not isinstance(i, Text) or i.text])]), float(m.group(1).replace(",", ".")))
    return GuideStep(Content([block]))  # type: ignore[list-item]


def _text(el: etree._Element | None) -> str:
    return "" if el is None else "".join(el.itertext()) if len(el) else (el.text or "")

def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True

Picture = Callable[[str], Blob | None]
