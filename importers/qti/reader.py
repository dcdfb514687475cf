"""Reads IMS QTI 2.1/2.2/3.0 items, assessment tests and content packages into bank questions.

choiceInteraction → MCQ (one answer) or true/false statements (several); textEntryInteraction →
short answer; extendedTextInteraction → essay (a scorer rubric → marking guide). Match, order, gap,
hotspot and the other interactions have no equivalent in the bank: the item is skipped by name.
QTI 3.0's kebab-case names (``qti-choice-interaction``) are read as their 2.x twins. MathML becomes
equations; pictures inside a package become the bank's pictures.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
from collections.abc import Callable

from lxml import etree

from importers.base import ImportResult
from importers.interchange import apply_tag_pairs, choice_question
from importers.qti.mathml import mathml_to_latex
from importers.safety import open_zip, parse_xml
from qbank.domain.content import Break, Content, Image, Math, Paragraph, Table, Text
from qbank.domain.enums import QuestionType
from qbank.domain.errors import RejectedFile
from qbank.domain.question import Blob, GuideStep, Question, Tags
from qbank.domain.render import to_text

ITEM_ROOTS = {"assessmentItem"}
TEST_ROOTS = {"assessmentTest"}
_INTERACTIONS = {"choiceInteraction", "textEntryInteraction", "extendedTextInteraction"}
_UNSUPPORTED = {"matchInteraction", "orderInteraction", "gapMatchInteraction", "associateInteraction", "hotspotInteraction",
                "hottextInteraction", "inlineChoiceInteraction", "sliderInteraction", "graphicGapMatchInteraction",
                "graphicOrderInteraction", "graphicAssociateInteraction", "selectPointInteraction", "positionObjectInteraction",
                "mediaInteraction", "drawingInteraction", "uploadInteraction", "customInteraction", "portableCustomInteraction",
                "endAttemptInteraction"}
_INLINE_INTERACTIONS = {"textEntryInteraction", "inlineChoiceInteraction", "endAttemptInteraction"}
# Shown only after an answer, or presentation only: never part of a stem or an option.
_NOT_CONTENT = {"feedbackInline", "feedbackBlock", "modalFeedback", "templateInline", "templateBlock", "stylesheet",
                "companionMaterialsInfo"}
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol"}
_PICTURES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp", "image/bmp"}


def name(el: etree._Element) -> str:
    """Local name in the 2.x spelling: ``qti-choice-interaction`` → ``choiceInteraction``."""
    if not isinstance(el.tag, str):
        return ""
    local = etree.QName(el).localname
    if local.startswith("qti-"):
        head, *rest = local[4:].split("-")
        return head + "".join(w.capitalize() for w in rest)
    return local


def attr(el: etree._Element, key: str) -> str | None:
    """An attribute in either spelling: ``responseIdentifier`` or ``response-identifier``."""
    return el.get(key) if el.get(key) is not None else el.get(re.sub(r"(?<!^)([A-Z])", r"-\1", key).lower())


class QtiImporter:
    format = "qti"
    extensions = (".zip", ".xml")

    def read(self, data: bytes, filename: str) -> ImportResult:
        """A content package (.zip with imsmanifest.xml), or one item file (.xml)."""
        if not data.startswith(b"PK"):
            return self.read_root(parse_xml(data, filename), filename)
        zf = open_zip(data, filename)
        names = {n.replace("\\", "/"): n for n in zf.namelist()}
        if "imsmanifest.xml" not in names:
            raise RejectedFile("%(filename)s: a QTI package needs imsmanifest.xml at its top level", filename=filename)
        result = ImportResult(filename, self.format)

        def load(path: str) -> bytes | None:
            real = names.get(posixpath.normpath(path))
            return zf.read(real) if real else None

        manifest = parse_xml(zf.read(names["imsmanifest.xml"]), f"{filename}: imsmanifest.xml")
        hrefs = _item_hrefs(manifest, load, filename)
        if not hrefs:
            raise RejectedFile("%(filename)s: the package's manifest lists no QTI item", filename=filename)
        for href in hrefs:
            raw = load(href)
            if raw is None:
                result.warn(href, "listed in the manifest but missing from the package; skipped")
                continue
            _read_item(parse_xml(raw, f"{filename}: {href}"), href, result, lambda src, base=href: _beside(load, base, src))
        return _finish(result, filename)

    def read_root(self, root: etree._Element, filename: str) -> ImportResult:
        """One item file (QTI 2.x or 3.0); a test file alone has no items to read."""
        result = ImportResult(filename, self.format)
        if name(root) in TEST_ROOTS:
            raise RejectedFile("%(filename)s: an assessment test without its items: upload the whole content package (.zip)", filename=filename)
        _read_item(root, filename, result, lambda src: None)
        return _finish(result, filename)


def _beside(load: Callable[[str], bytes | None], item: str, src: str) -> bytes | None:
    """A file an item names: relative to the item, as the spec says, else from the package's top (as many tools write it)."""
    return load(posixpath.join(posixpath.dirname(item), src)) or load(src)


