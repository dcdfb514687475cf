"""The converter service: one set of warm offices shared by every process, restarted when it is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from officeconv import LibreOfficeMissing, soffice_path, uno_python
from officeconv.converter import INSTALL_HINT, _tiny_docx
from officeconv.service import (
    SOCKET_ENV,
    RemoteConverter,
    ensure_service,
    ping,
    process_alive,
    socket_path_for,
    stop_service,
)
from officeconv.shared import shared_converter

ROOT = Path(__file__).resolve().parents[3]

needs_office = pytest.mark.skipif(
    soffice_path() is None or uno_python() is None,
    reason="needs LibreOffice and its Python bridge (apt-get install libreoffice-writer-nogui python3-uno; .ci/run does)",
)


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    sock = socket_path_for(tmp_path / "instance")
    monkeypatch.setenv(SOCKET_ENV, str(sock))
    yield sock
    stop_service(sock)


def _docx(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(_tiny_docx())
    return path


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_the_socket_lives_under_the_instance_folder_unless_that_path_is_too_long(tmp_path: Path) -> None:
    assert socket_path_for(Path("/srv/qbank")) == Path("/srv/qbank/run/officeconv.sock")
    long = socket_path_for(tmp_path / ("x" * 120))
    assert len(os.fsencode(long)) < 108 and long.name.endswith(".sock")
    assert long == socket_path_for(tmp_path / ("x" * 120))  # every worker derives the same path


def test_under_a_server_the_shared_converter_is_a_client_of_the_service(service: Path) -> None:
    assert isinstance(shared_converter(), RemoteConverter)
    assert shared_converter().socket_path == service


@needs_office
def test_the_service_is_started_once_and_every_process_converts_through_it(service: Path, tmp_path: Path) -> None:
    from exporters.pdf import docx_to_pdf

    first = ensure_service(service)
    assert ensure_service(service)["pid"] == first["pid"]  # asking again starts nothing new
    assert docx_to_pdf([_docx(tmp_path, "here.docx")], tmp_path / "out")[0].read_bytes().startswith(b"%PDF")
    # Another process (a second worker) finds the same service through the environment.
    code = (
        "import sys; from pathlib import Path; from exporters.pdf import docx_to_pdf; "
        "print(docx_to_pdf([Path(sys.argv[1])], Path(sys.argv[2]))[0])"
    )
    other = subprocess.run([sys.executable, "-c", code, str(_docx(tmp_path, "there.docx")), str(tmp_path / "out")],
                           capture_output=True, text=True, timeout=300, cwd=ROOT, env=dict(os.environ))  # fmt: skip
    assert other.returncode == 0, other.stderr
    assert Path(other.stdout.strip()).read_bytes().startswith(b"%PDF")
    state = ping(service)
    assert state is not None and state["pid"] == first["pid"] and state["jobs"] == 2


@needs_office
def test_a_service_that_was_killed_is_started_again_by_the_next_conversion(service: Path, tmp_path: Path) -> None:
    from exporters.pdf import docx_to_pdf

    old = ensure_service(service)["pid"]
    os.kill(old, signal.SIGKILL)
    assert _gone(old, 10)
    pdf = docx_to_pdf([_docx(tmp_path, "after.docx")], tmp_path / "out")[0]
    assert pdf.read_bytes().startswith(b"%PDF")
    state = ping(service)
    assert state is not None and state["pid"] != old


@needs_office
def test_the_service_ends_with_the_server_that_owns_it(service: Path) -> None:
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pid = ensure_service(service, owner=owner.pid)["pid"]
    finally:
        owner.kill()
        owner.wait()
    assert _gone(pid, 15)
    assert ping(service) is None


def test_an_office_the_service_cannot_start_is_reported_with_what_to_install(
    service: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The service (not this process) lacks LibreOffice: the client gets its message, not a hang.
    monkeypatch.setenv("QBANK_LIBREOFFICE", "no-such-office-binary")
    ensure_service(service)
    monkeypatch.delenv("QBANK_LIBREOFFICE")
    with pytest.raises(LibreOfficeMissing, match="LibreOffice is not installed") as err:
        RemoteConverter(service).convert_file(_docx(tmp_path, "x.docx"), tmp_path / "x.pdf", "writer_pdf_Export")
    assert INSTALL_HINT in str(err.value)


@needs_office
def test_a_file_the_office_cannot_open_is_an_error_naming_it_and_the_service_goes_on(service: Path, tmp_path: Path) -> None:
    from officeconv import ConversionError

    pid = ensure_service(service)["pid"]
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not really a Word file")
    with pytest.raises(ConversionError, match="hong.docx"):
        RemoteConverter(service).convert_file(bad, tmp_path / "hong.pdf", "writer_pdf_Export")
    good = RemoteConverter(service).convert_file(_docx(tmp_path, "tot.docx"), tmp_path / "tot.pdf", "writer_pdf_Export")
    assert good.read_bytes().startswith(b"%PDF")
    assert ping(service)["pid"] == pid


@needs_office
def test_offices_that_crash_inside_the_service_are_started_again(service: Path, tmp_path: Path) -> None:
    pid = ensure_service(service)["pid"]
    RemoteConverter(service).start()  # its first office is warm
    offices = [int(d.name) for d in Path("/proc").iterdir() if d.name.isdigit() and _parent(d) == pid and b"--accept=pipe" in _cmd(d)]
    assert offices
    for office in offices:
        os.killpg(office, signal.SIGKILL)  # the office and everything it started
    pdf = RemoteConverter(service).convert_file(_docx(tmp_path, "sau.docx"), tmp_path / "sau.pdf", "writer_pdf_Export")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert ping(service)["pid"] == pid


def _parent(proc: Path) -> int:
    try:
        stat = (proc / "stat").read_text()
    except OSError:
        return -1
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def _cmd(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""
