"""TCVN3 (ABC) and VNI text becomes Unicode NFC before parsing, run by run, with messages saying where."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import zipfile
from xml.sax.saxutils import escape

import pytest

from importers.docx.importer import DocxImporter
from importers.legacy_fonts import TCVN3, decode_tcvn3, decode_vni, font_encoding, looks_like_tcvn3
from qbank.domain.render import to_text

# Each row: a vowel with huyền, hỏi, ngã, sắc, nặng; as Unicode and as Word stores the TCVN3 / VNI bytes.
VOWELS = ["aàảãáạ", "ăằẳẵắặ", "âầẩẫấậ", "eèẻẽéẹ", "êềểễếệ", "iìỉĩíị", "oòỏõóọ", "ôồổỗốộ", "ơờởỡớợ", "uùủũúụ", "ưừửữứự", "yỳỷỹýỵ"]
TCVN3_ROWS = ["aµ¶·¸¹", "¨»¼½¾Æ", "©ÇÈÉÊË", "eÌÎÏÐÑ", "ªÒÓÔÕÖ", "i×ØÜÝÞ", "oßáâãä", "«åæçèé", "¬êëìíî", "uïñòóô", "\xadõö÷øù", "yúûüýþ"]
VNI_ROWS = [
    ["a", "aø", "aû", "aõ", "aù", "aï"],
    ["aê", "aè", "aú", "aü", "aé", "aë"],
    ["aâ", "aà", "aå", "aã", "aá", "aä"],
    ["e", "eø", "eû", "eõ", "eù", "eï"],
    ["eâ", "eà", "eå", "eã", "eá", "eä"],
    ["i", "ì", "æ", "ó", "í", "ò"],
    ["o", "oø", "oû", "oõ", "où", "oï"],
    ["oâ", "oà", "oå", "oã", "oá", "oä"],
    ["ô", "ôø", "ôû", "ôõ", "ôù", "ôï"],
    ["u", "uø", "uû", "uõ", "uù", "uï"],
    ["ö", "öø", "öû", "öõ", "öù", "öï"],
    ["y", "yø", "yû", "yõ", "yù", "î"],
]


@pytest.mark.parametrize(("unicode_row", "stored"), list(zip(VOWELS, TCVN3_ROWS, strict=True)), ids=[r[0] for r in VOWELS])
def test_tcvn3_every_vowel_with_its_five_tones(unicode_row: str, stored: str) -> None:
    for letter, code in zip(unicode_row, stored, strict=True):
        assert decode_tcvn3(code) == letter, (code, letter)
        assert decode_tcvn3(code, capitals=True) == letter.upper()
        assert unicodedata.is_normalized("NFC", decode_tcvn3(code))


def test_tcvn3_d_and_the_capitals_it_has_codes_for() -> None:
    assert decode_tcvn3("®§¡¢£¤¥¦") == "đĐĂÂÊÔƠƯ"
    assert decode_tcvn3("®", capitals=True) == "Đ"


@pytest.mark.parametrize(("unicode_row", "stored"), list(zip(VOWELS, VNI_ROWS, strict=True)), ids=[r[0] for r in VOWELS])
def test_vni_every_vowel_with_its_five_tones_in_both_cases(unicode_row: str, stored: list[str]) -> None:
    for letter, code in zip(unicode_row, stored, strict=True):
        assert decode_vni(code) == letter, (code, letter)
        assert decode_vni(code.upper()) == letter.upper(), (code.upper(), letter.upper())


def test_vni_d_and_whole_words() -> None:
    assert decode_vni("ñ Ñ") == "đ Đ"
    assert decode_vni("Ñeà thi hoïc sinh gioûi moân Toaùn") == "Đề thi học sinh giỏi môn Toán"
    assert decode_vni("ÑEÀ THI CHÍNH THÖÙC") == "ĐỀ THI CHÍNH THỨC"


def test_tcvn3_table_agrees_with_the_c_librarys_tcvn5712_1_codec() -> None:
    if shutil.which("iconv") is None:
        pytest.skip("the iconv program is not installed")
    probe = subprocess.run(["iconv", "-l"], capture_output=True, text=True).stdout
    if "TCVN5712-1" not in probe:
        pytest.skip("this C library's iconv has no TCVN5712-1 codec")
    codes = sorted(TCVN3)
    out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes(codes), capture_output=True, check=True)
    theirs = unicodedata.normalize("NFC", out.stdout.decode("utf-8"))
    assert len(theirs) == len(codes)
    for code, ch in zip(codes, theirs, strict=True):
        assert TCVN3[code] == ch, f"0x{code:02X}: ours {TCVN3[code]!r}, iconv {ch!r}"


def test_font_names_say_the_encoding() -> None:
    assert font_encoding(".VnTime") == ("tcvn3", False)
    assert font_encoding(".VnTimeH") == ("tcvn3", True)
    assert font_encoding(".VnArialH") == ("tcvn3", True)
    assert font_encoding(".VnArial") == ("tcvn3", False)
    assert font_encoding("VNI-Times") == ("vni", False)
    assert font_encoding("Times New Roman") is None and font_encoding(None) is None


def test_text_that_only_makes_sense_as_tcvn3_is_recognised_and_unicode_is_not() -> None:
    assert looks_like_tcvn3("§Ò thi chän häc sinh giái")
    assert looks_like_tcvn3("Cho hµm sè bËc ba cã ®å thÞ nh\xad h×nh vÏ")
    assert not looks_like_tcvn3("Đề thi chọn học sinh giỏi môn Toán, x ± 1, 2 × 3")
    assert not looks_like_tcvn3("Cho hàm số bậc ba. GIÁ TRỊ LỚN NHẤT là À, É, Ô")


# -- whole documents ---------------------------------------------------------------------------
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run(text: str, font: str | None = None, style: str | None = None) -> str:
    rpr = ""
    if style:
        rpr += f'<w:rStyle w:val="{style}"/>'
    if font:
        rpr += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
    return f'<w:r>{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def docx(*body: str, default_font: str = "Times New Roman", fonts: tuple[str, ...] = ()) -> bytes:
    styles = (
        f'<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{default_font}" w:hAnsi="{default_font}"/>'
        '</w:rPr></w:rPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="TieuDe"><w:name w:val="Tieu de"/><w:basedOn w:val="Normal"/>'
        '<w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/><w:b/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Vni"><w:name w:val="Vni"/><w:rPr><w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/></w:rPr></w:style>'
        "</w:styles>"
    )
    font_table = f'<w:fonts {W}>' + "".join(f'<w:font w:name="{f}"/>' for f in (default_font, *fonts)) + "</w:fonts>"
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{main}.styles+xml"/>'
        f'<Override PartName="/word/fontTable.xml" ContentType="{main}.fontTable+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
        ' Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
        "</Relationships>",
        "word/document.xml": f'<w:document {W}><w:body>{"".join(body)}</w:body></w:document>',
        "word/styles.xml": styles,
        "word/fontTable.xml": font_table,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


def read(data: bytes):  # noqa: ANN201 - ImportResult
    return DocxImporter().read(data, "cu.docx")


def test_a_tcvn3_paper_in_the_default_font_reads_as_unicode_letter_by_letter() -> None:
    data = docx(
        para(run("§Ò thi chän häc sinh giái", style=None), style="TieuDe"),
        para("<w:r><w:t xml:space=\"preserve\">C©u 1. Cho hµm sè bËc ba cã ®å thÞ nh\xad h×nh vÏ. T×m gi¸ trÞ lín nhÊt.</w:t></w:r>"),
        para(run("A. 1")), para(run("B. 2")), para(run("C. 3")), para(run("D. 4")),
        para(run("C©u 2. Gi¶i ph\xad¬ng tr×nh sau ®©y.")),
        para(run("A. 5")), para(run("B. 6")), para(run("C. 7")), para(run("D. 8")),
        default_font=".VnTime", fonts=(".VnTimeH",),
    )
    result = read(data)
    assert [q.number for q in result.questions] == [1, 2]
    assert list(to_text(result.questions[0].stem)) == list("Cho hàm số bậc ba có đồ thị như hình vẽ. Tìm giá trị lớn nhất.")
    assert to_text(result.questions[1].stem) == "Giải phương trình sau đây."
    assert [o.label for o in result.questions[0].options] == ["A", "B", "C", "D"]
    notes = [m for m in result.messages if "TCVN3" in m.text]
    assert len(notes) == 1 and notes[0].level == "info"
    assert notes[0].text == "text in TCVN3 (.VnTime, .VnTimeH) was converted to Unicode"
    assert notes[0].where == "paragraphs 1-2, 7"  # the paragraphs whose text changed


def test_the_capitals_font_gives_capitals() -> None:
    data = docx(
        para(run("§Ò thi chÝnh thøc"), style="TieuDe"),
        para(run("C©u 1. ", ".VnTimeH"), run("Bµi to¸n ", ".VnTime"), run("ho¸ häc", ".VnTimeH")),
        fonts=(".VnTime", ".VnTimeH"),
    )
    result = read(data)
    assert to_text(result.questions[0].stem) == "Bài toán HOÁ HỌC"


def test_a_mixed_paper_converts_run_by_run() -> None:
    """TCVN3 body, a VNI run through a character style, a VNI font set directly, Unicode runs untouched."""
    data = docx(
        para(run("Câu 1. ", "Times New Roman"), run("T×m ", ".VnTime"), run("giá trị ", "Times New Roman"),
             run("lôùn nhaát ", style="Vni"), run("cuûa haøm soá.", "VNI-Times")),
        para(run("A. ", "Times New Roman"), run("§óng", ".VnTime")),
        para(run("B. Sai", "Times New Roman")),
        fonts=(".VnTime", "VNI-Times"),
    )
    result = read(data)
    assert list(to_text(result.questions[0].stem)) == list("Tìm giá trị lớn nhất của hàm số.")
    assert [to_text(o.content) for o in result.questions[0].options] == ["Đúng", "Sai"]
    texts = {m.text: m.where for m in result.messages if "converted to Unicode" in m.text}
    assert texts == {
        "text in TCVN3 (.VnTime) was converted to Unicode": "paragraphs 1-2",
        "text in VNI (VNI-Times) was converted to Unicode": "paragraph 1",
    }


def test_tcvn3_text_in_a_unicode_font_is_recognised_but_unicode_paragraphs_are_left_alone() -> None:
    data = docx(
        para(run("C©u 1. Cho hµm sè bËc ba cã ®å thÞ nh\xad h×nh vÏ.")),
        para(run("Câu 2. Đề thi chọn học sinh giỏi môn Toán: giá trị à, é, ô.")),
    )
    result = read(data)
    assert [to_text(q.stem) for q in result.questions] == [
        "Cho hàm số bậc ba có đồ thị như hình vẽ.",
        "Đề thi chọn học sinh giỏi môn Toán: giá trị à, é, ô.",
    ]
    (note,) = [m for m in result.messages if "converted to Unicode" in m.text]
    assert note.text == "text in Times New Roman that only makes sense as TCVN3 was converted to Unicode"
    assert note.where == "paragraph 1"


def test_a_unicode_paper_is_not_touched() -> None:
    data = docx(para(run("Câu 1. Tính giá trị à, è, ì, ò, ù, ý của Müller.")))
    result = read(data)
    assert to_text(result.questions[0].stem) == "Tính giá trị à, è, ì, ò, ù, ý của Müller."
    assert not [m for m in result.messages if "converted" in m.text]


def test_a_package_without_a_font_table_is_still_converted_by_its_run_fonts() -> None:
    data = docx(para(run("Câu 1. ", "Times New Roman"), run("T×m gi¸ trÞ lín nhÊt.", ".VnTime")))
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name in src.namelist():
            if name != "word/fontTable.xml":
                out.writestr(name, src.read(name))
    result = read(buf.getvalue())
    assert to_text(result.questions[0].stem) == "Tìm giá trị lớn nhất."
