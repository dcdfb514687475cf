"""One LibreOffice kept listening in a sandboxed child, reused across conversions, restarted when it breaks.

Starting LibreOffice costs about a second; converting a paper in a warm instance costs a tenth
of that. So, like unoserver, we start ``soffice --accept=pipe,…;urp`` once and drive it through
UNO from a small worker (``officeconv/uno_worker.py``) run by the Python that has the ``uno``
module. The office runs in its own session (killed as a group) under ``RLIMIT_AS``, with its own
profile directory whose settings forbid macros, and every request has a time limit: a hung or
crashed office is killed and the next request starts a fresh one. Without python3-uno the
converter falls back to one ``soffice --convert-to`` call per batch of files.
"""

from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

INSTALL_HINT = "LibreOffice is not installed: apt-get install libreoffice-writer-nogui"
UNO_HINT = "apt-get install python3-uno"

DEFAULT_TIMEOUT_S = 60.0  # one conversion; a 50-page paper takes well under 5 s
DEFAULT_MEMORY_MB = 3072  # address space of soffice.bin: ~0.7-1.1 GB idle, ~1.5 GB after a paper full of equations
START_TIMEOUT_S = 30.0
MAX_JOBS = 200  # restart after this many conversions so leaks in a long-lived office stay bounded

# Macro security "very high" (only trusted locations, of which there are none) and macro
# execution disabled outright; no Java; no update checks or first-start wizard.
_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="SecureURL" oor:op="fuse"><value/></prop></item>
<item oor:path="/org.openoffice.Office.Java/VirtualMachine"><prop oor:name="Enable" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
</oor:items>
"""


class ConversionError(Exception):
    """A file LibreOffice could not convert (the message says why, in one line)."""


class LibreOfficeMissing(ConversionError):
    """LibreOffice (or the part of it a conversion needs) is not installed; says what to install."""


def soffice_path() -> str | None:
    """LibreOffice's binary: QBANK_LIBREOFFICE (a name on PATH or a path) if set, else soffice/libreoffice."""
    wanted = os.environ.get("QBANK_LIBREOFFICE")
    if wanted:
        return shutil.which(wanted)
    return shutil.which("soffice") or shutil.which("libreoffice")


_uno_python_cache: dict[str, str | None] = {}


def uno_python() -> str | None:
    """A Python that can ``import uno`` (QBANK_UNO_PYTHON, this one, or the system python3), else None."""
    key = os.environ.get("QBANK_UNO_PYTHON", "")
    if key in _uno_python_cache:
        return _uno_python_cache[key]
    candidates = [key] if key else [sys.executable, "/usr/bin/python3", shutil.which("python3") or ""]
    found = None
    for exe in dict.fromkeys(c for c in candidates if c):
        try:
            ok = subprocess.run(
                [exe, "-c", "import uno"], capture_output=True, timeout=20, stdin=subprocess.DEVNULL
            ).returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if ok:
            found = exe
            break
    _uno_python_cache[key] = found
    return found


def _limit_child(memory_mb: int):  # noqa: ANN202 - a preexec_fn
    limit = memory_mb * 1024 * 1024

    def apply() -> None:
        for res, value in ((resource.RLIMIT_AS, limit), (resource.RLIMIT_CORE, 0)):
            try:
                resource.setrlimit(res, (value, value))
            except (ValueError, OSError):  # a sandbox may forbid it; the time limit still holds
                pass

    return apply