def _finish(result: ImportResult, filename: str) -> ImportResult:
    if not result.questions:
        why = next((m.text for m in result.messages if m.level != "info"), "")
        if why:  # one item, or none usable: say why, naming the interaction
            raise RejectedFile("%(filename)s: no QTI item the bank can take (choice, text entry or extended text): %(why)s",
                               filename=filename, why=why)
        raise RejectedFile("%(filename)s: no QTI item the bank can take (choice, text entry or extended text)", filename=filename)
    for n, q in enumerate(result.questions, 1):
        q.number = n
    return result


def _item_hrefs(manifest: etree._Element, load: Callable[[str], bytes | None], filename: str) -> list[str]:
    """Item files in test order when the package has a test, else in manifest order."""
    items: list[str] = []
    tests: list[str] = []
    for res in manifest.iter():
        if name(res) != "resource":
            continue
        rtype, href = res.get("type") or "", res.get("href") or ""
        if not href:
            continue
        if "_item_" in rtype or rtype.startswith("imsqti_item"):
            items.append(href)
        elif "_test_" in rtype or rtype.startswith("imsqti_test"):
            tests.append(href)
    ordered: list[str] = []
    for t in tests:
        raw = load(t)
        if raw is None:
            continue
        root = parse_xml(raw, f"{filename}: {t}")
        for ref in root.iter():
            if name(ref) == "assessmentItemRef" and ref.get("href"):
                path = posixpath.normpath(posixpath.join(posixpath.dirname(t), ref.get("href")))
                if path not in ordered:
                    ordered.append(path)
    return ordered + [h for h in items if posixpath.normpath(h) not in ordered]


