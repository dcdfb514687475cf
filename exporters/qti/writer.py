"""Writes a paper as an IMS QTI content package: one item per question, an assessment test in paper order,
the pictures, and imsmanifest.xml. MCQ → choice (one answer); the 2025 true/false items → choice with
several answers and the 2025 scoring rule in a scorer rubric; short answers → text entry (float when a
number); essays → extended text with the marking guide as the scorer rubric. Equations go out as MathML.
A shared passage is QTI 3.0's shared stimulus (a qti-assessment-stimulus file of its own, referred to by
each item of its group and listed in the manifest as their dependency); QTI 2.1 has no shared stimulus,
so there the passage is printed at the top of each item of its group, marked so our importer groups them
again. The bank's tags ride in each item's ``label`` ("qbank: subject=Toán; grade=12; …") and come back on import."""

from __future__ import annotations

import io
import mimetypes
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from exporters.base import BlobSource, blob_getter
from exporters.lms_common import OneFileExporter, entries, scoring_note_tf, tag_pairs
from exporters.qti.dialect import MATHML, QTI21, QTI30, Dialect
from qbank.domain.content import Break, Content, Image, Math, Ole, Paragraph, Table, Text
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper
from qbank.domain.question import Question
from qbank.domain.render import latex_to_mathml, to_text

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


class _QtiExporter(OneFileExporter):
    dialect: Dialect

    def render(self, paper: ExamPaper, blobs: BlobSource) -> tuple[bytes, list[str]]:
        return qti_package(paper, self.dialect, blobs)


class Qti21Exporter(_QtiExporter):
    dialect, format, suffix = QTI21, "qti21", ".qti21.zip"


class Qti30Exporter(_QtiExporter):
    dialect, format, suffix = QTI30, "qti30", ".qti30.zip"


PASSAGE_CLASS = "qbank-passage"  # QTI 2.1: the div of a repeated passage; its id names the group


@dataclass
class _Resource:
    ident: str
    type: str
    href: str
    files: list[str]
    needs: list[str] = field(default_factory=list)  # identifiers of resources it depends on (its stimulus)