class Converter:
    """A warm LibreOffice for many conversions; thread-safe (one conversion at a time)."""

    def __init__(
        self, *, timeout_s: float = DEFAULT_TIMEOUT_S, memory_mb: int = DEFAULT_MEMORY_MB, max_jobs: int = MAX_JOBS
    ) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.max_jobs = max_jobs
        self.restarts = 0  # how many times a broken or hung office was replaced
        self._lock = threading.RLock()
        self._office: subprocess.Popen[bytes] | None = None
        self._worker: subprocess.Popen[bytes] | None = None
        self._profile: Path | None = None
        self._jobs = 0
        self.warm_up_s = 0.0
        self.ready = False  # started and warmed up: the next conversion pays no start-up
        self.last_failure_fatal = False

    # -- life cycle ----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._office is not None and self._office.poll() is None and self._worker is not None

    def start(self) -> None:
        """Start the office and its UNO worker now (otherwise the first conversion does)."""
        with self._lock:
            if not self.running:
                self._start()

    def _start(self) -> None:
        self._stop()
        exe = soffice_path()
        if exe is None:
            raise LibreOfficeMissing(INSTALL_HINT)
        py = uno_python()
        if py is None:
            raise LibreOfficeMissing(f"LibreOffice's Python bridge is not installed: {UNO_HINT}")
        self._profile = Path(tempfile.mkdtemp(prefix="qbank-lo-"))
        user = self._profile / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
        pipe = f"qbank-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env["HOME"] = str(self._profile)  # nothing of the service user's home is read or written
        self._office = subprocess.Popen(
            [
                exe,
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                "--nofirststartwizard",
                f"-env:UserInstallation={self._profile.as_uri()}",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own process group: one kill ends oosplash and soffice.bin
            preexec_fn=_limit_child(self.memory_mb),  # noqa: PLW1509 - no threads touch this fork
        )
        worker_env = dict(env)
        if py != sys.executable:
            worker_env.pop("PYTHONPATH", None)
        self._worker = subprocess.Popen(
            [py, str(Path(__file__).with_name("uno_worker.py")), pipe, str(START_TIMEOUT_S)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=worker_env,
            start_new_session=True,
        )
        reply = self._read_reply(START_TIMEOUT_S + 5)
        if not reply or not reply.get("ready"):
            detail = (reply or {}).get("error", "no answer")
            self._stop()
            raise ConversionError(f"LibreOffice did not start ({detail})")
        self._jobs = 0
        self._warm_up()
        self.ready = True

    def _warm_up(self) -> None:
        """Convert a one-line .docx to PDF so Writer, the Word import and the PDF export are
        loaded before the first real request (it then costs ~0.2 s instead of ~1 s)."""
        assert self._profile is not None
        t0 = time.monotonic()
        src = self._profile / "warm-up.docx"
        src.write_bytes(_tiny_docx())
        self._jobs -= 1  # the warm-up does not count towards max_jobs
        self._send({"op": "convert", "src": str(src), "dst": str(self._profile / "warm-up.pdf"),
                    "filter": "writer_pdf_Export"}, "the warm-up file", START_TIMEOUT_S)
        self.warm_up_s = time.monotonic() - t0

    def close(self) -> None:
        """Stop the office and remove its profile."""
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        for proc in (self._worker, self._office):
            if proc is None:
                continue
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    proc.kill()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()
        self._worker = self._office = None
        self.ready = False
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    # -- requests ------------------------------------------------------------------------
    def _read_reply(self, timeout: float) -> dict | None:
        assert self._worker is not None and self._worker.stdout is not None
        ready, _, _ = select.select([self._worker.stdout], [], [], timeout)
        if not ready:
            return None
        line = self._worker.stdout.readline()
        if not line:
            return None
        return json.loads(line)

    def _request(self, req: dict, what: str, timeout_s: float | None) -> None:
        timeout = self.timeout_s if timeout_s is None else timeout_s
        with self._lock:
            if not self.running or self._jobs >= self.max_jobs:
                self._start()
            self._send(req, what, timeout)

    def _send(self, req: dict, what: str, timeout: float) -> None:
        with self._lock:
            assert self._worker is not None and self._worker.stdin is not None
            self._jobs += 1
            self.last_failure_fatal = False
            try:
                self._worker.stdin.write((json.dumps(req) + "\n").encode())
                self._worker.stdin.flush()
                reply = self._read_reply(timeout)
            except (BrokenPipeError, OSError, ValueError):
                reply = None
            if reply is None:
                # Hung or crashed: kill the whole office; the next request starts a new one.
                self.restarts += 1
                self._stop()
                raise ConversionError(f"LibreOffice did not convert {what} within {timeout:g} s (it was stopped)")
            if not reply.get("ok"):
                if reply.get("fatal"):
                    self.restarts += 1
                    self.last_failure_fatal = True  # the office died under this file (a caller may try once more)
                    self._stop()
                raise ConversionError(f"LibreOffice could not convert {what}: {reply.get('error', 'unknown error')}")

    def convert_file(self, src: Path, dst: Path, filter_name: str, *, timeout_s: float | None = None) -> Path:
        """Open ``src`` and store it as ``dst`` with an export filter ("writer_pdf_Export", "MS Word 2007 XML")."""
        dst.unlink(missing_ok=True)
        self._request(
            {"op": "convert", "src": str(src.resolve()), "dst": str(dst.resolve()), "filter": filter_name},
            src.name,
            timeout_s,
        )
        if not dst.exists():
            raise ConversionError(f"LibreOffice did not produce {dst.name}")
        return dst

    def convert_bytes(self, data: bytes, suffix: str, filter_name: str, out_suffix: str) -> bytes:
        """Convert in-memory bytes (``suffix`` tells LibreOffice the input type) and return the output's bytes."""
        with tempfile.TemporaryDirectory(prefix="qbank-conv-") as tmp:
            src = Path(tmp) / f"in{suffix}"
            src.write_bytes(data)
            return self.convert_file(src, Path(tmp) / f"out{out_suffix}", filter_name).read_bytes()

    def convert_graphic(self, data: bytes, suffix: str, mime: str = "image/png", *, timeout_s: float | None = None) -> bytes:
        """Render a picture (WMF, EMF, PNG…) to ``mime`` through LibreOffice's graphic filters (no Draw needed)."""
        ext = {"image/png": ".png", "image/x-wmf": ".wmf", "image/x-emf": ".emf", "image/svg+xml": ".svg"}.get(mime, ".out")
        with tempfile.TemporaryDirectory(prefix="qbank-pic-") as tmp:
            src = Path(tmp) / f"in{suffix}"
            dst = Path(tmp) / f"out{ext}"
            src.write_bytes(data)
            self._request({"op": "graphic", "src": str(src), "dst": str(dst), "mime": mime}, f"a {suffix} picture", timeout_s)
            if not dst.exists() or dst.stat().st_size == 0:
                raise ConversionError(f"LibreOffice did not render the {suffix} picture")
            return dst.read_bytes()

    def graphic_to_png(self, data: bytes, suffix: str, *, timeout_s: float | None = None) -> bytes:
        """Render a picture (WMF, EMF…) to PNG; a picture LibreOffice cannot read is an error, not an empty PNG."""
        png = self.convert_graphic(data, suffix, "image/png", timeout_s=timeout_s)
        # An unreadable picture comes back as a bare PNG signature: check for a real image header.
        if len(png) < 33 or png[12:16] != b"IHDR" or 0 in struct.unpack(">II", png[16:24]):
            raise ConversionError(f"LibreOffice could not read the {suffix} picture")
        return png


def _tiny_docx() -> bytes:
    import io
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    m = "http://schemas.openxmlformats.org/officeDocument/2006/math"  # an equation loads the Math module too
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
        ' Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0"?><w:document xmlns:w="{w}" xmlns:m="{m}"><w:body><w:p><w:r><w:t>Câu 1.</w:t>'
        "</w:r><m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></w:p></w:body></w:document>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


def batch_convert_cli(paths: Sequence[Path], out_dir: Path, target: str, *, timeout: float = 180.0) -> list[Path]:
    """Fallback without UNO: one ``soffice --convert-to`` call for the whole batch, own profile."""
    exe = soffice_path()
    if exe is None:
        raise LibreOfficeMissing(INSTALL_HINT)
    if not paths:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="qbank-lo-"))
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
    cmd = [
        exe,
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        *[str(p) for p in paths],
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_limit_child(DEFAULT_MEMORY_MB),  # noqa: PLW1509
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise ConversionError(f"LibreOffice did not finish converting {len(paths)} file(s) within {timeout:.0f} s") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = "." + target.split(":", 1)[0]
    made = [out_dir / (Path(p).stem + ext) for p in paths]
    missing = [p.name for p in made if not p.exists()]
    if missing:
        detail = (err or out).decode("utf-8", "replace").strip()[-300:]
        raise ConversionError(f"LibreOffice did not produce {', '.join(missing)}: {detail}")
    return made