def _read_item(root: etree._Element, where: str, result: ImportResult, load: Callable[[str], bytes | None]) -> None:
    if name(root) not in ITEM_ROOTS:
        result.warn(where, f"<{etree.QName(root).localname}> is not a QTI 2.x/3.0 item; skipped")
        return
    body = next((el for el in root if name(el) == "itemBody"), None)
    if body is None:
        result.warn(where, "the item has no itemBody; skipped")
        return
    found = [el for el in body.iter() if name(el) in _INTERACTIONS or name(el) in _UNSUPPORTED]
    other = [name(el) for el in found if name(el) in _UNSUPPORTED]
    if other or not found:
        what = f"interaction '{other[0]}'" if other else "an item without an interaction"
        result.warn(where, f"{what} has no equivalent in the bank; item skipped")
        return
    if len(found) > 1:
        result.warn(where, f"the item holds {len(found)} interactions; the bank keeps the first")
    interaction = found[0]
    responses = _responses(root)
    rich = _Rich(result, where, load)
    group = _shared_passage(root, body, where, result, load)
    # The stem is the body without the interaction, its rubrics, a passage repeated from its group, and
    # any block that only holds the interaction (an exported text entry sits in a <p> of its own); one
    # inside a sentence is a blank.
    stem = rich.content([el for el in body if el is not interaction and name(el) != "rubricBlock" and not _is_passage(el)
                         and not (interaction in el.iter() and not "".join(el.itertext()).strip())], body.text)
    prompt = next((el for el in interaction if name(el) == "prompt"), None)
    if prompt is not None:
        stem.blocks.extend(rich.content([prompt], None).blocks)
    ident = attr(interaction, "responseIdentifier") or "RESPONSE"
    cardinality, base, correct = responses.get(ident, ("single", "identifier", []))
    kind = name(interaction)
    if kind == "choiceInteraction":
        choices = [el for el in interaction if name(el) == "simpleChoice"]
        if len(choices) < 2:
            result.warn(where, "a choice interaction needs at least two choices; skipped")
            return
        multiple = cardinality == "multiple" or (attr(interaction, "maxChoices") or "1") != "1"
        options = [(rich.content([c], None, inline=True), c.get("identifier") in correct) for c in choices]
        if not any(ok for _, ok in options) and not multiple:
            result.warn(where, "no correct response is declared; skipped")
            return
        q = choice_question(stem, options, multiple=multiple)
    elif kind == "textEntryInteraction":
        value = correct[0] if correct else None
        if value is not None and base in ("float", "integer"):
            value = f"{float(value):g}".replace(".", ",")
        q = Question(QuestionType.SHORT_ANSWER, stem, answer=value)
    else:
        q = Question(QuestionType.ESSAY, stem)
        for rubric in (el for el in body.iter() if name(el) == "rubricBlock" and "scorer" in (el.get("view") or "")):
            q.guide.extend(_guide(rich.content([rubric], None)))
    q.source_ref = where
    q.group = group
    q.tags = Tags()
    label = root.get("label") or ""
    if label.startswith("qbank:"):
        pairs = [tuple(p.split("=", 1)) for p in label[6:].split(";") if "=" in p]
        topic = next((v for k, v in pairs if k.strip() == "topic"), None)
        q.tags.topic = topic.strip() if topic else None
        apply_tag_pairs(q, [p for p in pairs if p[0].strip() != "topic"])  # type: ignore[misc]
    if q.points is None:
        maxscore = next((el for el in root if name(el) == "outcomeDeclaration" and el.get("identifier") == "MAXSCORE"), None)
        value = "".join(maxscore.itertext()).strip() if maxscore is not None else ""
        q.points = float(value) if re.fullmatch(r"\d+(?:\.\d+)?", value) else None
    result.questions.append(q)


def _is_passage(el: etree._Element) -> bool:
    """QTI 2.1 has no shared stimulus: our writer prints the passage in each item in a div of this class."""
    return name(el) == "div" and "qbank-passage" in (el.get("class") or "").split()


def _shared_passage(root: etree._Element, body: etree._Element, where: str, result: ImportResult,
                    load: Callable[[str], bytes | None]) -> str | None:
    """The passage group of an item: a QTI 3.0 stimulus it refers to (read once per package), or a
    repeated passage div of ours (QTI 2.1, grouped by its id, else by its text)."""
    for ref in (el for el in root if name(el) == "assessmentStimulusRef"):
        href, ident = ref.get("href") or "", ref.get("identifier") or ""
        key = f"stimulus:{ident or href}"
        if key in result.passages:
            return key
        raw = load(href) if href else None
        if raw is None:
            result.warn(where, f"the shared stimulus '{ident or href}' is not in the file; the item is read without it")
            continue
        stim = parse_xml(raw, f"{where}: {href}")
        stim_body = next((el for el in stim if name(el) == "stimulusBody"), None)
        if stim_body is None:
            result.warn(where, f"the shared stimulus '{ident or href}' has no body; the item is read without it")
            continue
        base = posixpath.dirname(href)
        rich = _Rich(result, href, lambda src, base=base: load(posixpath.join(base, src)))
        result.passages[key] = rich.content(list(stim_body), stim_body.text)
        return key
    div = next((el for el in body if _is_passage(el)), None)
    if div is None:
        return None
    content = _Rich(result, where, load).content([div], None)
    key = f"passage:{div.get('id') or to_text(content)[:200]}"
    result.passages.setdefault(key, content)
    return key


def _positive(value: str | None) -> bool:
    try:
        return float(value or "0") > 0
    except ValueError:
        return False


def _responses(root: etree._Element) -> dict[str, tuple[str, str, list[str]]]:
    out: dict[str, tuple[str, str, list[str]]] = {}
    for rd in root:
        if name(rd) != "responseDeclaration":
            continue
        values = [("".join(v.itertext())).strip() for cr in rd if name(cr) == "correctResponse" for v in cr if name(v) == "value"]
        if not values:  # scored by a mapping only (TAO writes items so): the keys that earn points are right
            values = [e.get("mapKey") or e.get("map-key") or "" for m in rd if name(m) == "mapping" for e in m
                      if name(e) == "mapEntry" and _positive(attr(e, "mappedValue"))]
        out[rd.get("identifier") or ""] = (rd.get("cardinality") or "single", attr(rd, "baseType") or "identifier", values)
    return out