def qti_package(paper: ExamPaper, d: Dialect, blobs: BlobSource = None) -> tuple[bytes, list[str]]:
    get = blob_getter(blobs)
    warnings: list[str] = []
    files: dict[str, bytes] = {}
    resources: list[_Resource] = []
    stimuli: dict[str, _Resource] = {}  # passage group -> its stimulus (QTI 3.0)
    passage_of: dict[str, Content] = dict(paper.passages)
    for n, e in enumerate(entries(paper), 1):
        ident = f"item{n:03d}"
        pictures: dict[str, str] = {}
        group = e.question.group if e.question.group in passage_of else None
        stimulus = None
        if group and d.kebab:
            if group not in stimuli:
                stimuli[group] = _stimulus(passage_of[group], f"stim{len(stimuli) + 1:03d}", d, get, files, warnings)
            stimulus = stimuli[group]
        item = _item(e.question, e.points, ident, d, passage_of.get(group or "") if not d.kebab else None, pictures, get,
                     warnings, n, stimulus=stimulus, group=group)
        href = f"items/{ident}.xml"
        files[href] = etree.tostring(item, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        for name, sha in pictures.items():
            files[f"items/images/{name}"] = get(sha) or b""
        resources.append(_Resource(ident, d.item_type, href, [href, *(f"items/images/{name}" for name in pictures)],
                                   [stimulus.ident] if stimulus else []))
    grouped = sum(1 for e in entries(paper) if e.question.group in paper.passages)
    if grouped and not d.kebab:
        warnings.append(f"{grouped} questions share a passage: QTI 2.1 has no shared stimulus, so the passage is printed at the top "
                        "of each of them (QTI 3.0 keeps it once)")
    test = _test(paper, d, [(r.ident, r.href) for r in resources])
    files["test.xml"] = etree.tostring(test, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    files["imsmanifest.xml"] = etree.tostring(_manifest(d, resources, list(stimuli.values())), xml_declaration=True, encoding="UTF-8",
                                              pretty_print=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ["imsmanifest.xml", "test.xml", *sorted(n for n in files if n not in ("imsmanifest.xml", "test.xml"))]:
            zf.writestr(name, files[name])
    return buf.getvalue(), warnings


def _stimulus(passage: Content, ident: str, d: Dialect, get, files: dict[str, bytes], warnings: list[str]) -> _Resource:  # noqa: ANN001
    """A QTI 3.0 shared stimulus: the passage once, in stimuli/<ident>.xml with its pictures beside it."""
    pictures: dict[str, str] = {}
    writer = _Body(d, pictures, get)
    root = etree.Element(d.el("assessmentStimulus"), nsmap={None: d.ns, "m": MATHML}, identifier=ident,
                         title=(to_text(passage)[:200] or ident))
    body = etree.SubElement(root, d.el("stimulusBody"))
    body.append(writer.div(passage))
    href = f"stimuli/{ident}.xml"
    files[href] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    for name, sha in pictures.items():
        files[f"stimuli/images/{name}"] = get(sha) or b""
    if writer.missing:
        warnings.append(f"passage {ident}: {writer.missing} pictures were not found in the bank and are left out")
    return _Resource(ident, "imsqti_stimulus_xmlv3p0", href, [href, *(f"stimuli/images/{name}" for name in pictures)])


def _item(q: Question, points: float | None, ident: str, d: Dialect, passage: Content | None, pictures: dict[str, str],
          get, warnings: list[str], n: int, *, stimulus: _Resource | None = None, group: str | None = None) -> etree._Element:  # noqa: ANN001
    E, A = d.el, d.attr
    pairs = ([("topic", q.tags.topic)] if q.tags.topic else []) + tag_pairs(q, points)
    label = "qbank: " + "; ".join(f"{k}={v}" for k, v in pairs)
    item = etree.Element(E("assessmentItem"), nsmap={None: d.ns, "m": MATHML})
    item.set("identifier", ident)
    item.set("title", to_text(q.stem)[:200] or ident)
    item.set(A("adaptive"), "false")
    item.set(A("timeDependent"), "false")
    item.set("label", label[:256])
    body_parts: list[etree._Element] = []

    def declare(cardinality: str, base: str, values: list[str]) -> None:
        rd = etree.SubElement(item, E("responseDeclaration"), identifier="RESPONSE")
        rd.set("cardinality", cardinality)
        rd.set(A("baseType"), base)
        if values:
            cr = etree.SubElement(rd, E("correctResponse"))
            for v in values:
                etree.SubElement(cr, E("value")).text = v

    writer = _Body(d, pictures, get)
    if q.type in (QuestionType.MCQ, QuestionType.TRUE_FALSE):
        multiple = q.type == QuestionType.TRUE_FALSE
        declare("multiple" if multiple else "single", "identifier", [o.label for o in q.options if o.correct])
    elif q.type == QuestionType.SHORT_ANSWER:
        value = str(q.answer or "").strip()
        numeric = bool(_NUMBER.fullmatch(value))
        declare("single", "float" if numeric else "string", [value.replace(",", ".") if numeric else value])
    else:
        declare("single", "string", [])
    _outcome(item, d, "SCORE", "0")
    if points is not None:
        _outcome(item, d, "MAXSCORE", f"{points:g}")
    if stimulus is not None:  # QTI 3.0: the shared passage by reference, before the body
        etree.SubElement(item, E("assessmentStimulusRef"), identifier=stimulus.ident, href=f"../{stimulus.href}")
    body = etree.SubElement(item, E("itemBody"))
    if passage is not None:
        div = writer.div(passage)
        div.set("class", PASSAGE_CLASS)
        if group:
            div.set("id", "passage-" + re.sub(r"[^A-Za-z0-9_.-]", "_", group))
        body_parts.append(div)
    stem = q.stem
    if q.subparts:
        stem = Content([*q.stem.blocks, *(Paragraph([Text(f"{s.label}) "), *_inlines(s.content)]) for s in q.subparts)])
    body_parts.append(writer.div(stem))
    for part in body_parts:
        body.append(part)
    if q.type == QuestionType.TRUE_FALSE or (q.type == QuestionType.ESSAY and q.guide):
        rubric = etree.SubElement(body, E("rubricBlock"), view="scorer")
        if d.kebab:  # QTI 3: what the rubric is for, and its content in a body of its own
            rubric.set("use", "scoring")
            rubric = etree.SubElement(rubric, E("contentBody"))
        if q.type == QuestionType.TRUE_FALSE:
            etree.SubElement(rubric, E("p")).text = scoring_note_tf()
        for step in q.guide:
            p = writer.paragraph(_inlines(step.content) + ([Text(f" ({step.points:g})")] if step.points is not None else []))
            rubric.append(p)
    if q.type in (QuestionType.MCQ, QuestionType.TRUE_FALSE):
        ci = etree.SubElement(body, E("choiceInteraction"))
        ci.set(A("responseIdentifier"), "RESPONSE")
        ci.set("shuffle", "false" if q.type == QuestionType.TRUE_FALSE else "true")
        ci.set(A("maxChoices"), "0" if q.type == QuestionType.TRUE_FALSE else "1")
        for o in q.options:
            sc = etree.SubElement(ci, E("simpleChoice"), identifier=o.label)
            writer.inline_into(sc, _inlines(o.content))
    elif q.type == QuestionType.SHORT_ANSWER:
        p = etree.SubElement(body, E("p"))
        te = etree.SubElement(p, E("textEntryInteraction"))
        te.set(A("responseIdentifier"), "RESPONSE")
        te.set(A("expectedLength"), "12")
    else:
        et = etree.SubElement(body, E("extendedTextInteraction"))
        et.set(A("responseIdentifier"), "RESPONSE")
    if q.type != QuestionType.ESSAY:
        etree.SubElement(item, E("responseProcessing"), template=d.template)
    if writer.missing:
        warnings.append(f"question {n}: {writer.missing} pictures were not found in the bank and are left out")
    return item


def _outcome(item: etree._Element, d: Dialect, ident: str, value: str) -> None:
    od = etree.SubElement(item, d.el("outcomeDeclaration"), identifier=ident, cardinality="single")
    od.set(d.attr("baseType"), "float")
    dv = etree.SubElement(od, d.el("defaultValue"))
    etree.SubElement(dv, d.el("value")).text = value


def _inlines(content: Content) -> list:
    return [i for b in content.blocks if isinstance(b, Paragraph) for i in b.inlines]


class _Body:
    """Rich content as QTI's XHTML subset with MathML; pictures are written beside the item."""

    def __init__(self, d: Dialect, pictures: dict[str, str], get) -> None:  # noqa: ANN001
        self.d, self.pictures, self.get = d, pictures, get
        self.missing = 0

    def div(self, content: Content) -> etree._Element:
        div = etree.Element(self.d.el("div"))
        for b in content.blocks:
            if isinstance(b, Table):
                table = etree.SubElement(div, self.d.el("table"))
                tbody = etree.SubElement(table, self.d.el("tbody"))
                for row in b.rows:
                    tr = etree.SubElement(tbody, self.d.el("tr"))
                    for cell in row:
                        td = etree.SubElement(tr, self.d.el("td"))
                        self.inline_into(td, _inlines(cell))
            else:
                div.append(self.paragraph(b.inlines))
        return div

    def paragraph(self, inlines: list) -> etree._Element:
        p = etree.Element(self.d.el("p"))
        self.inline_into(p, inlines)
        return p

    def inline_into(self, parent: etree._Element, inlines: list) -> None:
        for i in inlines:
            if isinstance(i, Text):
                self._text(parent, i)
            elif isinstance(i, Math | Ole) and getattr(i, "latex", None):
                parent.append(_mathml(i.latex))
            elif isinstance(i, Image):
                data = self.get(i.blob)
                if data is None:
                    self.missing += 1
                    continue
                name = f"{i.blob[:16]}{mimetypes.guess_extension(i.mime) or '.bin'}"
                self.pictures[name] = i.blob
                etree.SubElement(parent, self.d.el("img"), src=f"images/{name}", alt=i.alt or "")
            elif isinstance(i, Break):
                etree.SubElement(parent, self.d.el("br"))

    def _text(self, parent: etree._Element, t: Text) -> None:
        target = parent
        for flag, tag in ((t.bold, "b"), (t.italic, "i"), (t.vert == "sub", "sub"), (t.vert == "sup", "sup")):
            if flag:
                target = etree.SubElement(target, self.d.el(tag))
        if target is parent:
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + t.text
            else:
                parent.text = (parent.text or "") + t.text
        else:
            target.text = t.text


def _mathml(latex: str) -> etree._Element:
    markup = latex_to_mathml(latex)
    try:
        el = etree.fromstring(markup)
    except etree.XMLSyntaxError:
        el = etree.fromstring(f'<math xmlns="{MATHML}"><mtext>{etree.CDATA(latex)}</mtext></math>')
    for node in el.iter():  # latex2mathml writes no namespace: QTI needs MathML's
        if isinstance(node.tag, str) and not node.tag.startswith("{"):
            node.tag = f"{{{MATHML}}}{node.tag}"
    el.attrib.pop("xmlns", None)
    return el


def _test(paper: ExamPaper, d: Dialect, items: list[tuple[str, str]]) -> etree._Element:
    E, A = d.el, d.attr
    test = etree.Element(E("assessmentTest"), nsmap={None: d.ns}, identifier="test", title=paper.header.title or paper.name)
    part = etree.SubElement(test, E("testPart"), identifier="part1")
    part.set(A("navigationMode"), "nonlinear")
    part.set(A("submissionMode"), "simultaneous")
    section = etree.SubElement(part, E("assessmentSection"), identifier="section1", title=paper.name, visible="true")
    for ident, href in items:
        etree.SubElement(section, E("assessmentItemRef"), identifier=ident, href=href)
    return test


def _manifest(d: Dialect, resources: list[_Resource], stimuli: list[_Resource]) -> etree._Element:
    CP = d.cp
    m = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP}, identifier="qbank-manifest")
    etree.SubElement(m, f"{{{CP}}}organizations")
    res = etree.SubElement(m, f"{{{CP}}}resources")
    t = etree.SubElement(res, f"{{{CP}}}resource", identifier="test", type=d.test_type, href="test.xml")
    etree.SubElement(t, f"{{{CP}}}file", href="test.xml")
    for r in resources:
        etree.SubElement(t, f"{{{CP}}}dependency", identifierref=r.ident)
    for r in [*resources, *stimuli]:
        el = etree.SubElement(res, f"{{{CP}}}resource", identifier=r.ident, type=r.type, href=r.href)
        for f in r.files:
            etree.SubElement(el, f"{{{CP}}}file", href=f)
        for need in r.needs:
            etree.SubElement(el, f"{{{CP}}}dependency", identifierref=need)
    return m
