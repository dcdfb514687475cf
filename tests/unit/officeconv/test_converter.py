"""The long-running LibreOffice: warm reuse, sandbox limits, no macros, recovery from a hung office."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from officeconv import ConversionError, Converter, soffice_path, uno_python
from tests.unit.importers.docx_builder import build, p

pytestmark = pytest.mark.skipif(
    soffice_path() is None or uno_python() is None,
    reason="needs LibreOffice and its Python bridge (apt-get install libreoffice-writer-nogui python3-uno; .ci/run does)",
)


@pytest.fixture(scope="module")
def conv():  # noqa: ANN201
    c = Converter(timeout_s=60)
    c.start()
    yield c
    c.close()


def _office_pids(c: Converter) -> list[int]:
    assert c._office is not None
    out = subprocess.run(["pgrep", "-g", str(c._office.pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _live_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are still alive (zombies awaiting their reaper do not count)."""
    live = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                live.append(int(d.name))
    return live


def test_many_files_go_through_one_office_process(conv: Converter, tmp_path: Path) -> None:
    first = conv._office.pid  # type: ignore[union-attr]
    for k in range(3):
        src = tmp_path / f"de{k}.docx"
        src.write_bytes(build(p(f"Câu {k + 1}. Tính đạo hàm của hàm số.")))
        pdf = conv.convert_file(src, tmp_path / f"de{k}.pdf", "writer_pdf_Export")
        assert pdf.read_bytes().startswith(b"%PDF")
    assert conv._office.pid == first and conv.restarts == 0  # type: ignore[union-attr]


def test_the_office_runs_with_a_memory_cap_and_its_own_profile(conv: Converter) -> None:
    procs = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in _office_pids(conv)}
    office = [pid for pid, cmd in procs.items() if cmd[0].endswith(b"soffice.bin")]
    assert office, procs
    for pid in office:
        limits = Path(f"/proc/{pid}/limits").read_text()
        line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
        assert str(conv.memory_mb * 1024 * 1024) in line, line
        assert any(a.startswith(b"-env:UserInstallation=file:///") and b"qbank-lo-" in a for a in procs[pid]), procs[pid]


def test_the_profile_forbids_macros(conv: Converter) -> None:
    assert conv._profile is not None
    xcu = (conv._profile / "user" / "registrymodifications.xcu").read_text()
    assert '"MacroSecurityLevel" oor:op="fuse"><value>3<' in xcu
    assert '"DisableMacrosExecution" oor:op="fuse"><value>true<' in xcu


def test_a_document_macro_bound_to_opening_is_not_run(conv: Converter, tmp_path: Path) -> None:
    """A flat ODT whose OnLoad event runs a Basic macro that would write a file."""
    marker = tmp_path / "macro-ran"
    fodt = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0"
 xmlns:ooo="http://openoffice.org/2004/office" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:ooo-script="http://openoffice.org/2004/office" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:scripts><office:script script:language="ooo:Basic"><ooo:libraries xmlns:ooo="http://openoffice.org/2004/office">
  <ooo:library-embedded ooo:name="Standard"><ooo:module ooo:name="Module1"><ooo:source-code>Sub Boom
  Dim n As Integer : n = FreeFile : Open "{marker}" For Output As #n : Print #n, "x" : Close #n
End Sub</ooo:source-code></ooo:module></ooo:library-embedded></ooo:libraries></office:script>
 <office:event-listeners><script:event-listener script:language="ooo:script" script:event-name="office:load"
  xlink:href="vnd.sun.star.script:Standard.Module1.Boom?language=Basic&amp;location=document"/></office:event-listeners>
 </office:scripts>
 <office:body><office:text><text:p>Câu 1. Macro test.</text:p></office:text></office:body></office:document>"""
    src = tmp_path / "macro.fodt"
    src.write_text(fodt, encoding="utf-8")
    conv.convert_file(src, tmp_path / "macro.pdf", "writer_pdf_Export")
    assert (tmp_path / "macro.pdf").exists()
    assert not marker.exists(), "LibreOffice ran a document macro"


def test_a_hung_office_is_killed_and_the_next_request_starts_a_fresh_one(tmp_path: Path) -> None:
    c = Converter(timeout_s=30)
    try:
        c.start()
        src = tmp_path / "a.docx"
        src.write_bytes(build(p("Câu 1. Một câu hỏi.")))
        hung = c._office.pid  # type: ignore[union-attr]
        os.killpg(hung, signal.SIGSTOP)  # the office stops answering, like a conversion stuck in a loop
        with pytest.raises(ConversionError, match=r"did not convert a\.docx within 2 s"):
            c.convert_file(src, tmp_path / "a.pdf", "writer_pdf_Export", timeout_s=2)
        assert c.restarts == 1 and not c.running
        assert _live_in_group(hung) == [], "the stuck office was left behind"
        assert c.convert_file(src, tmp_path / "a.pdf", "writer_pdf_Export").read_bytes().startswith(b"%PDF")
        assert c._office.pid != hung  # type: ignore[union-attr]
    finally:
        c.close()


def test_a_file_it_cannot_open_is_an_error_and_the_office_carries_on(conv: Converter, tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    restarts = conv.restarts
    with pytest.raises(ConversionError, match="could not convert bad.docx"):
        conv.convert_file(bad, tmp_path / "bad.pdf", "writer_pdf_Export")
    good = tmp_path / "good.docx"
    good.write_bytes(build(p("Câu 1. Vẫn chạy.")))
    assert conv.convert_file(good, tmp_path / "good.pdf", "writer_pdf_Export").exists()
    assert conv.restarts == restarts


def test_a_batch_goes_to_two_warm_offices_side_by_side(tmp_path: Path) -> None:
    from officeconv import convert_many, shared_converters

    jobs = []
    for k in range(6):
        src = tmp_path / f"de{k}.docx"
        src.write_bytes(build(p(f"Câu {k + 1}. Một câu hỏi.")))
        jobs.append((src, tmp_path / f"de{k}.pdf"))
    for conv in shared_converters(2):
        conv.start()
    before = [c._jobs for c in shared_converters(2)]
    made = convert_many(jobs, "writer_pdf_Export", workers=2)
    assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in made)
    a, b = shared_converters(2)
    assert a._office.pid != b._office.pid  # type: ignore[union-attr]
    assert a._jobs > before[0] and b._jobs > before[1], "both offices took files from the batch"


def test_a_server_can_warm_the_shared_converter_in_the_background() -> None:
    from officeconv import shared_converter, warm_in_background

    thread = warm_in_background()
    assert thread is not None
    thread.join(120)
    assert shared_converter().running


def test_the_office_ends_when_the_process_that_started_it_is_killed(tmp_path: Path) -> None:
    import sys
    import time

    code = (
        "from officeconv import Converter\n"
        "c = Converter(); c.start()\n"
        "print(c._office.pid, flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        office = int(parent.stdout.readline())  # type: ignore[union-attr]
    finally:
        parent.kill()  # no atexit, no close(): only the closed pipe tells the worker
        parent.wait()
        parent.stdout.close()  # type: ignore[union-attr]
    deadline = time.monotonic() + 30
    while _live_in_group(office) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _live_in_group(office) == [], "LibreOffice outlived the process that started it"