_STEP = re.compile(r"\s*\((\d+(?:[.,]\d+)?)\)\s*$")


def _guide(content: Content) -> list[GuideStep]:
    steps = []
    for b in content.blocks:
        points = None
        if isinstance(b, Paragraph) and b.inlines and isinstance(b.inlines[-1], Text):
            m = _STEP.search(b.inlines[-1].text)
            if m:
                points = float(m.group(1).replace(",", "."))
                last = b.inlines[-1]
                b = Paragraph([*b.inlines[:-1], Text(last.text[: m.start()], last.bold, last.italic, last.underline)])
        steps.append(GuideStep(Content([b]), points))
    return steps


class _Rich:
    """QTI's XHTML subset (with MathML and pictures) as the bank's rich content."""

    def __init__(self, result: ImportResult, where: str, load: Callable[[str], bytes | None]) -> None:
        self.result, self.where, self.load = result, where, load

    def content(self, elements: list[etree._Element], lead: str | None, *, inline: bool = False) -> Content:
        self.blocks: list[Paragraph | Table] = []
        self.current: list = []
        self._text(lead, {})
        for el in elements:
            self._walk(el, {}, top=not inline)
        self._flush()
        return Content([b for b in self.blocks if not isinstance(b, Paragraph) or any(
            not isinstance(i, Text) or i.text.strip() for i in b.inlines)])

    def _flush(self) -> None:
        if self.current:
            self.blocks.append(Paragraph(self.current))
            self.current = []

    def _text(self, s: str | None, style: dict) -> None:
        if s and s.strip():
            self.current.append(Text(re.sub(r"\s+", " ", s), **style))

    def _walk(self, el: etree._Element, style: dict, top: bool = False) -> None:
        n = name(el)
        if n in ("prompt", "simpleChoice", "rubricBlock", "contentBody") or (top and n not in _BLOCKS and n not in ("math", "img", "table", "br")):
            self._text(el.text, style)
            for k in el:
                self._walk(k, style)
            self._text(el.tail, style)
            return
        if n == "math":
            self.current.append(Math(mathml_to_latex(el)))
            self._text(el.tail, style)
            return
        if n == "img":
            self._image(el)
            self._text(el.tail, style)
            return
        if n == "br":
            self.current.append(Break())
            self._text(el.tail, style)
            return
        if n in _INTERACTIONS or n in _UNSUPPORTED:
            if n in _INLINE_INTERACTIONS:  # a gap in a sentence; a block interaction (choices, essay box) leaves none
                self.current.append(Text(" _____ "))
            self._text(el.tail, style)
            return
        if n in _NOT_CONTENT:
            self._text(el.tail, style)
            return
        if n == "table":
            self._flush()
            rows = []
            for tr in (r for r in el.iter() if name(r) == "tr"):
                cells = []
                for td in (c for c in tr if name(c) in ("td", "th")):
                    cells.append(_Rich(self.result, self.where, self.load).content([td], None, inline=True))
                rows.append(cells)
            self.blocks.append(Table(rows))
            self._text(el.tail, style)
            return
        s = dict(style)
        if n in ("b", "strong"):
            s["bold"] = True
        elif n in ("i", "em"):
            s["italic"] = True
        elif n == "u":
            s["underline"] = True
        elif n in ("sub", "sup"):
            s["vert"] = n
        block = n in _BLOCKS
        if block:
            self._flush()
        self._text(el.text, s)
        for k in el:
            self._walk(k, s)
        if block:
            self._flush()
        self._text(el.tail, style)

    def _image(self, el: etree._Element) -> None:
        src = (el.get("src") or "").strip()
        data = self.load(src) if src and "://" not in src else None
        mime = mimetypes.guess_type(src)[0] or ""
        if data is None or mime not in _PICTURES:
            self.result.warn(self.where, f"picture {src[:80]!r} is not inside the package: left out")
            return
        blob = Blob(data, mime)
        self.result.blobs[blob.sha256] = blob
        self.current.append(Image(blob.sha256, mime, alt=el.get("alt") or ""))
