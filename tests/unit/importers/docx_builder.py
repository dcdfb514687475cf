"""Build small .docx files from WordprocessingML snippets, for importer tests."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)
# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


def r(text: str, *, b: bool = False, i: bool = False, u: bool = False, color: str | None = None,
      highlight: str | None = None, vert: str | None = None) -> str:  # fmt: skip
    """A run of text with direct formatting."""
    props = ""
    if b:
        props += "<w:b/>"
    if i:
        props += "<w:i/>"
    if u:
        props += '<w:u w:val="single"/>'
    if color:
        props += f'<w:color w:val="{color}"/>'
    if highlight:
        props += f'<w:highlight w:val="{highlight}"/>'
    if vert:
        props += f'<w:vertAlign w:val="{vert}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def tab() -> str:
    return "<w:r><w:tab/></w:r>"


def br() -> str:
    return "<w:r><w:br/></w:r>"


def p(*parts: str, num: tuple[int, int] | None = None, style: str | None = None) -> str:
    """A paragraph; plain strings that are not XML become runs."""
    body = "".join(x if x.startswith("<") else r(x) for x in parts)
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def math(inner: str) -> str:
    """An inline equation from OMML children (``mr("x")``, ``frac(...)``)."""
    return f"<m:oMath>{inner}</m:oMath>"


def mr(text: str, color: str | None = None, u: bool = False) -> str:
    props = ""
    if color:
        props += f'<w:color w:val="{color}"/>'
    if u:
        props += '<w:u w:val="single"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<m:r>{rpr}<m:t>{escape(text)}</m:t></m:r>"


def frac(num: str, den: str) -> str:
    return f"<m:f><m:num>{num}</m:num><m:den>{den}</m:den></m:f>"


def sup(base: str, exp: str) -> str:
    return f"<m:sSup><m:e>{base}</m:e><m:sup>{exp}</m:sup></m:sSup>"


def tbl(*rows: list[str]) -> str:
    """A table; each cell is paragraph XML or plain text."""
    out = "<w:tbl>"
    for row in rows:
        out += "<w:tr>"
        for cell in row:
            content = cell if cell.startswith("<w:p") or cell.startswith("<w:tbl") else p(cell)
            out += f"<w:tc>{content}</w:tc>"
        out += "</w:tr>"
    return out + "</w:tbl>"


def picture(rid: str = "rIdImg1") -> str:
    return (
        '<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="p"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )


def mathtype(ole_rid: str = "rIdOle1", img_rid: str = "rIdImg1") -> str:
    return (
        '<w:r><w:object><v:shape id="_x0000_i1025" style="width:30pt;height:15pt">'
        f'<v:imagedata r:id="{img_rid}" o:title=""/></v:shape>'
        f'<o:OLEObject Type="Embed" ProgID="Equation.DSMT4" ShapeID="_x0000_i1025" r:id="{ole_rid}"/>'
        "</w:object></w:r>"
    )


def numbering(lvl_text: str = "Câu %1.", start: int = 1, overrides: dict[int, int] | None = None,
              extra_nums: int = 0) -> str:  # fmt: skip
    """numbering.xml with abstract list 1 and num 1 (+ more nums of the same list, optionally restarted)."""
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    for k in range(2, 2 + extra_nums):
        ov = ""
        if overrides and k in overrides:
            ov = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{overrides[k]}"/></w:lvlOverride>'
        nums += f'<w:num w:numId="{k}"><w:abstractNumId w:val="1"/>{ov}</w:num>'
    return (
        f'<w:numbering {NS}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{escape(lvl_text)}"/></w:lvl></w:abstractNum>{nums}</w:numbering>'
    )


def build(*body: str, numbering_xml: str | None = None, images: int = 1, ole: bool | bytes = False) -> bytes:
    """A .docx package whose body is the given paragraphs/tables; ``ole`` as bytes is the embedded object."""
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{"".join(body)}</w:body></w:document>'
    rels = ['<Relationship Id="rIdImg1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>']
    if images > 1:
        rels.append('<Relationship Id="rIdImg2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image2.png"/>')
    if ole:
        rels.append('<Relationship Id="rIdOle1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="embeddings/oleObject1.bin"/>')
    if numbering_xml:
        rels.append('<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>')
    ct = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + ('<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' if numbering_xml else "")
        + "</Types>"
    )  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", doc)
        z.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels) + "</Relationships>",
        )  # fmt: skip
        z.writestr("word/media/image1.png", PNG)
        if images > 1:
            z.writestr("word/media/image2.png", PNG + b"2")
        if ole:
            z.writestr("word/embeddings/oleObject1.bin", ole if isinstance(ole, bytes) else b"\xd0\xcf\x11\xe0MathType equation bytes")
        if numbering_xml:
            z.writestr("word/numbering.xml", numbering_xml)
    return buf.getvalue()


def read(*body: str, **kw: object):  # noqa: ANN201 - ImportResult
    """Build and import in one go."""
    from importers.docx.importer import DocxImporter

    return DocxImporter().read(build(*body, **kw), "test.docx")  # type: ignore[arg-type]


def mcq(n: int, stem: str, *opts: str, correct: int | None = None, how: str = "u") -> list[str]:
    """"Câu n. stem" and four option lines; the option at index ``correct`` marked by ``how``."""
    out = [p(r(f"Câu {n}. ", b=True), stem)]
    for k, text in enumerate(opts):
        label = "ABCD"[k] + ". "
        mark = k == correct
        kw = {"u": {"u": mark}, "red": {"color": "FF0000" if mark else None}, "hl": {"highlight": "yellow" if mark else None},
              "b": {"b": mark}}[how]  # fmt: skip
        out.append(p(r(label, **kw), r(text, **kw)))  # type: ignore[arg-type]
    return out
