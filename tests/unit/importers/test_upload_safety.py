"""Hostile uploads are refused with one line that tells a clerk what is wrong."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from importers.safety import OLE2_MAGIC, Limits, check_package, parse_xml, read_part
from qbank.domain.errors import RejectedFile

W_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
X_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFDOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOC_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>C\xc3\xa2u 1. 1 + 1 = ?</w:t></w:r></w:p></w:body></w:document>"
)


def content_types(main_part: str = "/word/document.xml", main_type: str = W_MAIN, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{main_part}" ContentType="{main_type}"/>{extra}</Types>'
    ).encode()


def rels(*items: tuple[str, str, str | None]) -> bytes:
    body = "".join(
        f'<Relationship Id="rId{i}" Type="{OFFDOC}/{t}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for i, (t, target, mode) in enumerate(items, 1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL_NS}">{body}</Relationships>'.encode()


def make_docx(parts: dict[str, bytes] | None = None, *, ct: bytes | None = None) -> bytes:
    """A minimal valid .docx; ``parts`` add or replace members."""
    members = {
        "[Content_Types].xml": ct if ct is not None else content_types(),
        "_rels/.rels": rels(("officeDocument", "word/document.xml", None)),
        "word/document.xml": DOC_XML,
        "word/_rels/document.xml.rels": rels(),
    }
    members.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def rejected(data: bytes, filename: str = "de_thi.docx", expected: str = "docx", **kw: object) -> str:
    with pytest.raises(RejectedFile) as exc:
        check_package(data, filename, expected, **kw)  # type: ignore[arg-type]
    message = str(exc.value)
    assert "\n" not in message, "a clerk gets one line"
    assert message.startswith(filename)
    return message


def test_a_plain_docx_passes() -> None:
    check_package(make_docx(), "de_thi.docx", "docx")


def test_a_hyperlink_to_the_web_is_allowed() -> None:
    data = make_docx({"word/_rels/document.xml.rels": rels(("hyperlink", "https://moet.gov.vn", "External"))})
    check_package(data, "de_thi.docx", "docx")


def test_a_macro_type_declared_for_an_absent_part_is_not_a_macro() -> None:
    # Some generators declare a Default for every type they know, even in clean files.
    extra = '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    check_package(make_docx(ct=content_types(extra=extra)), "de_thi.docx", "docx")


def test_a_renamed_pdf_is_called_a_pdf() -> None:
    message = rejected(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "de_thi.docx")
    assert "PDF" in message


def test_an_old_binary_doc_says_save_it_as_docx() -> None:
    ole = OLE2_MAGIC + b"\x00" * 200 + "WordDocument".encode("utf-16-le") + b"\x00" * 200
    message = rejected(ole, "de_thi.docx")
    assert "old binary Word .doc" in message
    assert "save it as .docx" in message


def test_an_old_binary_xls_says_save_it_as_xlsx() -> None:
    ole = OLE2_MAGIC + b"\x00" * 200 + "Workbook".encode("utf-16-le") + b"\x00" * 200
    message = rejected(ole, "nganhang.xlsx", "xlsx")
    assert ".xls" in message and "save it as .xlsx" in message


def test_a_password_protected_file_says_password_protected() -> None:
    # Encrypted OOXML is an OLE2 container holding EncryptionInfo and EncryptedPackage streams.
    ole = (
        OLE2_MAGIC
        + b"\x00" * 200
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 50
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 200
    )
    message = rejected(ole, "de_thi.docx")
    assert "password-protected" in message


def test_an_xlsx_renamed_docx_is_named_for_what_it_is() -> None:
    data = make_docx({"xl/workbook.xml": b"<workbook/>"}, ct=content_types("/xl/workbook.xml", X_MAIN))
    message = rejected(data, "de_thi.docx")
    assert "Excel .xlsx file renamed" in message


def test_an_ordinary_zip_is_not_a_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert "ordinary zip archive" in rejected(buf.getvalue())


def test_a_docm_with_vba_project_is_refused_for_its_macros() -> None:
    data = make_docx(
        {"word/vbaProject.bin": b"\x00" * 64},
        ct=content_types(
            main_type=DOCM_MAIN,
            extra='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        ),
    )
    assert "macro" in rejected(data, "de_thi.docx")


def test_a_vba_project_hidden_in_a_docx_is_refused() -> None:
    data = make_docx({"word/vbaProject.bin": b"\x00" * 64})
    assert "macros" in rejected(data)


def test_an_external_template_relationship_is_refused() -> None:
    data = make_docx(
        {"word/_rels/settings.xml.rels": rels(("attachedTemplate", "http://evil.example/t.dotm", "External"))}
    )
    message = rejected(data)
    assert "outside resource" in message and "attachedTemplate" in message


def test_an_externally_linked_image_is_refused() -> None:
    data = make_docx({"word/_rels/document.xml.rels": rels(("image", "\\\\10.0.0.1\\share\\x.png", "External"))})
    assert "outside resource" in rejected(data)


def test_a_billion_laughs_doctype_in_document_xml_is_refused() -> None:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
        )
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    message = rejected(make_docx({"word/document.xml": lol}))
    assert "DOCTYPE" in message and "word/document.xml" in message


def test_a_zip_bomb_of_a_few_kb_is_refused_from_its_directory() -> None:
    data = make_docx({"word/media/bomb.xml": b"\x00" * (20 * 1024 * 1024)})
    assert len(data) < 64 * 1024
    assert "zip bomb" in rejected(data)


def test_a_zip_bomb_over_the_per_entry_cap_is_refused() -> None:
    data = make_docx({"word/big.xml": b" " * (3 * 1024 * 1024)})
    assert "zip bomb" in rejected(data, limits=Limits(max_entry_size=1024 * 1024, max_ratio=10_000))


def test_many_parts_adding_up_over_the_total_cap_are_refused() -> None:
    parts = {f"word/p{i}.xml": b"<a/>" + b" " * 200_000 for i in range(6)}
    message = rejected(make_docx(parts), limits=Limits(max_total_size=1024 * 1024, max_ratio=10_000))
    assert "zip bomb" in message


def test_too_many_entries_are_refused() -> None:
    parts = {f"word/p{i}.xml": b"<a/>" for i in range(30)}
    assert "parts" in rejected(make_docx(parts), limits=Limits(max_entries=20))


def test_a_lying_size_in_the_central_directory_is_caught_while_reading() -> None:
    data = bytearray(make_docx({"word/media/bomb.xml": b"\x00" * (20 * 1024 * 1024)}))
    # Rewrite the bomb's uncompressed size in the central directory to a harmless 100 bytes.
    pos = data.find(b"PK\x01\x02")
    while data[pos + 46 : pos + 46 + 19] != b"word/media/bomb.xml":
        pos = data.find(b"PK\x01\x02", pos + 4)
    struct.pack_into("<I", data, pos + 24, 100)
    message = rejected(bytes(data))
    assert "damaged" in message or "zip bomb" in message


def test_a_bad_crc_is_called_damaged() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", content_types())
        zf.writestr("_rels/.rels", rels(("officeDocument", "word/document.xml", None)))
        zf.writestr("word/document.xml", DOC_XML)
    data = buf.getvalue().replace("C\u00e2u 1".encode(), "C\u00e2u 7".encode())
    assert "damaged" in rejected(data)


def test_a_truncated_zip_is_called_damaged_or_incomplete() -> None:
    data = make_docx()
    assert "damaged or incomplete" in rejected(data[: len(data) // 2])


def test_a_dotdot_entry_is_refused() -> None:
    data = make_docx({"../evil.xml": b"<a/>"})
    message = rejected(data)
    assert "unsafe name" in message and "../evil" in message


def test_an_absolute_entry_name_is_refused() -> None:
    assert "unsafe name" in rejected(make_docx({"/etc/passwd": b"x"}))


def test_an_empty_upload_is_called_empty() -> None:
    assert "empty" in rejected(b"")


def test_parse_xml_refuses_a_doctype() -> None:
    with pytest.raises(RejectedFile, match="DOCTYPE"):
        parse_xml(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')


def test_parse_xml_reads_ordinary_xml() -> None:
    root = parse_xml(DOC_XML)
    assert root.tag.endswith("document")


def test_parse_xml_calls_broken_xml_damaged() -> None:
    with pytest.raises(RejectedFile, match="damaged"):
        parse_xml(b"<a><b></a>")


def test_read_part_stops_at_its_limit() -> None:
    with zipfile.ZipFile(io.BytesIO(make_docx())) as zf:
        assert read_part(zf, "word/document.xml", 10_000) == DOC_XML
        with pytest.raises(RejectedFile, match="larger than"):
            read_part(zf, "word/document.xml", 10)
        with pytest.raises(RejectedFile, match="missing"):
            read_part(zf, "word/nothing.xml", 10)


def test_a_workbook_linked_to_another_workbook_says_how_to_break_the_link() -> None:
    ct = content_types("/xl/workbook.xml", X_MAIN)
    data = make_docx(
        {
            "xl/workbook.xml": b"<workbook/>",
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels(
                ("externalLinkPath", "file:///\\\\server\\share\\Book2.xlsx", "External")
            ),
        },
        ct=ct,
    )
    message = rejected(data, "nganhang.xlsx", "xlsx")
    assert "links to another workbook" in message and "Break Link" in message


def test_a_doctype_in_shared_strings_of_a_workbook_is_refused() -> None:
    data = make_docx(
        {"xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": b'<!DOCTYPE x [<!ENTITY a "b">]><sst/>'},
        ct=content_types("/xl/workbook.xml", X_MAIN),
    )
    assert "xl/sharedStrings.xml" in rejected(data, "nganhang.xlsx", "xlsx")


def test_a_utf16_part_cannot_hide_its_doctype() -> None:
    body = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><w:document/>'.encode("utf-16")
    assert "DOCTYPE" in rejected(make_docx({"word/document.xml": body}))


def test_the_caps_follow_the_module_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    from importers import safety

    monkeypatch.setattr(safety, "MAX_ENTRIES", 3)
    assert "parts" in rejected(make_docx())


def test_openpyxl_parses_with_defusedxml_so_it_refuses_dtds_itself() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_a_template_on_the_teachers_own_disk_is_not_an_outside_resource() -> None:
    local = "file:///C:\\Users\\gv\\AppData\\Roaming\\Microsoft\\Templates\\De%20thi.dotx"
    data = make_docx({"word/_rels/settings.xml.rels": rels(("attachedTemplate", local, "External"))})
    check_package(data, "de_thi.docx", "docx")


@pytest.mark.parametrize(
    "target", ["\\\\10.0.0.5\\share\\t.dotm", "file://server/share/t.dotm", "https://x.example/t.dotm"]
)
def test_a_template_on_a_network_share_or_the_web_is_refused(target: str) -> None:
    data = make_docx({"word/_rels/settings.xml.rels": rels(("attachedTemplate", target, "External"))})
    assert "outside resource" in rejected(data)


def test_an_xml_part_with_an_odd_extension_is_still_checked_for_a_doctype() -> None:
    extra = '<Override PartName="/word/extra.dat" ContentType="application/vnd.ms-word.stylesWithEffects+xml"/>'
    data = make_docx({"word/extra.dat": b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'}, ct=content_types(extra=extra))
    assert "word/extra.dat" in rejected(data)


def test_an_svg_picture_with_a_doctype_is_stored_not_refused() -> None:
    extra = '<Default Extension="svg" ContentType="image/svg+xml"/>'
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    check_package(make_docx({"word/media/image1.svg": svg}, ct=content_types(extra=extra)), "de_thi.docx", "docx")
