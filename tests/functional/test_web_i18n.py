"""Every UI string has a Vietnamese translation, and the compiled catalogs match the sources."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "qbank" / "translations"
METHODS = [("qbank/web/**.py", "python"), ("qbank/api/**.py", "python"), ("qbank/http/**.py", "python"),
           ("qbank/services/**.py", "python"),
           ("qbank/domain/**.py", "python"), ("importers/**.py", "python"), ("qbank/web/templates/**.html", "jinja2")]
ERRORS = {"QBankError", "NotFound", "PermissionDenied", "ValidationError", "Conflict", "UnsupportedFormat", "RejectedFile"}
# Where a user can see an error's message: the web translates what these layers raise.
SHOWN = ["qbank/services", "qbank/domain", "qbank/web", "qbank/http", "importers"]


def source_msgids() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "N_": None, **dict.fromkeys(ERRORS), "Problem": (2,)}
    found = set()
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(ROOT), METHODS, keywords=keywords):
        found.add(msg if isinstance(msg, str) else msg[0])
    return found


def test_every_ui_string_is_translated_into_vietnamese() -> None:
    with (TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        po = read_po(f)
    translated = {m.id: m.string for m in po if m.id}
    missing = sorted(source_msgids() - {k for k, v in translated.items() if v})
    assert not missing, f"run `python -m qbank.translations.update` and translate: {missing}"


def test_compiled_catalog_matches_the_po() -> None:
    for lang in ("vi", "en"):
        with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            po = {m.id: m.string for m in read_po(f) if m.id}
        with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as f:
            mo = {m.id: m.string for m in read_mo(f) if m.id}
        assert po == mo, f"{lang}: messages.mo is stale; run `python -m qbank.translations.update`"


def untranslatable_messages() -> list[str]:
    """Errors (and blueprint Problems) raised with a message that is not a plain string: an
    f-string or a computed text has no msgid, so the catalogue cannot translate it."""
    found = []
    for folder in SHOWN:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                index = 1 if node.func.id == "Problem" else 0 if node.func.id in ERRORS else None
                if index is None or len(node.args) <= index:
                    continue
                arg = node.args[index]
                literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                translated = isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id in ("_", "gettext")
                if not (literal or translated):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(arg)[:80]}")
    return found


def test_errors_shown_to_users_carry_a_msgid_and_parameters() -> None:
    bad = untranslatable_messages()
    assert not bad, "raise Error(\"… %(name)s …\", name=value) instead of an f-string:\n" + "\n".join(bad)


def test_a_service_error_reaches_the_page_in_vietnamese(app) -> None:  # noqa: ANN001
    from flask_babel import force_locale

    from qbank.domain.errors import NotFound, ValidationError
    from qbank.web.errors import error_text

    with app.test_request_context("/"), force_locale("vi"):
        assert error_text(NotFound("question %(question_id)s not found", question_id=7)) == "không tìm thấy câu hỏi 7"
        assert error_text(ValidationError("at least %(MIN_PASSWORD)s characters", where="password", MIN_PASSWORD=8)) == (
            "password: ít nhất 8 ký tự")


def test_refusals_and_error_pages_are_in_vietnamese(client, runtime) -> None:  # noqa: ANN001
    import io

    from tests import factories
    from tests.functional.web_fixtures import login

    factories.department(runtime, "Quảng Trị")
    factories.user(runtime, "giaovien", "contributor", "Quảng Trị")
    login(client, "giaovien")
    page = client.get("/khong-co-trang-nay").get_data(as_text=True)
    assert "Không có gì ở đây" in page and "requested URL" not in page
    resp = client.post("/import", data={"file": (io.BytesIO(b""), "rong.docx")}, content_type="multipart/form-data")
    assert "rong.docx: tệp rỗng" in resp.get_data(as_text=True)
    missing = client.get("/questions/999999").get_data(as_text=True)
    assert "không tìm thấy câu hỏi 999999" in missing
    qid = factories.stored(runtime, factories.mcq("Một câu hỏi"), "Quảng Trị")
    assert "tạo mới" in client.get(f"/questions/{qid}").get_data(as_text=True)  # the first version's note
